// The upload scenario's request body, built once: a valid PDF of an exact size (the API decides a file's type
// by its content) and the multipart/form-data envelope around it. The file's bytes are one Buffer shared by
// every request; only the envelope's few hundred bytes are per request.

/** The parts of a multipart/form-data body: `head`, then the file's bytes, then `tail`. */
export type MultipartEnvelope = {
  contentType: string;
  head: Buffer;
  tail: Buffer;
  /** head + file + tail, for Content-Length. */
  contentLength: number;
};

/**
 * The envelope of one file part after some text fields (fields first: the public upload route reads the
 * receipt number and access code before any file). `boundary` must not occur in the file (a random one of
 * 24+ characters does not, in practice).
 */
export function multipartEnvelope(args: {
  boundary: string;
  fields?: Readonly<Record<string, string>>;
  fileField: string;
  filename: string;
  fileContentType: string;
  fileBytes: number;
}): MultipartEnvelope {
  if (!/^[0-9A-Za-z'()+_,.\-/:=?]{1,70}$/.test(args.boundary)) {
    throw new Error(`Not a valid multipart boundary: ${args.boundary}`);
  }
  const quoted = (value: string) => value.replace(/["\r\n\\]/g, '_');
  let head = '';
  for (const [name, value] of Object.entries(args.fields ?? {})) {
    head +=
      `--${args.boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n` + `${value}\r\n`;
  }
  head +=
    `--${args.boundary}\r\n` +
    `Content-Disposition: form-data; name="${quoted(args.fileField)}"; filename="${quoted(args.filename)}"\r\n` +
    `Content-Type: ${args.fileContentType}\r\n\r\n`;
  const headBytes = Buffer.from(head, 'utf8');
  const tail = Buffer.from(`\r\n--${args.boundary}--\r\n`, 'utf8');
  return {
    contentType: `multipart/form-data; boundary=${args.boundary}`,
    head: headBytes,
    tail,
    contentLength: headBytes.length + args.fileBytes + tail.length,
  };
}

/**
 * A valid one-page PDF (blank A4) of exactly `bytes` bytes: catalog, pages, page, and a content stream
 * padded with spaces (whitespace is a valid content stream) to the size asked, with a correct cross-reference
 * table. Starts with `%PDF-1.4`, which is what the API's content sniffing recognises.
 */
export function paddedPdf(bytes: number): Buffer {
  const header = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  const layout = (streamLength: number) => {
    let before = header;
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(Buffer.byteLength(before, 'latin1'));
      before += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    offsets.push(Buffer.byteLength(before, 'latin1'));
    before += `${objects.length + 1} 0 obj\n<< /Length ${streamLength} >>\nstream\n`;
    const streamStart = Buffer.byteLength(before, 'latin1');
    const afterStream = '\nendstream\nendobj\n';
    const xrefAt = streamStart + streamLength + afterStream.length;
    const entry = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n \n`;
    const after =
      afterStream +
      `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map(entry).join('')}` +
      `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    return { before, after, total: streamStart + streamLength + Buffer.byteLength(after, 'latin1') };
  };
  // The lengths written in the file (the stream's, the offsets) change the file's length by a digit at most:
  // a few rounds settle it.
  let streamLength = 0;
  for (let round = 0; round < 8; round++) {
    const { before, after, total } = layout(streamLength);
    if (total === bytes) {
      const pdf = Buffer.alloc(bytes, 0x20);
      pdf.write(before, 0, 'latin1');
      pdf.write(after, bytes - Buffer.byteLength(after, 'latin1'), 'latin1');
      return pdf;
    }
    streamLength = Math.max(0, streamLength + bytes - total);
  }
  throw new Error(`Cannot make a PDF of exactly ${bytes} bytes`);
}
