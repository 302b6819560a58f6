// Retention classes, shredding and legal hold (issue 17 item 2). Cases of a past month, written through the API
// with known personal values, are shredded by the retention.shred job: every statistic of the month (JSON, CSV,
// monthly PDF) and the referral register's coded columns read the same before and after; no column of the
// database holds any of the shredded cases' values any more (the audit log included), while a case on legal hold
// keeps its own; evidence files leave the store and stay as tombstones; a second run finds nothing to do.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZApiErrorBody,
  ZCaseRetention,
  ZEvidenceUploadReply,
  type TCaseStatusChangeInput,
  type TContactLog,
  type TCreateReferral,
  type TIntakeInput,
  type TIntakeReceipt,
  type TReferral,
  type TReferralStatusRequest,
  type TSetRetention,
} from '@madoguchi/shared';
import { EvidencePreviewService } from '../src/modules/evidence/evidence-preview.service';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { CaseShredder } from '../src/modules/privacy/retention/case-shredder';
import { retentionShredJob } from '../src/modules/privacy/retention/retention.jobs';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import { pdfText } from './pdf-text';
import { everyEncryptedValueOpened } from './stored-texts';
import type { TestApp } from './test-app';

// Sign-ins hash with argon2id, PDFs are read in a child process, the job runs through the queue.
jest.setTimeout(120_000);

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;
let admin: StaffSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-retention-'));
  t = await createJobsTestApp({
    EVIDENCE_DIR: dir,
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
    RETENTION_STANDARD_DAYS: '1095',
    RETENTION_SHORT_DAYS: '90',
    // Two per batch: the three due cases take two batches.
    RETENTION_BATCH_SIZE: '2',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor, admin] = await Promise.all([
    staffHeaders(t, 'counselor'),
    staffHeaders(t, 'supervisor'),
    staffHeaders(t, 'admin'),
  ]);
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.close();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A Tokyo wall-clock time, e.g. jst('2023-01-10T09:00'). */
const jst = (local: string) => new Date(`${local}:00+09:00`);
const MONTH = 'from=2023-01-01&to=2023-01-31';

/** The personal values of one fixture case: each one distinct, so a scan can tell whose value it found. */
function secrets(tag: string) {
  return {
    description: `架空請求の相談${tag}:鈴木一郎${tag}は5万円を払ってしまった`,
    contactName: `鈴木一郎${tag}`,
    contactPhone: `090-1111-${tag.padStart(4, '0')}`,
    contactEmail: `ichiro${tag}@mail.example.jp`,
    scamPhone: `03-5555-${tag.padStart(4, '0')}`,
    scamUrl: `https://scam-${tag}.example.com/pay`,
    note: `内部メモ${tag}:勤務先は丸の内商事${tag}`,
    contactSummary: `折り返し${tag}:夫に知られたくないとのこと`,
    message: `公開メッセージ${tag}:鈴木様、消費生活センターへ`,
    reply: `本人の返信${tag}:わかりました、電話します`,
    referralReason: `紹介理由${tag}:被害回復の相談`,
    sendNote: `送付メモ${tag}:先方担当は佐藤${tag}`,
    outcomeNote: `結果メモ${tag}:返金の見込みあり`,
    closeReason: `終了理由${tag}:本人と連絡がつかない`,
    reviewComment: `レビュー${tag}:対応は適切`,
    linkNote: `関連メモ${tag}:同じ業者`,
    holdReason: `訴訟対応${tag}:東京地裁で係争中`,
    fileName: `請求画面${tag}.png`,
  };
}
type Secrets = ReturnType<typeof secrets>;

type Fixture = { id: string; receiptNumber: string; accessCode: string; secrets: Secrets; fileId: string };

/**
 * One consultation as it happens: the person's intake with contact details and identifiers, a note, a contact
 * log, a public message and the person's reply, an evidence image with its preview copies, a referral sent and
 * completed, a supervisor's review, a link to another case; then closed. Finally moved into January 2023.
 */
async function consultation(
  tag: string,
  dates: { createdAt: string; closedAt: string | null },
): Promise<Fixture> {
  const s = secrets(tag);
  const intake = await t.http
    .post('/api/v1/intakes')
    .send({
      channel: 'web',
      description: s.description,
      answers: { paid: true, amountPaidYen: 50_000, demandVia: ['sms'] },
      person: { age: 34, prefecture: '13' },
      identifiers: { phones: [s.scamPhone], urls: [s.scamUrl] },
      contact: { preferred: 'phone', name: s.contactName, phone: s.contactPhone, email: s.contactEmail },
    } satisfies TIntakeInput)
    .expect(201);
  const { receiptNumber, accessCode } = intake.body as TIntakeReceipt;
  const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });

  await t.http.post(`/api/v1/cases/${id}/notes`).set(counselor.headers).send({ body: s.note }).expect(201);
  await t.http
    .post(`/api/v1/cases/${id}/contacts`)
    .set(counselor.headers)
    .send({
      direction: 'out',
      channel: 'phone',
      occurredAt: new Date(t.now() - 60_000).toISOString(),
      durationMinutes: 10,
      summary: s.contactSummary,
    } satisfies TContactLog)
    .expect(201);
  await t.http
    .post(`/api/v1/cases/${id}/messages`)
    .set(counselor.headers)
    .send({ body: s.message })
    .expect(201);
  await t.http
    .post('/api/v1/intakes/status/replies')
    .send({ receiptNumber, accessCode, body: s.reply })
    .expect(201);
  // A correction the person asked for: its text (stored encrypted) goes with the rest of the free text.
  await t.http
    .post('/api/v1/intakes/status/requests')
    .send({ receiptNumber, accessCode, kind: 'correction', text: `${s.reply} の訂正` })
    .expect(201);

  const image = await sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 0, g: 90, b: 200 } },
  })
    .png()
    .toBuffer();
  const uploaded = await t.http
    .post(`/api/v1/cases/${id}/evidence`)
    .set(counselor.headers)
    .attach('file', image, s.fileName)
    .expect(201);
  const fileId = ZEvidenceUploadReply.parse(uploaded.body).files[0]!.id;
  await db.evidenceFile.update({ where: { id: fileId }, data: { scanState: 'clean' } });
  await t.app.get(EvidencePreviewService).derive(fileId);

  const created = await t.http
    .post(`/api/v1/cases/${id}/referrals`)
    .set(counselor.headers)
    .send({
      windowSlug: 'consumer-188',
      reason: s.referralReason,
      method: 'warm_transfer',
      consent: { givenBy: 'client', fields: ['summary', 'categories', 'age'] },
    } satisfies TCreateReferral)
    .expect(201);
  let referral = created.body as TReferral;
  for (const step of [
    { to: 'sent', note: s.sendNote },
    { to: 'acknowledged' },
    { to: 'completed', outcomeNote: s.outcomeNote },
  ] as const) {
    const res = await t.http
      .post(`/api/v1/referrals/${referral.id}/status`)
      .set(counselor.headers)
      .send({ ...step, version: referral.version } satisfies TReferralStatusRequest)
      .expect(200);
    referral = res.body as TReferral;
  }

  const other = await t.http
    .post('/api/v1/intakes')
    .send({ description: `関連する別の相談${tag}` } satisfies TIntakeInput)
    .expect(201);
  const otherId = (
    await db.case.findUniqueOrThrow({
      where: { receiptNumber: (other.body as TIntakeReceipt).receiptNumber },
      select: { id: true },
    })
  ).id;
  await db.caseLink.create({
    data: { caseId: id, linkedCaseId: otherId, note: s.linkNote, createdById: counselor.user.id },
  });
  await db.caseReview.create({
    data: { caseId: id, reviewerId: supervisor.user.id, verdict: 'agree', comment: s.reviewComment },
  });

  if (dates.closedAt !== null) {
    const { version } = await db.case.findUniqueOrThrow({ where: { id }, select: { version: true } });
    await t.http
      .post(`/api/v1/cases/${id}/status`)
      .set(counselor.headers)
      .send({ status: 'closed', reason: s.closeReason, version } satisfies TCaseStatusChangeInput)
      .expect(200);
  }
  // Into the past month: the case, its referral and its events, as if it had happened then.
  const createdAt = jst(dates.createdAt);
  await db.case.update({
    where: { id },
    data: { createdAt, closedAt: dates.closedAt === null ? null : jst(dates.closedAt) },
  });
  await db.caseEvent.updateMany({
    where: { caseId: id },
    data: { createdAt: new Date(createdAt.getTime() + 3_600_000) },
  });
  await db.referral.updateMany({ where: { caseId: id }, data: { createdAt } });
  return { id, receiptNumber, accessCode, secrets: s, fileId };
}

