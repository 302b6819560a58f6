import { multipartEnvelope, paddedPdf } from './multipart';

describe('paddedPdf', () => {
  it.each([600, 4_100, 100_000, 5 * 1024 * 1024])('is a PDF of exactly %i bytes', (bytes) => {
    const pdf = paddedPdf(bytes);
    expect(pdf.length).toBe(bytes);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);

    // startxref points at the cross-reference table, whose entries point at their objects.
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(xrefAt, xrefAt + 5)).toBe('xref\n');
    const entries = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(4);
    entries.forEach((offset, i) => expect(text.slice(offset).startsWith(`${i + 1} 0 obj\n`)).toBe(true));

    // The content stream's /Length is the distance from "stream\n" to "\nendstream".
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)![1]);
    const start = text.indexOf('stream\n', entries[3]) + 'stream\n'.length;
    expect(text.slice(start + length, start + length + '\nendstream'.length)).toBe('\nendstream');
  });

  it('refuses a size too small for the document itself', () => {
    expect(() => paddedPdf(100)).toThrow(/exactly 100 bytes/);
  });
});

describe('multipartEnvelope', () => {
  it('wraps the file so that a multipart parser reads back the fields and the exact bytes', async () => {
    const file = paddedPdf(10_000);
    const envelope = multipartEnvelope({
      boundary: 'bench-0123456789abcdef',
      fields: { receiptNumber: 'R-2026-000001', accessCode: 'abcd-efgh' },
      fileField: 'file',
      filename: 'evidence.pdf',
      fileContentType: 'application/pdf',
      fileBytes: file.length,
    });
    const body = Buffer.concat([envelope.head, file, envelope.tail]);
    expect(envelope.contentLength).toBe(body.length);

    const form = await new Response(body, { headers: { 'content-type': envelope.contentType } }).formData();
    expect(form.get('receiptNumber')).toBe('R-2026-000001');
    expect(form.get('accessCode')).toBe('abcd-efgh');
    // Fields come before the file, as the public upload route needs.
    expect([...form.keys()]).toEqual(['receiptNumber', 'accessCode', 'file']);
    const part = form.get('file') as File;
    expect(part.name).toBe('evidence.pdf');
    expect(part.type).toBe('application/pdf');
    expect(Buffer.from(await part.arrayBuffer()).equals(file)).toBe(true);
  });

  it('refuses a boundary a parser could not find', () => {
    expect(() =>
      multipartEnvelope({
        boundary: 'has space',
        fileField: 'file',
        filename: 'a.pdf',
        fileContentType: 'application/pdf',
        fileBytes: 1,
      }),
    ).toThrow(/boundary/);
  });
});
