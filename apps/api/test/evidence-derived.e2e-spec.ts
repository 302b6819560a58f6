// Derived copies of evidence images for viewing: made after a clean scan (here the scan's verdict is set in the
// database, as the scan leaves it; the scan itself queueing the job: evidence-scan.e2e-spec.ts), upright, small and
// without EXIF/GPS, stored next to the original with their own hashes; the original, its hash and its scan state
// never change. Bombs and corrupt images fail cleanly with the reason, HEIC has no preview, and nothing is ever
// derived from a file that is not clean.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createDbClient, type DbClient } from '@madoguchi/db';
import { ZCaseEvidence, type TStaffEvidenceFile } from '@madoguchi/shared';
import { EvidencePreviewService } from '../src/modules/evidence/evidence-preview.service';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { caseWithStaffUpload } from './evidence-cases';
import { expectEncryptedAtRest } from './evidence-at-rest';
import { CORRUPT_JPEG, hasGpsIfd, photoWithGps, pngDeclaring } from './evidence-images';
import { SAMPLES } from './fixtures/evidence-samples';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let dir: string;
let previews: EvidencePreviewService;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-evidence-derived-'));
  t = await createTestApp({ EVIDENCE_DIR: dir });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
  previews = t.app.get(EvidencePreviewService);
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.close();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A case with one file uploaded by the counselor; `scan` sets the verdict as the virus scan leaves it. */
async function caseWithFile(name: string, data: Buffer, scan: 'clean' | 'infected' | 'pending' = 'clean') {
  const { caseId, fileId } = await caseWithStaffUpload(t, counselor, data, name);
  if (scan !== 'pending') {
    await db.evidenceFile.update({
      where: { id: fileId },
      data: { scanState: scan, scanDetail: scan === 'infected' ? 'Eicar-Test-Signature' : null },
    });
  }
  return { caseId, fileId };
}

function binary(pathname: string) {
  return t.http
    .get(pathname)
    .set(counselor.headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

const preview = (caseId: string, fileId: string, kind: string) =>
  binary(`/api/v1/cases/${caseId}/evidence/${fileId}/preview/${kind}`);

async function listed(caseId: string, fileId: string): Promise<TStaffEvidenceFile> {
  const res = await t.http.get(`/api/v1/cases/${caseId}/evidence`).set(counselor.headers).expect(200);
  return ZCaseEvidence.parse(res.body).files.find((f) => f.id === fileId)!;
}

describe('preview copies of a clean photo', () => {
  it('are upright, at most 1600 / 320 px, without EXIF or GPS, with their own hashes; the original is unchanged', async () => {
    const photo = await photoWithGps();
    const { caseId, fileId } = await caseWithFile('IMG_0001.jpg', photo);
    expect((await listed(caseId, fileId)).previewState).toBe('pending');
    await preview(caseId, fileId, 'view').expect(404);

    await previews.derive(fileId);

    expect(await listed(caseId, fileId)).toMatchObject({ previewState: 'ready', previewReason: null });
    const view = await preview(caseId, fileId, 'view').expect(200);
    expect(view.headers['content-type']).toBe('image/webp');
    expect(view.headers['cache-control']).toBe('no-store');
    expect(view.headers['content-security-policy']).toContain('sandbox');
    const viewMeta = await sharp(view.body as Buffer).metadata();
    // Taken sideways (EXIF orientation 6, 3000 × 2000): shown upright as a portrait.
    expect([viewMeta.width, viewMeta.height]).toEqual([1067, 1600]);
    expect(viewMeta.exif).toBeUndefined();
    expect(viewMeta.icc).toBeUndefined();
    expect(viewMeta.orientation).toBeUndefined();
    expect(hasGpsIfd(viewMeta.exif)).toBe(false);

    const thumb = await preview(caseId, fileId, 'thumb').expect(200);
    const thumbMeta = await sharp(thumb.body as Buffer).metadata();
    expect(Math.max(thumbMeta.width, thumbMeta.height)).toBeLessThanOrEqual(320);
    expect(thumbMeta.exif).toBeUndefined();

    // Recorded as derived, each with the hash of its own bytes (not the original's).
    const rows = await db.evidenceDerivative.findMany({ where: { fileId }, orderBy: { kind: 'asc' } });
    expect(rows.map((r) => [r.kind, r.sha256, r.sizeBytes, r.storageKey])).toEqual([
      ['view', sha256(view.body as Buffer), (view.body as Buffer).length, `${caseId}/${fileId}.view`],
      ['thumb', sha256(thumb.body as Buffer), (thumb.body as Buffer).length, `${caseId}/${fileId}.thumb`],
    ]);
    expect(rows.map((r) => r.sha256)).not.toContain(sha256(photo));
    // Next to the original in the case's directory, so the case's files are listed (and shredded) together.
    expect(readdirSync(path.join(dir, caseId)).sort()).toEqual(
      [fileId, `${fileId}.thumb`, `${fileId}.view`].sort(),
    );

    // The original: byte for byte as received, its hash and scan state untouched, still the download.
    await expectEncryptedAtRest(t, path.join(dir, caseId, fileId), { caseId, fileId }, photo);
    const file = await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } });
    expect(file).toMatchObject({ sha256: sha256(photo), sizeBytes: photo.length, scanState: 'clean' });
    const original = await binary(`/api/v1/cases/${caseId}/evidence/${fileId}/content`).expect(200);
    expect((original.body as Buffer).equals(photo)).toBe(true);
    expect(hasGpsIfd((await sharp(original.body as Buffer).metadata()).exif)).toBe(true);

    // Looking at the view copy is audited as such; the blurred thumb counts as a view of the case.
    const audit = await db.auditLog.findMany({ where: { caseId, action: 'evidence.preview' } });
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: counselor.user.id,
        entityId: fileId,
        meta: expect.objectContaining({ kind: 'view' }),
      }),
    ]);
  });

  it('made again (a job retried after a crash) keep one row per kind and the same files', async () => {
    const { caseId, fileId } = await caseWithFile(
      'screen.png',
      await sharp({
        create: { width: 800, height: 600, channels: 3, background: { r: 10, g: 120, b: 10 } },
      })
        .png()
        .toBuffer(),
    );
    await previews.derive(fileId);
    // As if the process died after writing, before the job was marked done: the job runs again.
    await db.evidenceFile.update({ where: { id: fileId }, data: { previewState: 'pending' } });
    await previews.derive(fileId);
    await previews.derive(fileId);
    expect(await db.evidenceDerivative.count({ where: { fileId } })).toBe(2);
    expect(readdirSync(path.join(dir, caseId)).sort()).toEqual(
      [fileId, `${fileId}.thumb`, `${fileId}.view`].sort(),
    );
    expect((await listed(caseId, fileId)).previewState).toBe('ready');
  });
});

