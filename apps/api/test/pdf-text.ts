import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// pdfjs-dist is an ES module, which jest's CommonJS runtime cannot load: read the text in a child Node process.
const EXTRACT_TEXT = `
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const pdf = await getDocument({ data: new Uint8Array(readFileSync(process.argv[1])), isEvalSupported: false }).promise;
let text = '';
for (let n = 1; n <= pdf.numPages; n++) {
  const content = await (await pdf.getPage(n)).getTextContent();
  text += content.items.map((item) => ('str' in item ? item.str : '') + (item.hasEOL ? '\\n' : '')).join('') + '\\f';
}
process.stdout.write(text);
`;

/**
 * The PDF's text with all white space removed (pdfkit wraps lines anywhere in Japanese text, and URLs
 * anywhere), read by pdfjs in a child process from a scratch file that is removed afterwards.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await rawText(pdf)).replace(/\s+/g, '');
}

/** Each page's text, white space removed as in pdfText (pages end with a form feed in the raw text). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  return (await rawText(pdf))
    .split('\f')
    .slice(0, -1)
    .map((page) => page.replace(/\s+/g, ''));
}

async function rawText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', EXTRACT_TEXT, file], {
      cwd: path.join(__dirname, '..'),
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
