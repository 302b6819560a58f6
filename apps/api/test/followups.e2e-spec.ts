// Follow-ups and response targets that act, on the API's injected clock (tests move it, never sleep):
// a referral's follow-up date shows in the queue's follow-up column, view and count; followups.scan tells
// the assignee once per due date; response.scan warns before a target is missed and again when it is,
// counting the desk's hours across a weekend and a national holiday.
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  DEFAULT_DESK_SCHEDULE,
  DEFAULT_RESPONSE_TARGETS,
  type TCaseCreated,
  type TCaseCreateInput,
  type TCaseList,
  type TCreateReferral,
  type TReferral,
} from '@madoguchi/shared';
import { FollowupsService } from '../src/modules/followups/followups.service';
import { ResponseScanService } from '../src/modules/desk/response-scan.service';
import { NotificationsService } from '../src/modules/notifications/notifications.service';
import { createStaff, staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'supervisor')]);
}, 60_000);

/** Each test starts at the real time (sign-ins are valid then) and moves the clock from there. */
beforeEach(() => setClock(new Date()));

afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/** Moves the API's clock to an instant (backwards too). */
function setClock(at: Date): void {
  t.advanceClock(at.getTime() - t.now());
}

/** A case taken by phone, assigned to the counselor, at this priority. */
async function assignedCase(
  priority: 'high' | 'normal' = 'normal',
): Promise<{ id: string; version: number }> {
  const created = await t.http
    .post('/api/v1/cases')
    .set(counselor.headers)
    .send({ description: '知らない番号から未納料金の請求が来ました' } satisfies TCaseCreateInput)
    .expect(201);
  const { id, version } = (created.body as TCaseCreated).case;
  const res = await t.http
    .patch(`/api/v1/cases/${id}`)
    .set(counselor.headers)
    .send({ version, assigneeId: 'me', priority, priorityReason: '期限の確認のため' })
    .expect(200);
  return { id, version: (res.body as { version: number }).version };
}

async function sentReferral(caseId: string): Promise<TReferral> {
  const created = await t.http
    .post(`/api/v1/cases/${caseId}/referrals`)
    .set(counselor.headers)
    .send({
      windowSlug: 'consumer-188',
      reason: '架空請求。消費生活センターで支払わない方法の助言を受けてもらう',
      method: 'warm_transfer',
      consent: { givenBy: 'client', fields: ['summary', 'categories', 'age'] },
    } satisfies TCreateReferral)
    .expect(201);
  const sent = await t.http
    .post(`/api/v1/referrals/${(created.body as TReferral).id}/status`)
    .set(counselor.headers)
    .send({ to: 'sent', version: 1 })
    .expect(200);
  return sent.body as TReferral;
}

async function queue(query: Record<string, string> = {}): Promise<TCaseList> {
  const res = await t.http
    .get('/api/v1/cases')
    .query({ limit: '100', ...query })
    .set(counselor.headers)
    .expect(200);
  return res.body as TCaseList;
}

/** The notifications made about a case, as stored (the kinds in the database's spelling, followup_due). */
function notificationsOf(caseId: string) {
  return db.notification.findMany({
    where: { caseId },
    select: { recipientId: true, kind: true, key: true },
    orderBy: [{ kind: 'asc' }, { recipientId: 'asc' }],
  });
}

describe("the queue's follow-up column", () => {
  it("shows a sent referral's follow-up date, and counts it in the overdue view when it has passed", async () => {
    const { id } = await assignedCase();
    const before = await queue();
    const referral = await sentReferral(id);
    // Sending moved the case to "referred": a new version.
    const { version } = await db.case.findUniqueOrThrow({ where: { id }, select: { version: true } });

    // Sent now: the 7-day check is the case's next follow-up.
    let row = (await queue()).items.find((item) => item.id === id)!;
    expect(row.followUp).toEqual({ at: referral.followUpDueAt, overdue: false, fromReferral: true });

    // The case's own date is later; the referral's passed yesterday: the referral's shows, overdue.
    const yesterday = new Date(Date.now() - DAY_MS);
    await db.referral.update({ where: { id: referral.id }, data: { followUpDueAt: yesterday } });
    await t.http
      .patch(`/api/v1/cases/${id}`)
      .set(counselor.headers)
      .send({ version, followUpAt: new Date(Date.now() + 3 * DAY_MS).toISOString() })
      .expect(200);
    const overdue = await queue({ followUpOverdue: 'true', counts: 'true' });
    row = overdue.items.find((item) => item.id === id)!;
    expect(row.followUp).toEqual({ at: yesterday.toISOString(), overdue: true, fromReferral: true });
    expect(overdue.counts!.followUpOverdue).toBe(before.items.filter((i) => i.followUp?.overdue).length + 1);
    expect((await queue({ followUpOverdue: 'false' })).items.map((item) => item.id)).not.toContain(id);

    // Once the window has answered and the loop is closed, the referral no longer asks for a check.
    await db.referral.update({ where: { id: referral.id }, data: { status: 'completed' } });
    row = (await queue()).items.find((item) => item.id === id)!;
    expect(row.followUp).toMatchObject({ overdue: false, fromReferral: false });
    expect((await queue({ followUpOverdue: 'true' })).items.map((item) => item.id)).not.toContain(id);
  });
});

