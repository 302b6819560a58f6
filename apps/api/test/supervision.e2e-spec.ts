// Bulk actions from the queue, the supervisors' workload view and review queue, on a real database.
import { randomBytes } from 'node:crypto';
import { createDbClient, type CaseStatus, type DbClient, type Urgency } from '@madoguchi/db';
import type {
  TCaseBulkReply,
  TCaseBulkRequestInput,
  TCaseCreated,
  TCaseCreateInput,
  TCaseReviewCreateInput,
  TCaseSummary,
  TReviewQueue,
  TWorkload,
} from '@madoguchi/shared';
import { createStaff, staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'supervisor')]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function newCase(): Promise<TCaseCreated['case']> {
  const res = await t.http
    .post('/api/v1/cases')
    .set(counselor.headers)
    .send({ description: '知らない番号から未納料金のSMSが届きました。' } satisfies TCaseCreateInput)
    .expect(201);
  return (res.body as TCaseCreated).case;
}

let receipts = 0;
/** A case written straight to the database, for states and ages the API would take days to reach. */
async function insertCase(data: {
  status?: CaseStatus;
  urgency?: Urgency;
  priority?: Urgency;
  assigneeId?: string | null;
  ageMs?: number;
  closedAgoMs?: number;
  nextFollowUpAt?: Date | null;
  triageOverridden?: boolean;
}): Promise<{ id: string; receiptNumber: string }> {
  receipts += 1;
  const now = t.now();
  const urgency = data.urgency ?? 'normal';
  const row = await db.case.create({
    data: {
      receiptNumber: `SV${randomBytes(2).toString('hex').toUpperCase()}-${String(receipts).padStart(4, '0')}`,
      accessCodeHash: 'not-a-real-hash',
      status: data.status ?? 'in_progress',
      urgency,
      priority: data.priority ?? urgency,
      channel: 'phone',
      assigneeId: data.assigneeId ?? null,
      createdAt: new Date(now - (data.ageMs ?? HOUR)),
      closedAt: data.closedAgoMs === undefined ? null : new Date(now - data.closedAgoMs),
      triageOverridden: data.triageOverridden ?? null,
    },
    select: { id: true, receiptNumber: true },
  });
  if (data.nextFollowUpAt !== undefined) {
    // next_follow_up_at is kept by the database from follow_up_at (migration case_next_follow_up).
    await db.case.update({ where: { id: row.id }, data: { followUpAt: data.nextFollowUpAt } });
  }
  return row;
}

/** A sent referral, so the closed case is not "closed without a referral". */
async function sentReferral(caseId: string): Promise<void> {
  await db.referral.create({
    data: {
      referralNumber: `R-SV-${randomBytes(4).toString('hex')}`,
      caseId,
      windowSlug: 'consumer-188',
      reason: '消費生活センターへ',
      method: 'letter',
      status: 'sent',
      consent: { givenBy: 'client', fields: ['summary'] },
      sentAt: new Date(t.now() - 2 * DAY),
      createdById: counselor.user.id,
    },
  });
}

function bulk(body: TCaseBulkRequestInput, as: StaffSession = counselor) {
  return t.http.post('/api/v1/cases/bulk').set(as.headers).send(body);
}

async function summary(id: string): Promise<TCaseSummary> {
  return (await t.http.get(`/api/v1/cases/${id}`).set(counselor.headers).expect(200)).body as TCaseSummary;
}

async function auditActions(caseId: string): Promise<string[]> {
  const rows = await db.auditLog.findMany({
    where: { caseId },
    orderBy: { id: 'asc' },
    select: { action: true },
  });
  return rows.map((row) => row.action);
}

