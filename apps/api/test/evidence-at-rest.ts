import { readFileSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { STREAM_MAGIC } from '../src/common/crypto/stream-cipher';
import { EvidenceStore, type EvidenceKey } from '../src/modules/evidence/evidence-store';
import type { TestApp } from './test-app';

/**
 * What the filesystem store holds at `file` is the encrypted form of `plain` (issue 17): it starts with the
 * stream cipher's header and holds no run of the original's bytes; read through the app's store it is `plain`,
 * byte for byte.
 */
export async function expectEncryptedAtRest(
  t: TestApp,
  file: string,
  key: EvidenceKey,
  plain: Buffer,
): Promise<void> {
  const stored = readFileSync(file);
  expect(stored.subarray(0, STREAM_MAGIC.length).equals(STREAM_MAGIC)).toBe(true);
  for (let at = 0; at + 24 <= plain.length; at += Math.max(24, Math.floor(plain.length / 16))) {
    expect(stored.includes(plain.subarray(at, at + 24))).toBe(false);
  }
  const read = await buffer(await t.app.get(EvidenceStore).open(key));
  expect(read.equals(plain)).toBe(true);
}
