// Field encryption of the rest of the free text written about a case (issue 17 item 1): the summary, the legal
// hold's reason, a referral's reason, status notes, the window's notes through its partner link and the outcome, a
// case link's note, a review comment, a request's refusal reason, an evidence file's name and its deletion reason.
// Written through the API, none of them is stored in clear (the rows read straight with SQL), and every reader
// still shows them: the case page, the timeline, the referral, the letter, the case export, the register, the
// evidence list, the status page. Values written in clear before the upgrade stay readable and are encrypted by
// keys.reencrypt.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type {
  TCreateReferral,
  TIntakeInput,
  TIntakeStatusRequest,
  TReferral,
  TReferralStatusRequest,
  TTimelineItem,
} from '@madoguchi/shared';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { reencryptJob } from '../src/modules/keys/keys.jobs';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { refusedCorrection, writeSummary } from './case-text-writes';
import { staffUpload } from './evidence-cases';
import { createJobsTestApp, eventually } from './jobs-test';
import { pdfText } from './pdf-text';
import { createTestApp, type TestApp } from './test-app';

// Sign-ins hash with argon2id, the letter and the export are read in a child process.
jest.setTimeout(90_000);

const WEB = 'https://madoguchi.example.jp';

// Every value carries the marker カタクリ, so any copy of it in a stored row is easy to find.
const T = {
  summary: 'カタクリ一号:宅配を装うSMSから偽サイトでカード番号を入力。本人は鷺ノ宮在住',
  holdReason: 'カタクリ二号:警察からの照会に備えて保全',
  referralReason: 'カタクリ三号:消費生活センターで返金の相談をしてもらう',
  sendNote: 'カタクリ四号:188に電話でつないだ',
  acknowledgeNote: 'カタクリ五号:担当の山田が受け付けました',
  outcomeNote: 'カタクリ六号:カード会社が補償することになりました',
  linkNote: 'カタクリ七号:同じ業者からの請求',
  reviewComment: 'カタクリ八号:紹介先の検討を記録に残すこと',
  requestText: 'カタクリ九号:住所の番地が違っています',
  refusal: 'カタクリ十号:ご本人の確認ができませんでした',
  fileName: 'カタクリ十一号_鷺沼綴子_請求書.txt',
  deletedFileName: 'カタクリ十二号_口座の写し.txt',
  deleteReason: 'カタクリ十三号:別の相談者のファイルでした',
} as const;

const MARKER = 'カタクリ';

let t: TestApp;
let db: DbClient;
let dir: string;
let counselor: StaffSession;
let supervisor: StaffSession;
let admin: StaffSession;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-case-texts-'));
  t = await createTestApp({
    EVIDENCE_DIR: dir,
    WEB_PUBLIC_URL: WEB,
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
    RATE_LIMIT_PARTNER_PER_MINUTE: '1000',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
  supervisor = await staffHeaders(t, 'supervisor');
  admin = await staffHeaders(t, 'admin');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The columns this issue encrypts, as stored (NULLs left out): `table.column` → values. */
const COLUMNS = [
  ['cases', 'summary'],
  ['cases', 'legal_hold_reason'],
  ['referrals', 'reason'],
  ['referrals', 'outcome_note'],
  ['referral_status_changes', 'note'],
  ['referral_link_uses', 'note'],
  ['case_links', 'note'],
  ['case_reviews', 'comment'],
  ['person_requests', 'refusal_reason'],
  ['evidence_files', 'original_name'],
  ['evidence_files', 'delete_reason'],
] as const;

async function storedValues(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, column] of COLUMNS) {
    const rows = await db.$queryRawUnsafe<{ v: string }[]>(
      `SELECT "${column}" AS v FROM "${table}" WHERE "${column}" IS NOT NULL ORDER BY 1`,
    );
    out[`${table}.${column}`] = rows.map((row) => row.v);
  }
  return out;
}