/** Every text, character, JSON and array column of every table in the application's schema, read directly. */
async function everyStoredValue(): Promise<string> {
  const columns = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND tb.table_type = 'BASE TABLE'
       AND c.table_name <> '_prisma_migrations'
       AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea'))`;
  const parts: string[] = [];
  for (const { table_name, column_name } of columns) {
    const rows = await db.$queryRawUnsafe<{ v: string | null }[]>(
      `SELECT "${column_name}"::text AS v FROM "${table_name}" WHERE "${column_name}" IS NOT NULL`,
    );
    parts.push(...rows.map((r) => `${table_name}.${column_name}: ${r.v}`));
  }
  // The intake's and the history's free text is stored encrypted, and so is the rest written about a case
  // (summary, referral texts, link notes, review comments, file names): opened too, so shredding is seen to remove it.
  parts.push(
    await everyEncryptedValueOpened(t, db, [
      'intakes',
      'case_events',
      'cases',
      'referrals',
      'referral_status_changes',
      'referral_link_uses',
      'case_links',
      'case_reviews',
      'person_requests',
      'evidence_files',
      // Identifiers (their value and display): shredding removes those no other case uses.
      'identifiers',
    ]),
  );
  // JSON escapes non-ASCII characters only when asked: read jsonb as text above, which keeps them as written.
  return parts.join('\n');
}

