import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TCreateReferral, TReferral, TReferralStatusRequest, TUpdateReferral } from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { openStoredEvents } from './stored-texts';
import { createTestApp, type TestApp } from './test-app';

/** Numbers the next referrals get instead of random ones (to force a clash); empty → the real generator. */
const mockForcedNumbers: string[] = [];
jest.mock('../src/modules/referrals/referral-number', () => {
  const actual = jest.requireActual<typeof import('../src/modules/referrals/referral-number')>(
    '../src/modules/referrals/referral-number',
  );
  return { newReferralNumber: (now: Date) => mockForcedNumbers.shift() ?? actual.newReferralNumber(now) };
});

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'supervisor')]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** A case as the public form creates it; its id read from the database. */
async function newCase(person: { age?: number; prefecture?: '13' | '27' } = { age: 30 }): Promise<string> {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({ description: '身に覚えのない請求のSMSが届き、電話するよう書かれていました。', person })
    .expect(201);
  const row = await db.case.findUniqueOrThrow({
    where: { receiptNumber: res.body.receiptNumber },
    select: { id: true },
  });
  return row.id;
}

const toConsumerCentre = {
  windowSlug: 'consumer-188',
  reason: '架空請求。消費生活センターで支払わない方法の助言を受けてもらう',
  method: 'warm_transfer',
  consent: { givenBy: 'client', fields: ['summary', 'categories', 'age'] },
} satisfies TCreateReferral;

async function createReferral(caseId: string, body: TCreateReferral = toConsumerCentre): Promise<TReferral> {
  const res = await t.http
    .post(`/api/v1/cases/${caseId}/referrals`)
    .set(counselor.headers)
    .send(body)
    .expect(201);
  return res.body as TReferral;
}

function changeStatus(id: string, body: TReferralStatusRequest) {
  return t.http.post(`/api/v1/referrals/${id}/status`).set(counselor.headers).send(body);
}

