// The text of a PDF the app made (a letter, a report), as a window or a supervisor would read it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const runNode = promisify(execFile);

// pdfjs-dist is an ES module: it runs in a child Node process (as the API's report tests do).
const EXTRACT_TEXT = `
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const pdf = await getDocument({ data: new Uint8Array(readFileSync(process.argv[1])), isEvalSupported: false }).promise;
let text = '';
for (let n = 1; n <= pdf.numPages; n++) {
  const content = await (await pdf.getPage(n)).getTextContent();
  text += content.items.map((item) => ('str' in item ? item.str : '')).join('') + '\\n';
}
process.stdout.write(text);
`;

/** The PDF's text with all white space removed (pdfkit wraps a URL, a hash or a line anywhere). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-pdf-'));
  try {
    const file = path.join(dir, 'file.pdf');
    await writeFile(file, pdf);
    const { stdout } = await runNode(process.execPath, ['--input-type=module', '-e', EXTRACT_TEXT, file], {
      cwd: path.join(__dirname, '..', '..', '..', 'api'),
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.replace(/\s+/g, '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
