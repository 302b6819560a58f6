// An admin deletes an evidence file with a reason (issue 16): the original and its derived copies leave the store,
// the row stays as a tombstone (name, hash, when, who, why), nothing serves or counts it any more, and the audit
// row names the file by id and hash only (never the reason or the name). Counselors cannot delete.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZApiErrorBody,
  ZCaseEvidence,
  ZEvidenceUploadReply,
  type TCreateReferral,
  type TEvidenceDelete,
} from '@madoguchi/shared';
import { EvidencePreviewService } from '../src/modules/evidence/evidence-preview.service';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { phoneCase, staffUpload } from './evidence-cases';
import { SAMPLES } from './fixtures/evidence-samples';
import { openStoredText } from './stored-texts';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

const MAX_FILES = 2;

let t: TestApp;
let db: DbClient;
let admin: StaffSession;
let counselor: StaffSession;
let dir: string;
let previews: EvidencePreviewService;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-evidence-delete-'));
  t = await createTestApp({ EVIDENCE_DIR: dir, EVIDENCE_MAX_FILES_PER_CASE: String(MAX_FILES) });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  admin = await staffHeaders(t, 'admin');
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

const REASON = '相談者本人の依頼により削除(別人の写真が写っていたため)';

const newCase = () => phoneCase(t, counselor);
const upload = (caseId: string, name = 'screenshot.png', data: Buffer = SAMPLES.png) =>
  staffUpload(t, counselor, caseId, data, name);

/** A case with one clean PNG whose preview copies were made (so the store holds the original, view and thumb). */
async function caseWithPreviewedFile() {
  const caseId = await newCase();
  const image = await sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 0, b: 0 } },
  })
    .png()
    .toBuffer();
  const res = await upload(caseId, '脅迫メッセージ.png', image).expect(201);
  const fileId = ZEvidenceUploadReply.parse(res.body).files[0]!.id;
  await db.evidenceFile.update({ where: { id: fileId }, data: { scanState: 'clean' } });
  await previews.derive(fileId);
  return { caseId, fileId };
}

function caseDirectory(caseId: string): string[] {
  try {
    return readdirSync(path.join(dir, caseId)).sort();
  } catch {
    return [];
  }
}

const remove = (caseId: string, fileId: string, session: StaffSession, body: unknown) =>
  t.http
    .delete(`/api/v1/cases/${caseId}/evidence/${fileId}`)
    .set(session.headers)
    .send(body as object);