/** Every row of these tables, as PostgreSQL renders it: the whole stored row, not only the columns above. */
async function storedRows(): Promise<string> {
  const tables = [...new Set(COLUMNS.map(([table]) => table))];
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t`,
    );
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

/** The names of the values found in clear in `text` (as typed, or with white space removed). */
function inClear(text: string, values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(([, value]) => text.includes(value) || text.includes(value.replace(/\s+/g, '')))
    .map(([name]) => name);
}

/** A text without white space (pdfText removes it; the letter wraps anywhere). */
const squeezed = (value: string) => value.replace(/\s+/g, '');

async function newCase(description: string): Promise<{ id: string; pair: TIntakeStatusRequest }> {
  const submitted = await t.http
    .post('/api/v1/intakes')
    .send({ channel: 'web', description, category: 'fictitious_billing' } satisfies TIntakeInput)
    .expect(201);
  const pair = submitted.body as TIntakeStatusRequest;
  const { id } = await db.case.findUniqueOrThrow({
    where: { receiptNumber: pair.receiptNumber },
    select: { id: true },
  });
  return { id, pair: { receiptNumber: pair.receiptNumber, accessCode: pair.accessCode } };
}

async function pdf(url: string, session: StaffSession): Promise<string> {
  const res = await t.http.get(url).set(session.headers).buffer(true).responseType('blob').expect(200);
  return pdfText(res.body as Buffer);
}

async function referralOf(id: string): Promise<TReferral> {
  return (await t.http.get(`/api/v1/referrals/${id}`).set(counselor.headers).expect(200)).body as TReferral;
}

const partner = (token: string, action: 'acknowledge' | 'complete', body: object) =>
  t.http.post(`/api/v1/partner-links/${token}/${action}`).send(body);

/** Today and tomorrow (UTC dates), the register's period. */
function registerPeriod(): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(t.now() - 86_400_000), to: day(t.now() + 86_400_000) };
}

describe('the free text written about a case', () => {
  it('is stored encrypted when written through the API, and every reader still shows it', async () => {
    const { id, pair } = await newCase('身に覚えのない料金を請求するSMSが届きました。');
    const other = await newCase('同じ業者からSMSが届きました。');
    const as = counselor.headers;

    // The counselors' summary and a supervisor's legal hold.
    const updated = await writeSummary(t, counselor, id, T.summary);
    expect(updated.body.summary).toBe(T.summary);
    await t.http
      .put(`/api/v1/cases/${id}/retention`)
      .set(supervisor.headers)
      .send({ retentionClass: 'legal_hold', reason: T.holdReason })
      .expect(200);

    // A referral through its loop: sent with a note, acknowledged and completed by the window through its link.
    const draft = (
      await t.http
        .post(`/api/v1/cases/${id}/referrals`)
        .set(as)
        .send({
          windowSlug: 'consumer-188',
          reason: T.referralReason,
          method: 'letter',
          consent: { givenBy: 'client', fields: ['summary', 'categories'] },
        } satisfies TCreateReferral)
        .expect(201)
    ).body as TReferral;
    expect(draft.reason).toBe(T.referralReason);
    await t.http
      .post(`/api/v1/referrals/${draft.id}/status`)
      .set(as)
      .send({ to: 'sent', note: T.sendNote, version: draft.version } satisfies TReferralStatusRequest)
      .expect(200);
    // The letter prints the reason and the summary (consented), and carries the window's link.
    const letter = await pdf(`/api/v1/referrals/${draft.id}/report.pdf`, counselor);
    expect(letter).toContain(squeezed(T.referralReason));
    expect(letter).toContain(squeezed(T.summary));
    const token = new RegExp(`${WEB.replace(/\./g, '\\.')}/p/([A-Za-z0-9_-]{43})`).exec(letter)?.[1];
    expect(token).toBeDefined();
    await partner(token!, 'acknowledge', { note: T.acknowledgeNote }).expect(200);
    await partner(token!, 'complete', { outcomeNote: T.outcomeNote }).expect(200);

    // A link to the other case, a supervisor's review, a refused request, a file kept and a file deleted.
    const link = await t.http
      .post(`/api/v1/cases/${id}/links`)
      .set(as)
      .send({ linkedCaseId: other.id, note: T.linkNote })
      .expect(201);
    expect(link.body.note).toBe(T.linkNote);
    const review = await t.http
      .post(`/api/v1/supervision/reviews/${id}`)
      .set(supervisor.headers)
      .send({ verdict: 'concern', comment: T.reviewComment })
      .expect(201);
    expect(review.body.comment).toBe(T.reviewComment);
    await refusedCorrection(t, counselor, { caseId: id, pair, text: T.requestText, reason: T.refusal });
    const kept = await staffUpload(t, counselor, id, Buffer.from('請求書の本文\n'), T.fileName).expect(201);
    expect(kept.body.files[0].name).toBe(T.fileName);
    const gone = await staffUpload(t, counselor, id, Buffer.from('口座の写し\n'), T.deletedFileName).expect(
      201,
    );
    await t.http
      .delete(`/api/v1/cases/${id}/evidence/${gone.body.files[0].id as string}`)
      .set(admin.headers)
      .send({ reason: T.deleteReason })
      .expect(204);

    // At rest: every value of these columns is a ciphertext, and no row of their tables holds any value in clear.
    const stored = await storedValues();
    for (const [column, values] of Object.entries(stored)) {
      expect({ column, clear: values.filter((v) => !v.startsWith('enc:v1:')) }).toEqual({
        column,
        clear: [],
      });
    }
    expect(stored['referral_status_changes.note']).toHaveLength(3);
    expect(stored['referral_link_uses.note']).toHaveLength(2);
    expect(stored['evidence_files.original_name']).toHaveLength(2);
    const rows = await storedRows();
    expect(rows).toContain(id);
    expect(inClear(rows, T)).toEqual([]);
    expect(rows).not.toContain(MARKER);

    // The case page: the summary and the link's note.
    const page = (await t.http.get(`/api/v1/cases/${id}`).set(as).expect(200)).body as {
      summary: string;
      links: { id: string; note: string | null }[];
    };
    expect(page.summary).toBe(T.summary);
    expect(page.links).toEqual([expect.objectContaining({ id: other.id, note: T.linkNote })]);
    // The other case shows the same link, incoming.
    const otherPage = (await t.http.get(`/api/v1/cases/${other.id}`).set(as).expect(200)).body as {
      links: { note: string | null }[];
    };
    expect(otherPage.links.map((l) => l.note)).toEqual([T.linkNote]);
    const retention = await t.http.get(`/api/v1/cases/${id}/retention`).set(as).expect(200);
    expect(retention.body.legalHold.reason).toBe(T.holdReason);

    // The referral: its reason, outcome, the history's notes and the window's notes.
    const referral = await referralOf(draft.id);
    expect(referral).toMatchObject({
      reason: T.referralReason,
      outcomeNote: T.outcomeNote,
      status: 'completed',
    });
    expect(referral.history.map((h) => h.note)).toEqual([null, T.sendNote, T.acknowledgeNote, T.outcomeNote]);
    expect(referral.partnerLink?.uses.map((u) => u.note)).toEqual([T.acknowledgeNote, T.outcomeNote]);
    const listed = (await t.http.get(`/api/v1/cases/${id}/referrals`).set(as).expect(200))
      .body as TReferral[];
    expect(listed.map((r) => [r.reason, r.outcomeNote])).toEqual([[T.referralReason, T.outcomeNote]]);

    // The timeline: each referral event carries the referral as it stands now, and its own note.
    const timeline = (await t.http.get(`/api/v1/cases/${id}/timeline`).set(as).expect(200)).body as {
      items: TTimelineItem[];
    };
    const referralEvents = timeline.items.filter((item) => item.kind === 'referral');
    expect(referralEvents.map((item) => item.data['note'] ?? null)).toEqual([
      null,
      T.sendNote,
      T.acknowledgeNote,
      T.outcomeNote,
    ]);
    for (const item of referralEvents) {
      expect(item.data['referral']).toMatchObject({ reason: T.referralReason, outcomeNote: T.outcomeNote });
    }

    // The case export (summary, referral's reason and outcome) and the register (outcome).
    const exported = await pdf(`/api/v1/cases/${id}/export.pdf`, counselor);
    for (const value of [T.summary, T.referralReason, T.outcomeNote]) {
      expect(exported).toContain(squeezed(value));
    }
    const { from, to } = registerPeriod();
    const register = await t.http
      .get(`/api/v1/referrals.csv?from=${from}&to=${to}`)
      .set(supervisor.headers)
      .buffer(true)
      .expect(200);
    expect(String(register.text ?? register.body)).toContain(T.outcomeNote);

    // The evidence list: the kept file's name, the deleted one's name and the admin's reason.
    const evidence = (await t.http.get(`/api/v1/cases/${id}/evidence`).set(as).expect(200)).body as {
      files: { name: string; deleted: { reason: string } | null }[];
    };
    expect(evidence.files.map((f) => [f.name, f.deleted?.reason ?? null])).toEqual([
      [T.fileName, null],
      [T.deletedFileName, T.deleteReason],
    ]);

    // The desk's list of requests and the person's status page: the refusal reason.
    const decided = (await t.http.get(`/api/v1/cases/${id}/person-requests`).set(as).expect(200)).body as {
      items: { refusalReason: string | null }[];
    };
    expect(decided.items.map((r) => r.refusalReason)).toEqual([T.refusal]);
    const status = await t.http.post('/api/v1/intakes/status').send(pair).expect(200);
    expect(status.body.requests).toEqual([
      expect.objectContaining({ status: 'refused', refusalReason: T.refusal }),
    ]);
  });
});

describe('values written in clear before the upgrade', () => {
  it('are readable as they are, and keys.reencrypt encrypts them', async () => {
    const { id, pair } = await newCase('旧データの確認の相談です。');
    const other = await newCase('旧データの関連の相談です。');
    const as = counselor.headers;
    // Rows made through the API, then given the clear values an older version stored.
    const draft = (
      await t.http
        .post(`/api/v1/cases/${id}/referrals`)
        .set(as)
        .send({
          windowSlug: 'consumer-188',
          reason: '仮の理由',
          method: 'letter',
          consent: { givenBy: 'client', fields: ['categories'] },
        } satisfies TCreateReferral)
        .expect(201)
    ).body as TReferral;
    await t.http
      .post(`/api/v1/referrals/${draft.id}/status`)
      .set(as)
      .send({ to: 'sent', note: '仮のメモ', version: draft.version } satisfies TReferralStatusRequest)
      .expect(200);
    await t.http
      .post(`/api/v1/cases/${id}/links`)
      .set(as)
      .send({ linkedCaseId: other.id, note: '仮' })
      .expect(201);
    await t.http
      .post(`/api/v1/supervision/reviews/${id}`)
      .set(supervisor.headers)
      .send({ verdict: 'agree', comment: '仮' })
      .expect(201);
    await t.http
      .post('/api/v1/intakes/status/requests')
      .send({ ...pair, kind: 'correction', text: '番地が違います' })
      .expect(201);
    const requestId = (
      (await t.http.get(`/api/v1/cases/${id}/person-requests`).set(as).expect(200)).body as {
        items: { id: string }[];
      }
    ).items[0]!.id;
    await t.http
      .post(`/api/v1/person-requests/${requestId}/decision`)
      .set(as)
      .send({ outcome: 'refused', reason: '仮' })
      .expect(200);
    const fileId = (await staffUpload(t, counselor, id, Buffer.from('旧ファイル\n'), 'x.txt').expect(201))
      .body.files[0].id as string;

    const legacy = {
      summary: '旧データ:ハマナス一号の要約',
      holdReason: '旧データ:ハマナス二号の保全',
      reason: '旧データ:ハマナス三号の紹介理由',
      statusNote: '旧データ:ハマナス四号の送付メモ',
      useNote: '旧データ:ハマナス五号の窓口メモ',
      outcomeNote: '旧データ:ハマナス六号の結果',
      linkNote: '旧データ:ハマナス七号の関連',
      comment: '旧データ:ハマナス八号のレビュー',
      refusal: '旧データ:ハマナス九号の不受理理由',
      fileName: '旧データ_ハマナス十号.txt',
    };
    // As the owner (the API's role may not UPDATE referral_status_changes): the values in clear.
    await db.$executeRaw`
      UPDATE cases SET summary = ${legacy.summary}, retention_class = 'legal_hold', legal_hold_reason = ${legacy.holdReason},
                       legal_hold_at = now() WHERE id = ${id}::uuid`;
    await db.$executeRaw`
      UPDATE referrals SET reason = ${legacy.reason}, outcome_note = ${legacy.outcomeNote} WHERE id = ${draft.id}::uuid`;
    await db.$executeRaw`
      UPDATE referral_status_changes SET note = ${legacy.statusNote} WHERE referral_id = ${draft.id}::uuid AND "to" = 'sent'`;
    await db.$executeRaw`
      INSERT INTO referral_link_uses (id, link_id, action, note)
      SELECT gen_random_uuid(), l.id, 'acknowledge', ${legacy.useNote} FROM referral_links l WHERE l.referral_id = ${draft.id}::uuid`;
    await db.$executeRaw`UPDATE case_links SET note = ${legacy.linkNote} WHERE case_id = ${id}::uuid`;
    await db.$executeRaw`UPDATE case_reviews SET comment = ${legacy.comment} WHERE case_id = ${id}::uuid`;
    await db.$executeRaw`UPDATE person_requests SET refusal_reason = ${legacy.refusal} WHERE id = ${requestId}::uuid`;
    await db.$executeRaw`UPDATE evidence_files SET original_name = ${legacy.fileName} WHERE id = ${fileId}::uuid`;

    const readAll = async () => {
      const page = (await t.http.get(`/api/v1/cases/${id}`).set(as).expect(200)).body as {
        summary: string;
        links: { note: string | null }[];
      };
      expect(page.summary).toBe(legacy.summary);
      expect(page.links.map((l) => l.note)).toEqual([legacy.linkNote]);
      const retention = await t.http.get(`/api/v1/cases/${id}/retention`).set(as).expect(200);
      expect(retention.body.legalHold.reason).toBe(legacy.holdReason);
      const referral = await referralOf(draft.id);
      expect(referral).toMatchObject({ reason: legacy.reason, outcomeNote: legacy.outcomeNote });
      expect(referral.history.map((h) => h.note)).toEqual([null, legacy.statusNote]);
      expect(referral.partnerLink?.uses.map((u) => u.note)).toEqual([legacy.useNote]);
      const evidence = await t.http.get(`/api/v1/cases/${id}/evidence`).set(as).expect(200);
      expect(evidence.body.files.map((f: { name: string }) => f.name)).toEqual([legacy.fileName]);
      const status = await t.http.post('/api/v1/intakes/status').send(pair).expect(200);
      expect(status.body.requests.map((r: { refusalReason: string }) => r.refusalReason)).toEqual([
        legacy.refusal,
      ]);
    };
    await readAll();
    // The review comment is only ever written (the API has no reader of it); it is checked at rest below.
    expect(inClear(await storedRows(), legacy).sort()).toEqual(Object.keys(legacy).sort());

    const jobs = await createJobsTestApp();
    try {
      await jobs.app.get(JobsService).send(reencryptJob, {});
      await eventually(async () => {
        const stored = await storedValues();
        return Object.values(stored).every((values) => values.every((v) => v.startsWith('enc:v1:')))
          ? stored
          : undefined;
      });
    } finally {
      await jobs.close();
    }
    expect(inClear(await storedRows(), legacy)).toEqual([]);
    await readAll();
  });
});