describe('followups.scan', () => {
  it('tells the assignee once per due date, and again when a new date falls due', async () => {
    const scanner = t.app.get(FollowupsService);
    const { id } = await assignedCase();
    const referral = await sentReferral(id);
    const due = new Date(referral.followUpDueAt!);
    const { id: other } = await assignedCase();

    setClock(new Date(due.getTime() - 60_000));
    await scanner.scan();
    expect(await notificationsOf(id)).toEqual([]);

    setClock(new Date(due.getTime() + 60_000));
    const first = await scanner.scan();
    expect(first.due).toBeGreaterThanOrEqual(1);
    await scanner.scan();
    expect(await notificationsOf(id)).toEqual([
      { recipientId: counselor.user.id, kind: 'followup_due', key: `${id}/${due.toISOString()}` },
    ]);

    // Another of the counselor's cases due at the same instant is its own notification.
    await db.case.update({ where: { id: other }, data: { followUpAt: due } });
    await scanner.scan();
    expect(await notificationsOf(other)).toEqual([
      { recipientId: counselor.user.id, kind: 'followup_due', key: `${other}/${due.toISOString()}` },
    ]);

    // The counselor sets another date after the call; when it falls due, they are told again.
    const next = new Date(due.getTime() + 2 * DAY_MS);
    await db.referral.update({ where: { id: referral.id }, data: { followUpDueAt: next } });
    setClock(new Date(next.getTime() + 60_000));
    await scanner.scan();
    expect((await notificationsOf(id)).map((n) => n.key)).toEqual([
      `${id}/${due.toISOString()}`,
      `${id}/${next.toISOString()}`,
    ]);
  });
});

describe('response.scan', () => {
  it('counts desk hours across a weekend and a national holiday before warning and reporting a miss', async () => {
    const scanner = t.app.get(ResponseScanService);
    const { id } = await assignedCase('high');
    // Friday 2026-11-20 15:00 Tokyo; Monday 11-23 is 勤労感謝の日. High: 4 desk hours → Tuesday 11:00.
    await db.case.update({
      where: { id },
      data: { createdAt: new Date('2026-11-20T15:00:00+09:00'), firstResponseAt: null },
    });
    const due = new Date('2026-11-24T11:00:00+09:00').toISOString();
    const supervisors = await db.user.findMany({
      where: { role: 'supervisor', active: true },
      select: { id: true },
    });
    const recipients = [counselor.user.id, ...supervisors.map((s) => s.id)].sort();

    setClock(new Date('2026-11-23T16:50:00+09:00'));
    await scanner.scan();
    expect(await notificationsOf(id)).toEqual([]);

    setClock(new Date('2026-11-24T10:45:00+09:00'));
    await scanner.scan();
    await scanner.scan();
    let sent = await notificationsOf(id);
    expect(sent.map((n) => n.kind)).toEqual(recipients.map(() => 'response_due_soon'));
    expect(sent.map((n) => n.recipientId).sort()).toEqual(recipients);
    expect(new Set(sent.map((n) => n.key))).toEqual(new Set([`${id}/${due}`]));

    setClock(new Date('2026-11-24T11:05:00+09:00'));
    await scanner.scan();
    sent = await notificationsOf(id);
    expect(
      sent
        .filter((n) => n.kind === 'response_overdue')
        .map((n) => n.recipientId)
        .sort(),
    ).toEqual(recipients);
    expect(supervisor.user.id).toBeDefined();

    // Scanned again, still overdue: everyone has it, so nothing is sent again (not even to be refused).
    const notify = jest.spyOn(t.app.get(NotificationsService), 'notify');
    try {
      await scanner.scan();
      expect(notify).not.toHaveBeenCalled();
      // Reassigned: the new assignee is told at the next scan, the others not twice.
      const other = await createStaff('counselor');
      await db.case.update({ where: { id }, data: { assigneeId: other.id } });
      await scanner.scan();
      expect(notify).toHaveBeenCalledTimes(1);
      const overdue = (await notificationsOf(id)).filter((n) => n.kind === 'response_overdue');
      expect(overdue.map((n) => n.recipientId).sort()).toEqual([...recipients, other.id].sort());
    } finally {
      notify.mockRestore();
    }
  });
});