describe('POST /api/v1/cases/:caseId/referrals', () => {
  it('drafts a referral with its consent, number and first history row, on the timeline and in the audit log', async () => {
    const caseId = await newCase();
    const referral = await createReferral(caseId);

    expect(referral).toMatchObject({
      caseId,
      referralNumber: expect.stringMatching(/^R-\d{4}-[2-9A-HJ-NP-Z]{6}$/),
      window: { slug: 'consumer-188', active: true, name: { ja: expect.any(String) } },
      method: 'warm_transfer',
      status: 'draft',
      statusLabel: { ja: '下書き', en: 'Draft' },
      warnings: [],
      version: 1,
      sentAt: null,
      followUpDueAt: null,
      createdById: counselor.user.id,
      consent: {
        givenBy: 'client',
        recordedById: counselor.user.id,
        fields: ['summary', 'categories', 'age'],
        givenAt: expect.any(String),
      },
    });
    expect(referral.history).toEqual([
      { from: null, to: 'draft', actorId: counselor.user.id, note: null, at: expect.any(String) },
    ]);

    const events = await db.caseEvent.findMany({ where: { caseId, kind: 'referral' } });
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ referralId: referral.id, windowSlug: 'consumer-188', to: 'draft' }),
    ]);
    const audit = await db.auditLog.findMany({ where: { action: 'referral.create', entityId: referral.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: counselor.user.id, actorRole: 'counselor', caseId });
    // The reason is free text about the person; the append-only log must not keep it.
    expect(JSON.stringify(audit[0]!.meta)).not.toContain('架空請求');
    // Drafting alone does not change the case.
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: 'new',
      version: 1,
    });
  });

  it('draws a new referral number when the random one is already taken', async () => {
    const caseId = await newCase();
    mockForcedNumbers.push('R-2026-CLASH2');
    const first = await createReferral(caseId);
    mockForcedNumbers.push('R-2026-CLASH2');
    const second = await createReferral(caseId);
    expect(first.referralNumber).toBe('R-2026-CLASH2');
    expect(second.referralNumber).toMatch(/^R-\d{4}-[2-9A-HJ-NP-Z]{6}$/);
    expect(second.referralNumber).not.toBe(first.referralNumber);
    expect(await db.referral.count({ where: { caseId } })).toBe(2);
  });

  it('warns before referring an adult to childline, and stores the warning once acknowledged', async () => {
    const caseId = await newCase({ age: 30 });
    const body = {
      windowSlug: 'childline',
      reason: '子どもの頃のいじめについて話を聞いてほしいとのこと',
      method: 'guided_client',
      consent: { givenBy: 'client', fields: [] },
    } satisfies TCreateReferral;

    const refused = await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send(body)
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'conflict',
      details: {
        reason: 'eligibility_warning',
        warnings: [{ ja: '18歳までの人のための窓口です', en: 'This window is for people aged up to 18' }],
      },
    });
    expect(await db.referral.count({ where: { caseId } })).toBe(0);

    const referral = await createReferral(caseId, { ...body, acknowledgeWarnings: true });
    expect(referral.warnings).toEqual([
      { ja: '18歳までの人のための窓口です', en: 'This window is for people aged up to 18' },
    ]);
    const stored = await db.referral.findUniqueOrThrow({ where: { id: referral.id } });
    expect(stored.warnings).toEqual(referral.warnings);
  });

  it('refers a child to childline without any warning', async () => {
    const caseId = await newCase({ age: 12 });
    const referral = await createReferral(caseId, {
      windowSlug: 'childline',
      reason: 'クラスのグループLINEで悪口を書かれている',
      method: 'guided_client',
      consent: { givenBy: 'guardian', fields: ['summary'] },
    });
    expect(referral.warnings).toEqual([]);
    expect(referral.consent.givenBy).toBe('guardian');
  });

  it('refuses an inactive or unknown window (400), a missing case (404) and a closed case (409)', async () => {
    const caseId = await newCase();
    await db.referralWindow.update({ where: { slug: 'jadma' }, data: { active: false } });
    const inactive = await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({ ...toConsumerCentre, windowSlug: 'jadma' })
      .expect(400);
    expect(inactive.body.details).toMatchObject({ reason: 'window_inactive' });
    await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({ ...toConsumerCentre, windowSlug: 'no-such-window' })
      .expect(400);
    await t.http
      .post('/api/v1/cases/00000000-0000-4000-8000-000000000000/referrals')
      .set(counselor.headers)
      .send(toConsumerCentre)
      .expect(404);

    await db.case.update({ where: { id: caseId }, data: { status: 'closed', closedAt: new Date() } });
    const closed = await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send(toConsumerCentre)
      .expect(409);
    expect(closed.body.details).toMatchObject({ reason: 'case_closed' });
    expect(await db.referral.count({ where: { caseId } })).toBe(0);
  });

  it('answers 400 with field messages for a malformed body, and 401 without a session', async () => {
    const caseId = await newCase();
    const res = await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({ ...toConsumerCentre, consent: { givenBy: 'client', fields: ['bank_statement'] } })
      .expect(400);
    expect(res.body.details.fields[0]).toMatchObject({ path: 'consent.fields.0' });
    await t.http.post(`/api/v1/cases/${caseId}/referrals`).send(toConsumerCentre).expect(401);
  });
});

