import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { DecryptStream, EncryptStream } from '../../common/crypto/stream-cipher';
import { EncryptingEvidenceStore } from './encrypting-evidence-store';
import { FsEvidenceStore } from './fs-evidence-store';

const keyring = {
  activeId: '7d7c1a52-0000-4000-8000-000000000001',
  keys: new Map([['7d7c1a52-0000-4000-8000-000000000001', randomBytes(32)]]),
};
const crypto = {
  activeDataKeyId: keyring.activeId,
  encryptStream: (location) => new EncryptStream(keyring, location),
  decryptStream: (location) => new DecryptStream(async () => keyring, location),
} as Pick<FieldCrypto, 'activeDataKeyId' | 'encryptStream' | 'decryptStream'> as FieldCrypto;
const key = {
  caseId: '1c0c7b0e-0000-4000-8000-000000000001',
  fileId: '1c0c7b0e-0000-4000-8000-000000000002',
};

let dir: string;
let store: EncryptingEvidenceStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-encrypting-store-'));
  store = new EncryptingEvidenceStore(new FsEvidenceStore(dir), crypto);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('writes through the cipher and reads back the same bytes', async () => {
  const plain = randomBytes(300_000);
  await store.put(key, Readable.from([plain]));
  expect(store.dataKeyId).toBe(keyring.activeId);
  expect((await buffer(await store.open(key))).equals(plain)).toBe(true);
});

it('rejects a refused body with its error and keeps nothing, without an unhandled rejection (which would stop the API)', () => {
  // In a process of its own: jest intercepts unhandled rejections, Node's default stops the process.
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, '../../../test/fixtures/encrypting-store-refused-put.ts')],
    { encoding: 'utf8', timeout: 30_000 },
  );
  expect({ status: child.status, stderr: child.stderr.split('\n').slice(0, 3) }).toEqual({
    status: 0,
    stderr: [''],
  });
  expect(JSON.parse(child.stdout)).toEqual({ fed: 'rejected', put: 'refused by the inspector', left: [] });
});
