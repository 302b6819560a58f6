// Virus scanning of evidence with a real clamd (started here with signatures made for the tests): a clean file
// becomes openable; EICAR and our custom signature are quarantined and never served, the case saying why; with
// the scanner stopped files stay pending (and unopenable) and are scanned once it is back. Without clamd these
// tests are skipped with the reason printed, unless MADOGUCHI_REQUIRE_CLAMD=1 (CI), which makes a skip a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZApiErrorBody,
  ZCaseEvidence,
  ZEvidenceUploadReply,
  type TCaseCreateInput,
  type TCaseCreated,
} from '@madoguchi/shared';
import { ClamdScanner } from '../src/modules/evidence/clamd-scanner';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { CUSTOM_SIGNATURE_TEXT, EICAR, findClamd, TestClamd } from './clamd-test';
import { photoWithGps } from './evidence-images';
import { SAMPLES } from './fixtures/evidence-samples';
import { createJobsTestApp, eventually } from './jobs-test';
import type { TestApp } from './test-app';

jest.setTimeout(120_000);

const found = findClamd();
if ('missing' in found) {
  if (process.env.MADOGUCHI_REQUIRE_CLAMD === '1') {
    throw new Error(`MADOGUCHI_REQUIRE_CLAMD=1 but the scanner tests cannot run: ${found.missing}`);
  }
  console.warn(`Skipping the evidence scanner tests: ${found.missing}`);
}
const describeWithClamd = 'bin' in found ? describe : describe.skip;