describe('POST /api/v1/referrals/:id/status', () => {
  it('sending moves a new case through in_progress to referred, in one go, with the events and history', async () => {
    const caseId = await newCase();
    const referral = await createReferral(caseId);
    const before = Date.now();

    const res = await changeStatus(referral.id, {
      to: 'sent',
      note: '188に電話でつないだ',
      version: 1,
    }).expect(200);
    expect(res.body).toMatchObject({ status: 'sent', version: 2, sentAt: expect.any(String) });
    // The follow-up falls due a week after sending unless set.
    const due = Date.parse(res.body.followUpDueAt);
    expect(due).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS + 1000);
    expect(res.body.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'draft'],
      ['draft', 'sent'],
    ]);
    expect(res.body.history[1]).toMatchObject({ actorId: counselor.user.id, note: '188に電話でつないだ' });

    const stored = await db.case.findUniqueOrThrow({
      where: { id: caseId },
      include: { events: { orderBy: { createdAt: 'asc' } } },
    });
    expect(stored.status).toBe('referred');
    expect(stored.version).toBe(2);
    const statusEvents = (await openStoredEvents(t, stored.events))
      .filter((e) => e.kind === 'status_change')
      .map((e) => e.data);
    expect(statusEvents).toEqual([
      { from: 'new', to: 'in_progress', reason: 'referral sent', referralId: referral.id },
      { from: 'in_progress', to: 'referred', reason: 'referral sent', referralId: referral.id },
    ]);
    expect(
      stored.events.filter((e) => e.kind === 'referral').map((e) => (e.data as { to: string }).to),
    ).toEqual(['draft', 'sent']);
    const actions = (await db.auditLog.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['referral.create', 'referral.send', 'case.status_change']),
    );
  });

  it('takes one step from in_progress, none when the case is already referred, and refuses a closed case', async () => {
    const caseId = await newCase();
    await db.case.update({ where: { id: caseId }, data: { status: 'in_progress' } });
    const first = await createReferral(caseId);
    const second = await createReferral(caseId, { ...toConsumerCentre, windowSlug: 'police-cyber' });

    await changeStatus(first.id, { to: 'sent', version: 1 }).expect(200);
    let events = await db.caseEvent.findMany({ where: { caseId, kind: 'status_change' } });
    expect((await openStoredEvents(t, events)).map((e) => e.data)).toEqual([
      { from: 'in_progress', to: 'referred', reason: 'referral sent', referralId: first.id },
    ]);

    await changeStatus(second.id, { to: 'sent', version: 1 }).expect(200);
    events = await db.caseEvent.findMany({ where: { caseId, kind: 'status_change' } });
    expect(events).toHaveLength(1);
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      status: 'referred',
      version: 2,
    });

    const closedCase = await newCase();
    const draft = await createReferral(closedCase);
    await db.case.update({ where: { id: closedCase }, data: { status: 'closed', closedAt: new Date() } });
    const res = await changeStatus(draft.id, { to: 'sent', version: 1 }).expect(409);
    expect(res.body.details).toMatchObject({ reason: 'case_closed' });
    expect(await db.referral.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({
      status: 'draft',
      version: 1,
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: closedCase } })).toMatchObject({
      status: 'closed',
    });
  });

  it('refuses a move the loop does not allow with 409, and leaves the referral as it was', async () => {
    const caseId = await newCase();
    const referral = await createReferral(caseId);
    const res = await changeStatus(referral.id, { to: 'completed', version: 1 }).expect(409);
    expect(res.body).toMatchObject({
      code: 'conflict',
      message: { ja: '紹介を「下書き」から「対応完了」には変更できません' },
      details: { reason: 'transition_not_allowed', from: 'draft', to: 'completed' },
    });

    await changeStatus(referral.id, { to: 'cancelled', note: '本人が自分で連絡すると', version: 1 }).expect(
      200,
    );
    const terminal = await changeStatus(referral.id, { to: 'sent', version: 2 }).expect(409);
    expect(terminal.body.details).toMatchObject({ reason: 'transition_not_allowed', from: 'cancelled' });
    const stored = await db.referral.findUniqueOrThrow({
      where: { id: referral.id },
      include: { history: true },
    });
    expect(stored).toMatchObject({ status: 'cancelled', version: 2, closedAt: expect.any(Date) });
    expect(stored.history).toHaveLength(2);
  });

  it('closes the loop: no reply, sent again, acknowledged, completed with an outcome', async () => {
    const caseId = await newCase();
    const referral = await createReferral(caseId);
    await changeStatus(referral.id, { to: 'sent', version: 1 }).expect(200);
    await changeStatus(referral.id, { to: 'no_response', note: '1週間連絡なし', version: 2 }).expect(200);
    const resent = await changeStatus(referral.id, { to: 'sent', note: '再度電話', version: 3 }).expect(200);
    expect(Date.parse(resent.body.followUpDueAt)).toBeGreaterThan(Date.now() + 6 * DAY_MS);
    const acknowledged = await changeStatus(referral.id, { to: 'acknowledged', version: 4 }).expect(200);
    expect(acknowledged.body.acknowledgedAt).toEqual(expect.any(String));
    const done = await changeStatus(referral.id, {
      to: 'completed',
      outcomeNote: 'センターのあっせんで請求は取り下げられた',
      version: 5,
    }).expect(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      outcomeNote: 'センターのあっせんで請求は取り下げられた',
      closedAt: expect.any(String),
      version: 6,
    });
    expect(done.body.history.map((h: { to: string }) => h.to)).toEqual([
      'draft',
      'sent',
      'no_response',
      'sent',
      'acknowledged',
      'completed',
    ]);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const caseId = await newCase();
    const referral = await createReferral(caseId);
    await t.http
      .patch(`/api/v1/referrals/${referral.id}`)
      .set(supervisor.headers)
      .send({ reason: '理由を具体的に書き直した', version: 1 } satisfies TUpdateReferral)
      .expect(200);

    const stale = await changeStatus(referral.id, { to: 'sent', version: 1 }).expect(409);
    expect(stale.body.details).toEqual({ reason: 'version_conflict', currentVersion: 2 });
    const stalePatch = await t.http
      .patch(`/api/v1/referrals/${referral.id}`)
      .set(counselor.headers)
      .send({ method: 'letter', version: 1 } satisfies TUpdateReferral)
      .expect(409);
    expect(stalePatch.body.details).toMatchObject({ reason: 'version_conflict' });

    const stored = await db.referral.findUniqueOrThrow({ where: { id: referral.id } });
    expect(stored).toMatchObject({ status: 'draft', method: 'warm_transfer', version: 2 });
    expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'new' });
  });
});