describe('DELETE /api/v1/cases/:id/evidence/:fileId', () => {
  it('removes the original and its copies, keeps a tombstone with the reason, and serves it no more', async () => {
    const { caseId, fileId } = await caseWithPreviewedFile();
    expect(caseDirectory(caseId)).toEqual([fileId, `${fileId}.thumb`, `${fileId}.view`].sort());
    const before = await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } });

    await remove(caseId, fileId, admin, { reason: `  ${REASON}  ` } satisfies TEvidenceDelete).expect(204);

    expect(caseDirectory(caseId)).toEqual([]);
    expect(await db.evidenceDerivative.count({ where: { fileId } })).toBe(0);
    const row = await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } });
    expect(row).toMatchObject({ sha256: before.sha256, deletedById: admin.user.id });
    // The name and the reason are stored encrypted (issue 17): opened as the API reads them.
    expect(await openStoredText(t, 'evidenceName', fileId, row.originalName)).toBe('脅迫メッセージ.png');
    expect(await openStoredText(t, 'evidenceDeleteReason', fileId, row.deleteReason)).toBe(REASON);
    expect(row.deletedAt).toBeInstanceOf(Date);

    // Staff see it as deleted, with the reason; it can no longer be opened or previewed.
    const list = await t.http.get(`/api/v1/cases/${caseId}/evidence`).set(counselor.headers).expect(200);
    const listed = ZCaseEvidence.parse(list.body).files.find((f) => f.id === fileId)!;
    expect(listed.deleted).toEqual({ at: row.deletedAt!.toISOString(), reason: REASON });
    expect(listed.sha256).toBe(before.sha256);
    const download = await t.http
      .get(`/api/v1/cases/${caseId}/evidence/${fileId}/content`)
      .set(counselor.headers)
      .expect(404);
    const error = ZApiErrorBody.parse(download.body);
    expect(error.details.reason).toBe('evidence_deleted');
    expect(error.message.ja).toContain('削除');
    await t.http
      .get(`/api/v1/cases/${caseId}/evidence/${fileId}/preview/thumb`)
      .set(counselor.headers)
      .expect(404);

    // Audited by id and hash; neither the reason nor the name is in the audit log.
    const audit = await db.auditLog.findFirstOrThrow({ where: { caseId, action: 'evidence.delete' } });
    expect(audit.meta).toEqual({ fileId, sha256: before.sha256, reasonLength: REASON.length });
    expect(audit.actorId).toBe(admin.user.id);
    const everything = JSON.stringify(
      await db.auditLog.findMany({ where: { caseId }, select: { meta: true } }),
    );
    expect(everything).not.toContain('別人の写真');
    expect(everything).not.toContain('脅迫メッセージ');
  });

  it('answers 409 (evidence_deleted) when the file was already deleted, and changes nothing', async () => {
    const { caseId, fileId } = await caseWithPreviewedFile();
    await remove(caseId, fileId, admin, { reason: REASON }).expect(204);
    const first = await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } });

    const again = await remove(caseId, fileId, admin, { reason: '二回目' }).expect(409);

    expect(ZApiErrorBody.parse(again.body).details.reason).toBe('evidence_deleted');
    expect(await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } })).toEqual(first);
    expect(await db.auditLog.count({ where: { caseId, action: 'evidence.delete' } })).toBe(1);
  });

  it('is for admins only: a counselor gets 403 and the file stays', async () => {
    const { caseId, fileId } = await caseWithPreviewedFile();

    await remove(caseId, fileId, counselor, { reason: REASON }).expect(403);

    expect(caseDirectory(caseId)).toHaveLength(3);
    expect((await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } })).deletedAt).toBeNull();
  });

  it.each([
    ['empty', { reason: '' }],
    ['blank', { reason: '   ' }],
    ['missing', {}],
    ['too long', { reason: 'あ'.repeat(501) }],
  ])('refuses a %s reason with a field error (ja/en)', async (_label, body) => {
    const { caseId, fileId } = await caseWithPreviewedFile();

    const res = await remove(caseId, fileId, admin, body).expect(400);

    const field = ZApiErrorBody.parse(res.body).details.fields?.find((f) => f.path === 'reason');
    expect(field?.message.ja).toBeTruthy();
    expect(field?.message.en).toBeTruthy();
    expect((await db.evidenceFile.findUniqueOrThrow({ where: { id: fileId } })).deletedAt).toBeNull();
  });

  it("answers 404 for an unknown file and for another case's file", async () => {
    const { caseId, fileId } = await caseWithPreviewedFile();
    const other = await newCase();

    await remove(other, fileId, admin, { reason: REASON }).expect(404);
    await remove(caseId, '00000000-0000-4000-8000-000000000000', admin, { reason: REASON }).expect(404);

    expect(caseDirectory(caseId)).toHaveLength(3);
  });

  it('no longer counts a deleted file against the per-case limit', async () => {
    const caseId = await newCase();
    const res = await upload(caseId, 'a.png').expect(201);
    await upload(caseId, 'b.png').expect(201);
    await upload(caseId, 'c.png').expect(413);

    await remove(caseId, ZEvidenceUploadReply.parse(res.body).files[0]!.id, admin, { reason: REASON }).expect(
      204,
    );

    await upload(caseId, 'c.png').expect(201);
  });

  it('cannot be newly shared with a window: the consent naming it is refused with a field error', async () => {
    const { caseId, fileId } = await caseWithPreviewedFile();
    await remove(caseId, fileId, admin, { reason: REASON }).expect(204);

    const res = await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({
        windowSlug: 'consumer-188',
        reason: '架空請求。消費生活センターで助言を受けてもらう',
        method: 'letter',
        consent: { givenBy: 'client', fields: ['summary'], evidenceFileIds: [fileId] },
      } satisfies TCreateReferral)
      .expect(400);

    const field = ZApiErrorBody.parse(res.body).details.fields?.find(
      (f) => f.path === 'consent.evidenceFileIds.0',
    );
    expect(field?.message.ja).toContain('削除');
  });
});