describeWithClamd('evidence scanning with clamd', () => {
  let clamd: TestClamd;
  let t: TestApp;
  let db: DbClient;
  let counselor: StaffSession;
  let dir: string;

  beforeAll(async () => {
    clamd = new TestClamd((found as { bin: string }).bin);
    await clamd.start();
    dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-evidence-scan-'));
    t = await createJobsTestApp({
      EVIDENCE_DIR: dir,
      CLAMD_ADDRESS: clamd.address,
      CLAMD_TIMEOUT_MS: '5000',
      EVIDENCE_SCAN_RETRY_BASE_SECONDS: '1',
      EVIDENCE_SCAN_RETRY_MAX_SECONDS: '2',
    });
    db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
    counselor = await staffHeaders(t, 'counselor');
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.close();
    await clamd?.dispose();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function caseWith(files: { name: string; data: Buffer }[]) {
    const created = await t.http
      .post('/api/v1/cases')
      .set(counselor.headers)
      .send({ description: '電話相談:届いたファイルを預かる。' } satisfies TCaseCreateInput)
      .expect(201);
    const caseId = (created.body as TCaseCreated).case.id;
    let req = t.http.post(`/api/v1/cases/${caseId}/evidence`).set(counselor.headers);
    for (const file of files) {
      req = req.attach('file', file.data, file.name);
    }
    const reply = ZEvidenceUploadReply.parse((await req.expect(201)).body);
    return { caseId, ids: reply.files.map((f) => f.id) };
  }

  /** The file's row once its scan state is no longer pending. */
  function scanned(id: string) {
    return eventually(async () => {
      const row = await db.evidenceFile.findUniqueOrThrow({ where: { id } });
      return row.scanState === 'pending' ? undefined : row;
    });
  }

  const open = (caseId: string, id: string) =>
    t.http.get(`/api/v1/cases/${caseId}/evidence/${id}/content`).set(counselor.headers);

  it('speaks INSTREAM: OK for a clean stream, the signature for EICAR', async () => {
    const scanner = new ClamdScanner(clamd.address, 5_000);
    const { Readable } = await import('node:stream');
    expect(await scanner.scan(Readable.from([Buffer.from('hello')]))).toEqual({ result: 'clean' });
    expect(await scanner.scan(Readable.from([Buffer.from(EICAR)]))).toEqual({
      result: 'infected',
      signature: expect.stringContaining('Eicar-Test-Signature'),
    });
  });

  it('scans a clean file, which staff can then open; quarantines EICAR and the custom signature', async () => {
    const { caseId, ids } = await caseWith([
      { name: 'screen.png', data: SAMPLES.png },
      { name: 'eicar.txt', data: Buffer.from(EICAR) },
      { name: 'note.txt', data: Buffer.from(`見てください ${CUSTOM_SIGNATURE_TEXT} 以上`) },
    ]);
    const [clean, eicar, custom] = await Promise.all(ids.map((id) => scanned(id)));
    expect(clean).toMatchObject({ scanState: 'clean', scanDetail: null });
    expect(eicar).toMatchObject({
      scanState: 'infected',
      scanDetail: expect.stringContaining('Eicar-Test-Signature'),
    });
    expect(custom).toMatchObject({
      scanState: 'infected',
      scanDetail: expect.stringContaining('Madoguchi.Test.Custom'),
    });

    await open(caseId, clean!.id).expect(200);
    // Quarantined: never served, and the case says why.
    const refused = ZApiErrorBody.parse((await open(caseId, eicar!.id).expect(409)).body);
    expect(refused.details).toMatchObject({ reason: 'evidence_not_clean', scanState: 'infected' });
    await open(caseId, custom!.id).expect(409);
    const list = ZCaseEvidence.parse(
      (await t.http.get(`/api/v1/cases/${caseId}/evidence`).set(counselor.headers).expect(200)).body,
    );
    expect(list.scannerConfigured).toBe(true);
    const shown = list.files.map((f) => [f.name, f.scanState, f.unavailableReason?.ja ?? null]);
    expect(shown.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['eicar.txt', 'infected', expect.stringContaining('隔離しました')],
      ['note.txt', 'infected', expect.stringContaining('Madoguchi.Test.Custom')],
      ['screen.png', 'clean', null],
    ]);
    const downloads = await db.auditLog.count({ where: { caseId, action: 'evidence.download' } });
    expect(downloads).toBe(1);
  });

  it('makes preview copies of an image once it is scanned clean, and none of an infected image', async () => {
    const photo = await photoWithGps();
    // The same photo with our test signature appended: still a JPEG, but infected.
    const tainted = Buffer.concat([photo, Buffer.from(CUSTOM_SIGNATURE_TEXT)]);
    const { ids } = await caseWith([
      { name: 'photo.jpg', data: photo },
      { name: 'tainted.jpg', data: tainted },
    ]);
    const [clean, infected] = await Promise.all(ids.map((id) => scanned(id)));
    expect([clean!.scanState, infected!.scanState]).toEqual(['clean', 'infected']);
    // The clean verdict queued the job that makes them.
    const ready = await eventually(async () => {
      const row = await db.evidenceFile.findUniqueOrThrow({ where: { id: clean!.id } });
      return row.previewState === 'ready' ? row : undefined;
    });
    expect(ready).toMatchObject({ sha256: clean!.sha256, scanState: 'clean' });
    expect(await db.evidenceDerivative.count({ where: { fileId: clean!.id } })).toBe(2);
    expect(await db.evidenceDerivative.count({ where: { fileId: infected!.id } })).toBe(0);
    expect((await db.evidenceFile.findUniqueOrThrow({ where: { id: infected!.id } })).previewState).toBe(
      'pending',
    );
  });

  it('keeps files pending and unopenable while the scanner is down, and scans them when it is back', async () => {
    await clamd.stop();
    try {
      const { caseId, ids } = await caseWith([{ name: 'later.pdf', data: SAMPLES.pdf }]);
      const id = ids[0]!;
      // At least one attempt failed to reach clamd; the file waits as pending.
      const waiting = await eventually(async () => {
        const row = await db.evidenceFile.findUniqueOrThrow({ where: { id } });
        return row.scanAttempts >= 1 ? row : undefined;
      });
      expect(waiting.scanState).toBe('pending');
      expect(waiting.scanDetail).toContain('clamd');
      const refused = ZApiErrorBody.parse((await open(caseId, id).expect(409)).body);
      expect(refused.details).toMatchObject({ reason: 'evidence_not_clean', scanState: 'pending' });

      await clamd.start();
      expect(await scanned(id)).toMatchObject({ scanState: 'clean' });
      await open(caseId, id).expect(200);
    } finally {
      await clamd.start().catch(() => undefined);
    }
  });
});