describe('PATCH /api/v1/referrals/:id', () => {
  it('edits the referral, bumps the version and audits the field names only', async () => {
    const caseId = await newCase();
    const referral = await createReferral(caseId);
    const due = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const res = await t.http
      .patch(`/api/v1/referrals/${referral.id}`)
      .set(counselor.headers)
      .send({ method: 'letter', followUpDueAt: due, version: 1 } satisfies TUpdateReferral)
      .expect(200);
    expect(res.body).toMatchObject({ method: 'letter', followUpDueAt: due, version: 2 });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'referral.update', entityId: referral.id },
    });
    expect(audit.meta).toMatchObject({ fields: ['method', 'followUpDueAt'] });

    // A follow-up date planned on the draft survives sending.
    const sent = await changeStatus(referral.id, { to: 'sent', version: 2 }).expect(200);
    expect(sent.body.followUpDueAt).toBe(due);
  });

  it('lets only the outcome note change once the referral is finished', async () => {
    const caseId = await newCase();
    const referral = await createReferral(caseId);
    await changeStatus(referral.id, { to: 'sent', version: 1 }).expect(200);
    await changeStatus(referral.id, { to: 'declined', version: 2 }).expect(200);
    const refused = await t.http
      .patch(`/api/v1/referrals/${referral.id}`)
      .set(counselor.headers)
      .send({ reason: '書き換え', version: 3 } satisfies TUpdateReferral)
      .expect(409);
    expect(refused.body.details).toMatchObject({ reason: 'referral_closed' });
    await t.http
      .patch(`/api/v1/referrals/${referral.id}`)
      .set(counselor.headers)
      .send({ outcomeNote: '対象外とのこと。弁護士会を案内予定', version: 3 } satisfies TUpdateReferral)
      .expect(200);
  });
});

