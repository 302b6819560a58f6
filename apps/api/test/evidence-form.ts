import { randomBytes } from 'node:crypto';

/**
 * A multipart/form-data body as a string (text fields and text files only), for tables of calls that send a body
 * and a content type; binary files go through supertest's attach().
 */
export function multipartText(
  fields: Record<string, string>,
  files: { name: string; text: string }[],
): { body: string; contentType: string } {
  const boundary = `madoguchi-${randomBytes(8).toString('hex')}`;
  const parts = [
    ...Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
    ...files.map(
      (file) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: text/plain\r\n\r\n${file.text}\r\n`,
    ),
  ];
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