function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '').replace(/^0/, '');
}

/** Which of a case's values (or their normalised forms: an E.164 phone's digits) are still stored. */
function found(stored: string, s: Secrets): string[] {
  const values = Object.entries(s).flatMap(([key, value]) =>
    key.endsWith('Phone')
      ? [[key, value] as const, [`${key} digits`, phoneDigits(value)] as const]
      : [[key, value] as const],
  );
  return values.filter(([, value]) => stored.includes(value)).map(([key]) => key);
}

/** The person's words triage kept as evidence for the cases: phrases, quoted 「…」 reasons, life-stage cues. */
async function triageQuotes(caseIds: string[]): Promise<string[]> {
  type Result = {
    signals?: { phrase?: string }[];
    disagreements?: { phrase: string }[];
    categories: { because: string[] }[];
    lifeStage?: { cues: string[] };
  };
  const rows = await db.triageResult.findMany({ where: { caseId: { in: caseIds } } });
  // `phrases` holds them encrypted (migration encrypt_triage_phrases): a row with any counts as quoting.
  return rows.flatMap(({ result, phrases }) => {
    const r = result as Result;
    return [
      phrases ?? '',
      ...(r.signals ?? []).map((s) => s.phrase ?? ''),
      ...(r.disagreements ?? []).map((d) => d.phrase),
      ...r.categories.flatMap((c) => c.because.filter((b) => b.startsWith('「'))),
      ...(r.lifeStage?.cues ?? []),
    ].filter((quote) => quote !== '');
  });
}

function storeOf(caseId: string): string[] {
  try {
    return readdirSync(path.join(dir, caseId)).sort();
  } catch {
    return [];
  }
}

async function readStatistics() {
  const json = await t.http.get(`/api/v1/stats?${MONTH}`).set(supervisor.headers).expect(200);
  const csv = await t.http.get(`/api/v1/stats.csv?${MONTH}`).set(supervisor.headers).buffer(true).expect(200);
  const pdf = await t.http
    .get('/api/v1/stats/monthly.pdf?month=2023-01')
    .set(supervisor.headers)
    .buffer(true)
    .responseType('blob')
    .expect(200);
  const register = await t.http
    .get(`/api/v1/referrals.csv?${MONTH}`)
    .set(supervisor.headers)
    .buffer(true)
    .expect(200);
  // When the report was made is no statistic: everything else must read the same.
  const { generatedAt, ...figures } = json.body as { generatedAt: string };
  expect(generatedAt).toEqual(expect.any(String));
  // The files say when they were made, to the minute: that line is no statistic either (a slow run crosses a minute).
  const made = /^(作成日時|作成|Generated|Created)[,:：].*$/gmu;
  return {
    json: figures,
    csv: csv.text.replace(made, ''),
    pdf: (await pdfText(pdf.body as Buffer)).replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '<time>'),
    register: register.text.split('\r\n').map((line) => line.split(',')),
  };
}

const setRetention = (caseId: string, session: StaffSession, body: TSetRetention) =>
  t.http.put(`/api/v1/cases/${caseId}/retention`).set(session.headers).send(body);