describe('reading referrals', () => {
  it("lists a case's referrals and reads one, audited as one look at the case", async () => {
    const caseId = await newCase();
    const first = await createReferral(caseId);
    const second = await createReferral(caseId, { ...toConsumerCentre, windowSlug: 'police-cyber' });
    const list = await t.http.get(`/api/v1/cases/${caseId}/referrals`).set(counselor.headers).expect(200);
    expect(list.body.map((r: TReferral) => r.id).sort()).toEqual([first.id, second.id].sort());

    const one = await t.http.get(`/api/v1/referrals/${first.id}`).set(counselor.headers).expect(200);
    expect(one.body).toMatchObject({
      id: first.id,
      reason: toConsumerCentre.reason,
      history: [{ to: 'draft' }],
    });

    // The list and the read are one look at the case (AuditService.recordView).
    expect(
      await db.auditLog.findMany({
        where: { action: 'case.read', caseId },
        select: { actorId: true, meta: true },
      }),
    ).toEqual([{ actorId: counselor.user.id, meta: { view: 'referrals' } }]);
    await t.http
      .get('/api/v1/referrals/00000000-0000-4000-8000-000000000000')
      .set(counselor.headers)
      .expect(404);
    await t.http
      .get('/api/v1/cases/00000000-0000-4000-8000-000000000000/referrals')
      .set(counselor.headers)
      .expect(404);
    await t.http.get(`/api/v1/referrals/${first.id}`).expect(401);
  });
});

describe('GET /api/v1/referrals/follow-ups', () => {
  it('lists referrals whose follow-up is due, oldest first, with receipt number and window name', async () => {
    const caseA = await newCase();
    const caseB = await newCase();
    const overdue = await createReferral(caseA);
    const dueSoonest = await createReferral(caseB, { ...toConsumerCentre, windowSlug: 'police-cyber' });
    const notYet = await createReferral(caseA, { ...toConsumerCentre, windowSlug: 'kokusen' });
    const finished = await createReferral(caseB, { ...toConsumerCentre, windowSlug: 'houterasu' });
    const draft = await createReferral(caseB, {
      ...toConsumerCentre,
      windowSlug: 'antiphishing',
      followUpDueAt: new Date(Date.now() - 30 * DAY_MS).toISOString(),
    });

    const past = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    await changeStatus(overdue.id, { to: 'sent', followUpDueAt: past(2), version: 1 }).expect(200);
    await changeStatus(dueSoonest.id, { to: 'sent', followUpDueAt: past(5), version: 1 }).expect(200);
    await changeStatus(dueSoonest.id, { to: 'acknowledged', version: 2 }).expect(200);
    await changeStatus(notYet.id, { to: 'sent', version: 1 }).expect(200);
    await changeStatus(finished.id, { to: 'sent', followUpDueAt: past(9), version: 1 }).expect(200);
    await changeStatus(finished.id, { to: 'declined', version: 2 }).expect(200);

    const res = await t.http.get('/api/v1/referrals/follow-ups').set(counselor.headers).expect(200);
    const mine = (res.body as { id: string }[]).filter((r) =>
      [overdue.id, dueSoonest.id, notYet.id, finished.id, draft.id].includes(r.id),
    );
    expect(mine.map((r) => r.id)).toEqual([dueSoonest.id, overdue.id]);
    const receiptB = (await db.case.findUniqueOrThrow({ where: { id: caseB } })).receiptNumber;
    expect(mine[0]).toMatchObject({
      referralNumber: dueSoonest.referralNumber,
      status: 'acknowledged',
      case: { id: caseB, receiptNumber: receiptB },
      window: { slug: 'police-cyber', name: { ja: expect.any(String), en: expect.any(String) } },
    });
    const dues = (res.body as { followUpDueAt: string }[]).map((r) => Date.parse(r.followUpDueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(dues.every((d) => d <= Date.now())).toBe(true);
  });
});