describe('images without a preview', () => {
  it('a PNG declaring 100000 × 100000 pixels fails with the reason; the original is kept and downloadable', async () => {
    const bomb = pngDeclaring(100_000, 100_000);
    const { caseId, fileId } = await caseWithFile('bomb.png', bomb);
    await previews.derive(fileId);
    const file = await listed(caseId, fileId);
    expect(file).toMatchObject({
      previewState: 'failed',
      scanState: 'clean',
      sha256: sha256(bomb),
      previewReason: {
        ja: '画像が大きすぎるため表示用の縮小版を作れません',
        en: 'Too many pixels for a preview',
      },
    });
    await preview(caseId, fileId, 'view').expect(404);
    await preview(caseId, fileId, 'thumb').expect(404);
    const original = await binary(`/api/v1/cases/${caseId}/evidence/${fileId}/content`).expect(200);
    expect((original.body as Buffer).equals(bomb)).toBe(true);
    expect(await db.evidenceDerivative.count({ where: { fileId } })).toBe(0);
  });

  it('a corrupt JPEG fails as unreadable', async () => {
    const { caseId, fileId } = await caseWithFile('broken.jpg', CORRUPT_JPEG);
    await previews.derive(fileId);
    expect(await listed(caseId, fileId)).toMatchObject({
      previewState: 'failed',
      scanState: 'clean',
      previewReason: { ja: '画像を読み取れません', en: 'The image could not be read' },
    });
    await preview(caseId, fileId, 'view').expect(404);
  });

  it('HEIC is kept as the original only, with "no preview"; the preview route answers 404', async () => {
    const { caseId, fileId } = await caseWithFile('IMG_0002.HEIC', SAMPLES.heic);
    // Known from the upload on: no job is needed to say so.
    expect(await listed(caseId, fileId)).toMatchObject({
      previewState: 'none',
      previewReason: {
        ja: expect.stringContaining('プレビューなし'),
        en: expect.stringContaining('No preview'),
      },
    });
    await previews.derive(fileId);
    expect((await listed(caseId, fileId)).previewState).toBe('none');
    await preview(caseId, fileId, 'view').expect(404);
    await preview(caseId, fileId, 'thumb').expect(404);
    await binary(`/api/v1/cases/${caseId}/evidence/${fileId}/content`).expect(200);
  });

  it('nothing is derived from an infected file, or one still waiting for its scan', async () => {
    const photo = await photoWithGps();
    const infected = await caseWithFile('eicar.jpg', photo, 'infected');
    const waiting = await caseWithFile('waiting.jpg', photo, 'pending');
    await previews.derive(infected.fileId);
    await previews.derive(waiting.fileId);
    for (const { caseId, fileId } of [infected, waiting]) {
      expect(await db.evidenceDerivative.count({ where: { fileId } })).toBe(0);
      expect(readdirSync(path.join(dir, caseId))).toEqual([fileId]);
      await preview(caseId, fileId, 'view').expect(404);
    }
  });

  it('answers 400 for an unknown kind and 404 for a file of another case', async () => {
    const { caseId, fileId } = await caseWithFile(
      'a.png',
      await sharp({
        create: { width: 10, height: 10, channels: 3, background: { r: 0, g: 0, b: 0 } },
      })
        .png()
        .toBuffer(),
    );
    await previews.derive(fileId);
    await preview(caseId, fileId, 'original').expect(400);
    const other = await caseWithFile('b.txt', Buffer.from('メモ'));
    await preview(other.caseId, fileId, 'view').expect(404);
  });
});