async function runJob(): Promise<Record<string, number>> {
  const before = await db.auditLog.count({ where: { action: 'retention.run' } });
  await t.app.get(JobsService).send(retentionShredJob, {});
  const row = await eventually(async () => {
    const rows = await db.auditLog.findMany({ where: { action: 'retention.run' }, orderBy: { id: 'asc' } });
    return rows.length > before ? rows.at(-1) : undefined;
  });
  return row.meta as Record<string, number>;
}

describe('retention', () => {
  let standardOld: Fixture;
  let shortOld: Fixture;
  let standardOld2: Fixture;
  let held: Fixture;
  let open: Fixture;
  let recent: Fixture;

  beforeAll(async () => {
    // Closed in January 2023, more than 1095 days ago: due under the standard class.
    standardOld = await consultation('1001', { createdAt: '2023-01-05T10:00', closedAt: '2023-01-20T10:00' });
    standardOld2 = await consultation('1002', {
      createdAt: '2023-01-06T10:00',
      closedAt: '2023-01-21T10:00',
    });
    // Short class: due 90 days after closure.
    shortOld = await consultation('1003', { createdAt: '2023-01-07T10:00', closedAt: '2023-01-22T10:00' });
    // On legal hold: never shredded until released.
    held = await consultation('1004', { createdAt: '2023-01-08T10:00', closedAt: '2023-01-23T10:00' });
    // Still open: never shredded by retention.
    open = await consultation('1005', { createdAt: '2023-01-09T10:00', closedAt: null });
    // Closed (and so short-class) but only 30 days ago: not due yet.
    recent = await consultation('1006', { createdAt: '2023-01-10T10:00', closedAt: '2023-01-11T10:00' });
    await db.case.update({
      where: { id: recent.id },
      data: { closedAt: new Date(t.now() - 30 * 86_400_000) },
    });

    await setRetention(shortOld.id, admin, { retentionClass: 'short' }).expect(200);
    await setRetention(recent.id, admin, { retentionClass: 'short' }).expect(200);
  });

  it('places a legal hold with a reason (supervisors and admins only), audited without the reason', async () => {
    const s = held.secrets;
    await setRetention(held.id, counselor, { retentionClass: 'legal_hold', reason: s.holdReason }).expect(
      403,
    );
    const missing = await setRetention(held.id, supervisor, { retentionClass: 'legal_hold' }).expect(400);
    expect(ZApiErrorBody.parse(missing.body).code).toBe('validation_failed');

    const res = await setRetention(held.id, supervisor, {
      retentionClass: 'legal_hold',
      reason: s.holdReason,
    }).expect(200);
    expect(ZCaseRetention.parse(res.body)).toEqual({
      retentionClass: 'legal_hold',
      legalHold: { reason: s.holdReason, at: expect.any(String), byId: supervisor.user.id },
      shreddedAt: null,
    });
    const shown = await t.http.get(`/api/v1/cases/${held.id}/retention`).set(counselor.headers).expect(200);
    expect(shown.body).toEqual(res.body);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'case.retention_changed', caseId: held.id },
      orderBy: { id: 'desc' },
    });
    expect(audit.meta).toEqual({ from: 'standard', to: 'legal_hold', reasonLength: s.holdReason.length });
  });

  it('refuses to shred a case on legal hold, in Japanese and English', async () => {
    await expect(t.app.get(CaseShredder).shred(held.id, { trigger: 'person_request' })).rejects.toMatchObject(
      {
        status: 409,
        options: {
          details: { reason: 'legal_hold' },
          userMessage: {
            ja: expect.stringContaining('法的保全'),
            en: expect.stringContaining('legal hold'),
          },
        },
      },
    );
    expect(await db.case.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ shreddedAt: null });
  });

  it('shreds the cases past their period and every statistic of the month reads the same', async () => {
    const before = await readStatistics();
    const storedBefore = await everyStoredValue();
    for (const fixture of [standardOld, standardOld2, shortOld, held, open, recent]) {
      // The scan sees each case's values before: it can fail.
      expect(found(storedBefore, fixture.secrets)).toEqual(
        expect.arrayContaining([
          'description',
          'contactName',
          'contactPhone',
          'note',
          'message',
          'referralReason',
        ]),
      );
      expect(storeOf(fixture.id)).toEqual(
        [fixture.fileId, `${fixture.fileId}.thumb`, `${fixture.fileId}.view`].sort(),
      );
    }

    const shredIds = [standardOld.id, standardOld2.id, shortOld.id];
    // Triage quoted the person's words as evidence (a signal's phrase, a category's 「…」 reason).
    expect(await triageQuotes(shredIds)).not.toEqual([]);

    const run = await runJob();
    expect(run).toMatchObject({
      cases: 3,
      skipped: 0,
      failed: 0,
      files: 3,
      standardDays: 1095,
      shortDays: 90,
    });
    expect(run.fields).toBeGreaterThan(3 * 10);

    const after = await readStatistics();
    expect(after.json).toEqual(before.json);
    expect(after.csv).toBe(before.csv);
    expect(after.pdf).toBe(before.pdf);
    // The referral register: every coded column the same; only the outcome note (free text) is gone.
    const note = before.register[0]!.indexOf('結果メモ');
    expect(note).toBeGreaterThan(0);
    const coded = (rows: string[][]) => rows.map((row) => row.filter((_, i) => i !== note));
    expect(coded(after.register)).toEqual(coded(before.register));
    // The person's request texts: cleared on the shredded cases, kept on the others (their requests stay).
    const requestTexts = await db.personRequest.findMany({ select: { caseId: true, personText: true } });
    for (const row of requestTexts) {
      expect([row.caseId, row.personText === null]).toEqual([row.caseId, shredIds.includes(row.caseId)]);
    }
    expect(new Set(requestTexts.map((row) => row.caseId)).size).toBe(6);
    const shreddedReceipts = [standardOld, standardOld2, shortOld].map((f) => f.receiptNumber);
    for (const row of after.register.filter((r) => shreddedReceipts.includes(r[1]!))) {
      expect(row[note]).toBe('');
    }

    expect(await triageQuotes(shredIds)).toEqual([]);
    // A shredded case still opens (every reply checked against its contract), with nothing personal in it.
    for (const fixture of [standardOld, shortOld]) {
      const pages = await Promise.all(
        [
          `/api/v1/cases/${fixture.id}`,
          `/api/v1/cases/${fixture.id}/timeline`,
          `/api/v1/cases/${fixture.id}/referrals`,
          `/api/v1/cases/${fixture.id}/evidence`,
        ].map((url) => t.http.get(url).set(counselor.headers).expect(200)),
      );
      const status = await t.http
        .post('/api/v1/intakes/status')
        .send({ receiptNumber: fixture.receiptNumber, accessCode: fixture.accessCode })
        .expect(200);
      expect(status.body).toMatchObject({ dataDeletedAt: expect.any(String), files: [] });
      expect(
        found(JSON.stringify([...pages.map((p) => p.body as unknown), status.body]), fixture.secrets),
      ).toEqual([]);
    }
    // What the statistics and the review read of triage stays.
    for (const result of await db.triageResult.findMany({ where: { caseId: { in: shredIds } } })) {
      expect(result.result).toMatchObject({
        urgency: expect.any(String),
        matchedRuleIds: expect.arrayContaining([expect.any(String)]),
        categories: expect.arrayContaining([expect.objectContaining({ code: expect.any(String) })]),
      });
    }

    const stored = await everyStoredValue();
    for (const fixture of [standardOld, standardOld2, shortOld]) {
      expect(found(stored, fixture.secrets)).toEqual([]);
      expect(storeOf(fixture.id)).toEqual([]);
      const row = await db.case.findUniqueOrThrow({ where: { id: fixture.id } });
      // What the statistics read stays.
      expect(row).toMatchObject({
        status: 'closed',
        channel: 'web',
        personAge: 34,
        prefecture: '13',
        searchGrams: [],
        searchExact: [],
        searchSig: [],
        searchKey: null,
        shreddedAt: expect.any(Date),
      });
      expect(row.suggestedCategories.length).toBeGreaterThan(0);
      const file = await db.evidenceFile.findUniqueOrThrow({ where: { id: fixture.fileId } });
      expect(file).toMatchObject({
        originalName: 'png',
        deletedAt: expect.any(Date),
        sha256: expect.any(String),
      });
      expect(await db.evidenceDerivative.count({ where: { fileId: fixture.fileId } })).toBe(0);
      const audit = await db.auditLog.findFirstOrThrow({
        where: { action: 'case.shred', caseId: fixture.id },
      });
      expect(audit.meta).toEqual({
        retentionClass: fixture === shortOld ? 'short' : 'standard',
        trigger: 'retention',
        fields: expect.any(Number),
        files: 1,
      });
      expect(audit.actorRole).toBe('system');
      const retention = await t.http
        .get(`/api/v1/cases/${fixture.id}/retention`)
        .set(counselor.headers)
        .expect(200);
      expect(ZCaseRetention.parse(retention.body).shreddedAt).toBe(row.shreddedAt!.toISOString());
    }
    // The held, the open and the recently closed cases keep everything.
    for (const fixture of [held, open, recent]) {
      expect(found(stored, fixture.secrets)).toEqual(
        expect.arrayContaining(['description', 'contactName', 'note']),
      );
      expect(storeOf(fixture.id)).toHaveLength(3);
      expect((await db.case.findUniqueOrThrow({ where: { id: fixture.id } })).shreddedAt).toBeNull();
    }
    // The audit log holds no personal value of any case, shredded or kept.
    const audit = (await db.auditLog.findMany()).map((row) =>
      JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
    );
    for (const fixture of [standardOld, standardOld2, shortOld, held, open, recent]) {
      expect(found(audit.join('\n'), fixture.secrets)).toEqual([]);
    }
  });

  it('is idempotent: a second run shreds nothing and changes nothing', async () => {
    const before = await db.case.findMany({ where: { shreddedAt: { not: null } }, orderBy: { id: 'asc' } });
    const run = await runJob();
    expect(run).toMatchObject({ cases: 0, fields: 0, files: 0, failed: 0, leftovers: 0 });
    expect(await db.case.findMany({ where: { shreddedAt: { not: null } }, orderBy: { id: 'asc' } })).toEqual(
      before,
    );
    await expect(
      t.app.get(CaseShredder).shred(standardOld.id, { trigger: 'retention' }),
    ).rejects.toMatchObject({
      status: 409,
      options: { details: { reason: 'case_shredded' } },
    });
    // Nor can its class be changed any more.
    await setRetention(standardOld.id, admin, { retentionClass: 'legal_hold', reason: '保全' }).expect(409);
  });

  it("resumes: a case shredded at the person's request in between is left alone, a released hold is shredded next", async () => {
    // The person's deletion request (issue 17 item 3) shreds the open case.
    const result = await t.app
      .get(CaseShredder)
      .shred(open.id, { trigger: 'person_request', actorId: counselor.user.id });
    expect(result.files).toBe(1);
    expect(result.fields).toBeGreaterThan(10);
    expect(found(await everyStoredValue(), open.secrets)).toEqual([]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'case.shred', caseId: open.id } });
    expect(audit.meta).toMatchObject({ trigger: 'person_request', retentionClass: 'standard' });

    // Released: the next run shreds the formerly held case and nothing else.
    await setRetention(held.id, admin, { retentionClass: 'standard' }).expect(200);
    const released = await db.auditLog.findFirstOrThrow({
      where: { action: 'case.retention_changed', caseId: held.id },
      orderBy: { id: 'desc' },
    });
    expect(released.meta).toEqual({ from: 'legal_hold', to: 'standard', reasonLength: 0 });
    expect(await db.case.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({
      retentionClass: 'standard',
      legalHoldReason: null,
      legalHoldAt: null,
    });
    // A file the shredding of the open case could not remove (as if its process had stopped after the commit):
    // the next run removes it.
    mkdirSync(path.join(dir, open.id), { recursive: true });
    writeFileSync(path.join(dir, open.id, open.fileId), 'left behind');
    writeFileSync(path.join(dir, open.id, `${open.fileId}.thumb`), 'left behind');
    const run = await runJob();
    expect(run).toMatchObject({ cases: 1, files: 1, failed: 0, leftovers: 2 });
    expect(storeOf(open.id)).toEqual([]);
    expect(found(await everyStoredValue(), held.secrets)).toEqual([]);
    expect((await db.case.findUniqueOrThrow({ where: { id: recent.id } })).shreddedAt).toBeNull();
  });

  it("states the desk's periods in the register of personal-information files", async () => {
    const res = await t.http.get('/api/v1/privacy/register').set(admin.headers).expect(200);
    const { retention } = res.body as { retention: { ja: string; en: string } };
    expect(retention.ja).toContain('標準では1095日、短期区分では90日');
    expect(retention.en).toContain('after 1095 days (standard class) or 90 days (short class)');
    expect(retention.ja).toContain('法的保全');
  });
});
