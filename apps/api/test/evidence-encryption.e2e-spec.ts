// Evidence at rest is encrypted (issue 17 item 1): every original and derived copy is stored encrypted under a
// content key of its own, wrapped under the active data key; a file stored before encryption is still served and
// is rewritten by keys.reencrypt; after a KEK rotation the job moves the files to the new data key, and the old
// one retires only once no file needs it.
import { writeFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import { DataKeysRepository } from '../src/common/crypto/data-keys.repository';
import { parseKek } from '../src/common/crypto/key-encryption-key';
import { STREAM_MAGIC } from '../src/common/crypto/stream-cipher';
import { KeysService } from '../src/modules/keys/keys.service';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { caseWithStaffUpload } from './evidence-cases';
import { expectEncryptedAtRest } from './evidence-at-rest';
import { SAMPLES } from './fixtures/evidence-samples';
import { createTestApp, TEST_KEK, type TestApp } from './test-app';

jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let dir: string;
let counselor: StaffSession;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-evidence-encryption-'));
  t = await createTestApp({ EVIDENCE_DIR: dir });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.close();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The data key id named in a stored file's header. */
function headerKeyId(file: string): string {
  const stored = readFileSync(file);
  expect(stored.subarray(0, 4).equals(STREAM_MAGIC)).toBe(true);
  const length = stored[5] ?? 0;
  return stored.subarray(6, 6 + length).toString('ascii');
}

async function upload(app: TestApp, data: Buffer, name: string) {
  const { caseId, fileId } = await caseWithStaffUpload(app, counselor, data, name);
  return { caseId, fileId, file: path.join(dir, caseId, fileId) };
}

const dataKeyOf = async (fileId: string) =>
  (await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId }, select: { dataKeyId: true } })).dataKeyId;

it('stores an upload encrypted under the active data key and records that key with the file', async () => {
  const pdf = SAMPLES.pdf;
  const { caseId, fileId, file } = await upload(t, pdf, 'letter.pdf');
  await expectEncryptedAtRest(t, file, { caseId, fileId }, pdf);
  expect(await dataKeyOf(fileId)).toBe(headerKeyId(file));
});

it('serves a file stored in clear before encryption, and keys.reencrypt encrypts it in place', async () => {
  const pdf = SAMPLES.pdf;
  const { caseId, fileId, file } = await upload(t, pdf, 'before.pdf');
  // As a file stored before this release: clear bytes, no data key recorded.
  writeFileSync(file, pdf);
  await db.evidenceFile.update({ where: { id: fileId }, data: { dataKeyId: null } });
  await db.evidenceFile.update({ where: { id: fileId }, data: { scanState: 'clean' } });
  const served = await t.http
    .get(`/api/v1/cases/${caseId}/evidence/${fileId}/content`)
    .set(counselor.headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect((served.body as Buffer).equals(pdf)).toBe(true);

  const result = await t.app.get(KeysService).reencryptAll();
  expect(result.files).toMatchObject({ failed: 0 });
  expect(result.files.encrypted).toBeGreaterThanOrEqual(1);
  await expectEncryptedAtRest(t, file, { caseId, fileId }, pdf);
  expect(await dataKeyOf(fileId)).toBe(headerKeyId(file));
  // A second run finds nothing left to do.
  expect((await t.app.get(KeysService).reencryptAll()).files).toEqual({ encrypted: 0, moved: 0, failed: 0 });
});

it('after a KEK rotation moves every file to the new data key, and retires the old one only then', async () => {
  const data = randomBytes(200_000);
  const text = Buffer.concat([Buffer.from('Subject: evidence\n\n'), Buffer.from(data.toString('base64'))]);
  const { caseId, fileId, file } = await upload(t, text, 'mail.txt');
  const oldKey = headerKeyId(file);

  const newKekText = randomBytes(32).toString('base64');
  const rotation = await new DataKeysRepository(db).rewrapAll({
    current: parseKek(TEST_KEK, 'TEST_KEK'),
    next: parseKek(newKekText, 'new'),
  });
  expect(rotation.newDataKeyId).not.toBeNull();
  expect(rotation.newDataKeyId).not.toBe(oldKey);

  const restarted = await createTestApp({ MADOGUCHI_KEK: newKekText, EVIDENCE_DIR: dir });
  try {
    // Still readable under the old data key (re-wrapped under the new KEK) before the job runs.
    await expectEncryptedAtRest(restarted, file, { caseId, fileId }, text);
    const result = await restarted.app.get(KeysService).reencryptAll();
    expect(result.files).toMatchObject({ failed: 0 });
    expect(result.files.moved).toBeGreaterThanOrEqual(2);
    expect(result.retired).toContain(oldKey);
    expect(headerKeyId(file)).toBe(rotation.newDataKeyId);
    expect(await dataKeyOf(fileId)).toBe(rotation.newDataKeyId);
    await expectEncryptedAtRest(restarted, file, { caseId, fileId }, text);
  } finally {
    await restarted.close();
  }
});