describe('POST /cases/bulk', () => {
  it('assigns every case of the batch through the single action, each audited, and notifies once per case', async () => {
    const colleague = await createStaff('counselor');
    const cases = [await newCase(), await newCase(), await newCase()];
    const res = await bulk({
      caseIds: cases.map((c) => c.id),
      action: { kind: 'assign', assigneeId: colleague.id },
    }).expect(200);
    const reply = res.body as TCaseBulkReply;
    expect(reply).toMatchObject({ applied: 3, refused: 0 });
    expect(reply.results.map((r) => [r.caseId, r.ok])).toEqual(cases.map((c) => [c.id, true]));
    expect(reply.results.map((r) => r.receiptNumber)).toEqual(cases.map((c) => c.receiptNumber));
    for (const c of cases) {
      const after = await summary(c.id);
      expect(after.assignee?.id).toBe(colleague.id);
      expect(after.version).toBe(c.version + 1);
      expect(await auditActions(c.id)).toContain('case.update');
      expect(await db.notification.count({ where: { caseId: c.id, recipientId: colleague.id } })).toBe(1);
    }
    const batchRow = await db.auditLog.findFirstOrThrow({
      where: { action: 'case.bulk', actorId: counselor.user.id },
      orderBy: { id: 'desc' },
    });
    expect(batchRow.meta).toMatchObject({ kind: 'assign', requested: 3, applied: 3, refused: 0 });

    // The same batch again changes nothing: no new version, no second notification.
    const again = (
      await bulk({
        caseIds: cases.map((c) => c.id),
        action: { kind: 'assign', assigneeId: colleague.id },
      }).expect(200)
    ).body as TCaseBulkReply;
    expect(again.results.every((r) => r.ok && r.unchanged)).toBe(true);
    expect((await summary(cases[0]!.id)).version).toBe(cases[0]!.version + 1);
  });

  it('applies a status change where the workflow allows it and refuses the rest with the reason', async () => {
    const [a, b] = [await newCase(), await newCase()];
    const closed = await insertCase({ status: 'closed', closedAgoMs: HOUR });
    const missing = '00000000-0000-4000-8000-00000000beef';
    const res = await bulk({
      caseIds: [a.id, closed.id, b.id, missing],
      action: { kind: 'status', status: 'triaged' },
    }).expect(200);
    const reply = res.body as TCaseBulkReply;
    expect(reply).toMatchObject({ applied: 2, refused: 2 });
    expect(reply.results).toEqual([
      { caseId: a.id, receiptNumber: a.receiptNumber, ok: true, unchanged: false },
      {
        caseId: closed.id,
        receiptNumber: closed.receiptNumber,
        ok: false,
        reason: 'transition_not_allowed',
        message: { ja: expect.any(String), en: expect.any(String) },
      },
      { caseId: b.id, receiptNumber: b.receiptNumber, ok: true, unchanged: false },
      expect.objectContaining({ caseId: missing, receiptNumber: null, ok: false, reason: 'not_found' }),
    ]);
    expect((await summary(a.id)).status).toBe('triaged');
    expect((await db.case.findUniqueOrThrow({ where: { id: closed.id } })).status).toBe('closed');
    expect(await auditActions(a.id)).toContain('case.status_change');
    expect(await auditActions(closed.id)).not.toContain('case.status_change');
  });

  it('closing needs a reason per case, as a single close does', async () => {
    const c = await newCase();
    const refused = (
      await bulk({ caseIds: [c.id], action: { kind: 'status', status: 'closed' } }).expect(200)
    ).body as TCaseBulkReply;
    expect(refused.results[0]).toMatchObject({ ok: false, reason: 'reason_required' });
    const done = (
      await bulk({
        caseIds: [c.id],
        action: { kind: 'status', status: 'closed', reason: '解決済み(まとめて終了)' },
      }).expect(200)
    ).body as TCaseBulkReply;
    expect(done.results[0]).toMatchObject({ ok: true });
    expect((await summary(c.id)).status).toBe('closed');
  });

  it('adds a tag, keeping the tags a case has, once', async () => {
    const c = await newCase();
    await t.http
      .patch(`/api/v1/cases/${c.id}`)
      .set(counselor.headers)
      .send({ tags: ['既存'], version: c.version })
      .expect(200);
    const body = {
      caseIds: [c.id],
      action: { kind: 'tag', tag: '要折返し' },
    } satisfies TCaseBulkRequestInput;
    expect(((await bulk(body).expect(200)).body as TCaseBulkReply).results[0]).toMatchObject({
      ok: true,
      unchanged: false,
    });
    expect(((await bulk(body).expect(200)).body as TCaseBulkReply).results[0]).toMatchObject({
      unchanged: true,
    });
    expect((await summary(c.id)).tags).toEqual(['既存', '要折返し']);
  });

  it('refuses a batch over 100 cases, an unknown assignee and an empty batch with field errors', async () => {
    const ids = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const tooMany = await bulk({ caseIds: ids, action: { kind: 'tag', tag: 'x' } }).expect(400);
    expect(tooMany.body.details.fields[0].path).toBe('caseIds');
    await bulk({ caseIds: [], action: { kind: 'tag', tag: 'x' } }).expect(400);
    const c = await newCase();
    const unknown = await bulk({
      caseIds: [c.id],
      action: { kind: 'assign', assigneeId: '00000000-0000-4000-8000-00000000dead' },
    }).expect(400);
    expect(unknown.body.details.fields[0].path).toBe('action.assigneeId');
    expect((await summary(c.id)).assignee).toBeNull();
  });
});