describe('a referral with no answer from the window', () => {
  it('is flagged after the grace period, stays sent, and becomes no_response only when a counselor confirms', async () => {
    const { id: caseId } = await assignedCase();
    const referral = await sentReferral(caseId);
    const read = async () =>
      (await t.http.get(`/api/v1/referrals/${referral.id}`).set(counselor.headers).expect(200))
        .body as TReferral;
    expect(referral.noResponseSuspected).toBe(false);

    // (The follow-up date moves, not the clock: a session does not last two weeks.)
    const dueDaysAgo = (days: number) =>
      db.referral.update({
        where: { id: referral.id },
        data: { followUpDueAt: new Date(t.now() - days * DAY_MS) },
      });
    // Six days past the follow-up date: within the 7-day grace.
    await dueDaysAgo(6);
    expect((await read()).noResponseSuspected).toBe(false);

    // Eight days past: suspected, and nothing changed by itself.
    await dueDaysAgo(8);
    const flagged = await read();
    expect(flagged).toMatchObject({ status: 'sent', noResponseSuspected: true, version: referral.version });
    await t.app.get(FollowupsService).scan();
    expect((await read()).status).toBe('sent');

    // The counselor confirms: the referral's own status change, audited with the counselor as actor.
    const confirmed = await t.http
      .post(`/api/v1/referrals/${referral.id}/status`)
      .set(counselor.headers)
      .send({ to: 'no_response', version: flagged.version, note: '電話でも確認できず' })
      .expect(200);
    expect(confirmed.body).toMatchObject({ status: 'no_response', noResponseSuspected: false });
    const audit = await db.auditLog.findFirst({
      where: { action: 'referral.status_change', entityId: referral.id },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ actorId: counselor.user.id, caseId });
  });
});

describe('the queue sorted by time left (sort=due)', () => {
  it('orders by the stored due time, counted in desk hours across a holiday, and follows new desk settings', async () => {
    const admin = (await staffHeaders(t, 'admin')).headers;
    const tag = `due-sort-${Date.now()}`;
    /** A case of this priority received at a Tokyo wall time, tagged so the test reads only its own. */
    const received = async (priority: 'high' | 'normal', at: string, answered = false) => {
      const { id, version } = await assignedCase(priority);
      await t.http
        .patch(`/api/v1/cases/${id}`)
        .set(counselor.headers)
        .send({ version, tags: [tag] })
        .expect(200);
      await db.case.update({
        where: { id },
        data: { createdAt: new Date(at), firstResponseAt: answered ? new Date(at) : null },
      });
      return id;
    };
    // Monday 2026-11-23 is a national holiday (勤労感謝の日).
    const highFriday = await received('high', '2026-11-20T15:00:00+09:00'); // 2 h Fri + 2 h Tue → Tue 11:00
    const normalThursday = await received('normal', '2026-11-19T10:00:00+09:00'); // Fri, Tue → Tue 17:00
    const highHoliday = await received('high', '2026-11-23T10:00:00+09:00'); // Tue 9:00 + 4 h → Tue 13:00
    const answered = await received('high', '2026-11-19T09:30:00+09:00', true);

    const page = async (cursor?: string) => {
      const res = await t.http
        .get('/api/v1/cases')
        .query({ sort: 'due', tag, limit: '2', ...(cursor ? { cursor } : {}) })
        .set(counselor.headers)
        .expect(200);
      return res.body as TCaseList;
    };
    const all = async () => {
      const first = await page();
      const second = await page(first.nextCursor!);
      expect(second.nextCursor).toBeNull();
      return [...first.items, ...second.items];
    };

    let rows = await all();
    expect(rows.map((row) => row.id)).toEqual([highFriday, highHoliday, normalThursday, answered]);
    expect(rows.map((row) => row.response.dueAt)).toEqual([
      new Date('2026-11-24T11:00:00+09:00').toISOString(),
      new Date('2026-11-24T13:00:00+09:00').toISOString(),
      new Date('2026-11-24T17:00:00+09:00').toISOString(),
      expect.any(String),
    ]);
    expect(rows.at(-1)!.response.met).not.toBeNull();

    // A queue-order cursor does not continue the due order: a clear 400 on the field.
    const queueOrder = await t.http.get('/api/v1/cases').query({ tag, limit: '1' }).set(counselor.headers);
    const mixed = await t.http
      .get('/api/v1/cases')
      .query({ sort: 'due', tag, cursor: (queueOrder.body as TCaseList).nextCursor! })
      .set(counselor.headers)
      .expect(400);
    expect(JSON.stringify(mixed.body)).toContain('cursor');

    // The admin gives normal cases one desk hour: the Thursday case is now due first (Thursday 11:00).
    const settings = { schedule: DEFAULT_DESK_SCHEDULE, targets: { ...DEFAULT_RESPONSE_TARGETS } };
    settings.targets.normal = { unit: 'desk_hours', amount: 1 };
    await t.http.put('/api/v1/desk/settings').set(admin).send(settings).expect(200);
    try {
      rows = await all();
      expect(rows.map((row) => row.id)).toEqual([normalThursday, highFriday, highHoliday, answered]);
      expect(rows[0]!.response.dueAt).toBe(new Date('2026-11-19T11:00:00+09:00').toISOString());
    } finally {
      await t.http
        .put('/api/v1/desk/settings')
        .set(admin)
        .send({ schedule: DEFAULT_DESK_SCHEDULE, targets: DEFAULT_RESPONSE_TARGETS })
        .expect(200);
    }
  });
});
