import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import type { FieldLocation, Keyring } from './field-cipher';
import { DecryptStream, EncryptStream, SEGMENT_BYTES, STREAM_MAGIC } from './stream-cipher';

const keyring: Keyring = {
  activeId: '2b1f0c3e-0000-4000-8000-000000000001',
  keys: new Map([['2b1f0c3e-0000-4000-8000-000000000001', randomBytes(32)]]),
};
const here: FieldLocation = { table: 'evidence_files', column: 'blob', rowId: 'case-1/file-1' };

/** Feeds `data` in chunks of `chunk` bytes through the transform and collects what comes out. */
async function through(stream: EncryptStream | DecryptStream, data: Buffer, chunk = 7_919): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunk) {
    parts.push(data.subarray(at, at + chunk));
  }
  const [, out] = await Promise.all([pipeline(Readable.from(parts), stream), buffer(stream)]);
  return out;
}

const encrypt = (data: Buffer, location = here) => through(new EncryptStream(keyring, location), data);
const decrypt = (data: Buffer, location = here, chunk?: number) =>
  through(new DecryptStream(async () => keyring, location), data, chunk);

describe('files encrypted as they stream', () => {
  it.each([0, 1, 15, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES, 1_000_003])(
    'reads back %i bytes unchanged, and the stored bytes hold none of them in clear',
    async (size) => {
      const plain = randomBytes(size);
      const sealed = await encrypt(plain);
      expect(sealed.subarray(0, 4)).toEqual(STREAM_MAGIC);
      if (size >= 32) {
        expect(sealed.includes(plain.subarray(0, 32))).toBe(false);
      }
      expect(await decrypt(sealed)).toEqual(plain);
      // However the stored bytes arrive.
      expect(await decrypt(sealed, here, 1_024 * 1_024)).toEqual(plain);
      expect(await decrypt(sealed, here, 3)).toEqual(plain);
    },
  );

  it('reads a file stored before encryption as it is', async () => {
    const legacy = Buffer.from('%PDF-1.7 stored before encryption');
    expect(await decrypt(legacy)).toEqual(legacy);
    expect(await decrypt(Buffer.from('ab'))).toEqual(Buffer.from('ab'));
  });

  it('fails, never reads short, when the file was cut, altered or moved to another file', async () => {
    const plain = randomBytes(3 * SEGMENT_BYTES + 100);
    const sealed = await encrypt(plain);
    const header = sealed.length - (plain.length + 4 * 16);
    // Cut at a segment boundary: every remaining segment authenticates, but none says it is the last.
    const cut = sealed.subarray(0, header + 2 * (SEGMENT_BYTES + 16));
    await expect(decrypt(cut)).rejects.toThrow(/authentication failed/);
    await expect(decrypt(sealed.subarray(0, 20))).rejects.toThrow(/cut short/);
    const altered = Buffer.from(sealed);
    altered[header + 10] = (altered[header + 10] ?? 0) ^ 1;
    await expect(decrypt(altered)).rejects.toThrow(/authentication failed/);
    await expect(decrypt(sealed, { ...here, rowId: 'case-1/file-2' })).rejects.toThrow(
      /authentication failed/,
    );
  });

  it('names the data key its content key is wrapped under, and needs it to read', async () => {
    const stream = new EncryptStream(keyring, here);
    expect(stream.dataKeyId).toBe(keyring.activeId);
    const sealed = await through(stream, Buffer.from('evidence'));
    const other: Keyring = { activeId: 'x', keys: new Map() };
    await expect(through(new DecryptStream(async () => other, here), sealed)).rejects.toThrow(
      /not available/,
    );
  });
});