describe('GET /supervision/workload', () => {
  it('is for supervisors only', async () => {
    await t.http.get('/api/v1/supervision/workload').set(counselor.headers).expect(403);
  });

  it('counts each assignee’s open cases by urgency, age and overdue follow-ups', async () => {
    const busy = await createStaff('counselor');
    const idle = await createStaff('counselor');
    await insertCase({ assigneeId: busy.id, urgency: 'emergency', ageMs: 2 * HOUR });
    await insertCase({ assigneeId: busy.id, urgency: 'high', ageMs: 3 * DAY });
    await insertCase({
      assigneeId: busy.id,
      urgency: 'normal',
      ageMs: 10 * DAY,
      nextFollowUpAt: new Date(t.now() - DAY),
    });
    await insertCase({ assigneeId: busy.id, status: 'closed', closedAgoMs: HOUR, ageMs: 20 * DAY });
    const res = await t.http.get('/api/v1/supervision/workload').set(supervisor.headers).expect(200);
    const workload = res.body as TWorkload;
    const row = workload.rows.find((r) => r.assignee?.id === busy.id);
    expect(row).toEqual({
      assignee: { id: busy.id, displayName: expect.any(String), role: 'counselor', active: true },
      open: 3,
      byUrgency: { emergency: 1, high: 1, normal: 1, low: 0 },
      byAge: { under1d: 1, days1to7: 1, over7d: 1 },
      followUpOverdue: 1,
    });
    // A counselor with nothing open is listed too (room for the next case), and the unassigned row comes last.
    expect(workload.rows.find((r) => r.assignee?.id === idle.id)).toMatchObject({ open: 0 });
    expect(workload.rows.at(-1)?.assignee).toBeNull();
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('the review queue', () => {
  async function queue(query: Record<string, string> = {}): Promise<TReviewQueue> {
    return (await t.http.get('/api/v1/supervision/reviews').query(query).set(supervisor.headers).expect(200))
      .body as TReviewQueue;
  }
  const review = (caseId: string, body: TCaseReviewCreateInput, as: StaffSession = supervisor) =>
    t.http.post(`/api/v1/supervision/reviews/${caseId}`).set(as.headers).send(body);

  it('lists closed-without-referral, emergency and overridden cases, and a review takes one out', async () => {
    const owner = await createStaff('counselor');
    const noReferral = await insertCase({
      status: 'closed',
      closedAgoMs: DAY,
      ageMs: 3 * DAY,
      assigneeId: owner.id,
    });
    const referred = await insertCase({ status: 'closed', closedAgoMs: DAY, ageMs: 3 * DAY });
    await sentReferral(referred.id);
    const emergency = await insertCase({ urgency: 'emergency' });
    const reprioritised = await insertCase({ urgency: 'normal', priority: 'high' });
    const recategorised = await insertCase({ triageOverridden: true });
    const ordinary = await insertCase({});
    const oldClosed = await insertCase({ status: 'closed', closedAgoMs: 40 * DAY, ageMs: 50 * DAY });

    const items = (await queue()).items;
    const reasonsOf = (id: string) => items.find((item) => item.caseId === id)?.reasons;
    expect(reasonsOf(noReferral.id)).toContain('closed_without_referral');
    expect(items.find((item) => item.caseId === noReferral.id)?.assignee?.id).toBe(owner.id);
    expect(reasonsOf(emergency.id)).toEqual(['emergency']);
    expect(reasonsOf(reprioritised.id)).toEqual(['triage_overridden']);
    expect(reasonsOf(recategorised.id)).toEqual(['triage_overridden']);
    expect(reasonsOf(referred.id)).toBeUndefined();
    expect(reasonsOf(ordinary.id)).toBeUndefined();
    expect(reasonsOf(oldClosed.id)).toBeUndefined();
    // Emergencies first.
    expect(items[0]?.reasons).toContain('emergency');
    expect((await queue({ reason: 'emergency' })).items.every((i) => i.reasons.includes('emergency'))).toBe(
      true,
    );

    await review(noReferral.id, { verdict: 'concern' }).expect(400);
    await review(noReferral.id, { verdict: 'agree' }, counselor).expect(403);
    const created = await review(noReferral.id, {
      verdict: 'concern',
      comment: '紹介先の検討を記録に残してください',
    }).expect(201);
    expect(created.body).toMatchObject({
      caseId: noReferral.id,
      reviewerId: supervisor.user.id,
      verdict: 'concern',
      reasons: expect.arrayContaining(['closed_without_referral']),
    });
    expect((await queue()).items.map((i) => i.caseId)).not.toContain(noReferral.id);
    const again = await review(noReferral.id, { verdict: 'agree' }).expect(409);
    expect(again.body.details.reason).toBe('duplicate');
    const audit = await db.auditLog.findFirstOrThrow({
      where: { caseId: noReferral.id, action: 'case.review' },
    });
    expect(audit.meta).toMatchObject({ verdict: 'concern', comment: true });
    await review('00000000-0000-4000-8000-00000000f00d', { verdict: 'agree' }).expect(404);
  });

  it("draws a stable tenth of each counselor's closed cases, and reviewing one draws no other", async () => {
    const sampled = await createStaff('counselor');
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const c = await insertCase({
        status: 'closed',
        closedAgoMs: (i + 1) * HOUR,
        ageMs: 2 * DAY,
        assigneeId: sampled.id,
      });
      await sentReferral(c.id);
      ids.push(c.id);
    }
    const drawn = async () =>
      (await queue({ reason: 'sample' })).items
        .filter((i) => i.assignee?.id === sampled.id)
        .map((i) => i.caseId);
    const first = await drawn();
    expect(first).toHaveLength(2);
    expect(first.every((id) => ids.includes(id))).toBe(true);
    expect(await drawn()).toEqual(first);
    await review(first[0]!, { verdict: 'agree' }).expect(201);
    expect(await drawn()).toEqual([first[1]]);
  });
});
