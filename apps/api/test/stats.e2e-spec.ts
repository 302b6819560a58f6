import {
  createDbClient,
  type CaseStatus,
  type DbClient,
  type Prisma,
  type ReferralStatus,
} from '@madoguchi/db';
import type { TDeskSettings, TStatsReport } from '@madoguchi/shared';
import { Logger } from '@nestjs/common';
import { AdmissionService } from '../src/common/admission/admission.service';
import { CasesService } from '../src/modules/cases/cases.service';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { pdfText } from './pdf-text';
import { createTestApp, type TestApp } from './test-app';

// Sign-ins hash with argon2id, PDFs are read in a child process: generous under a loaded CI machine.
jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;
let admin: StaffSession;

/** A Tokyo wall-clock time, e.g. jst('2025-04-01T09:00'). */
const jst = (local: string) => new Date(`${local}:00+09:00`);

let receipt = 0;
async function insertCase(data: {
  createdAt: string;
  status: CaseStatus;
  urgency: 'emergency' | 'high' | 'normal' | 'low';
  channel: 'web' | 'phone' | 'chat' | 'email' | 'walk_in';
  age: number | null;
  prefecture: string | null;
  suggested: string[];
  confirmed: string[];
  closedAt?: string;
}): Promise<string> {
  receipt += 1;
  const row = await db.case.create({
    data: {
      receiptNumber: `STAT${String(receipt).padStart(4, '0')}`,
      accessCodeHash: 'not-a-real-hash',
      status: data.status,
      urgency: data.urgency,
      priority: data.urgency,
      channel: data.channel,
      personAge: data.age,
      prefecture: data.prefecture,
      suggestedCategories: data.suggested,
      confirmedCategories: data.confirmed,
      createdAt: jst(data.createdAt),
      closedAt: data.closedAt ? jst(data.closedAt) : null,
    },
  });
  return row.id;
}

async function event(
  caseId: string,
  kind: 'status_change' | 'contact' | 'note' | 'public_message' | 'triage' | 'category_change',
  at: string,
  data: Prisma.InputJsonObject = {},
  actorId: string | null = counselor.user.id,
): Promise<void> {
  await db.caseEvent.create({ data: { caseId, kind, actorId, data, createdAt: jst(at) } });
}

let referralCount = 0;
async function insertReferral(data: {
  caseId: string;
  windowSlug: string;
  createdAt: string;
  status: ReferralStatus;
  /** Status history after the draft: [to, at]. */
  history: [ReferralStatus, string][];
}): Promise<void> {
  referralCount += 1;
  const at = (to: ReferralStatus) =>
    data.history.filter(([status]) => status === to).map(([, when]) => jst(when));
  const sends = at('sent');
  const closed = at('completed')[0] ?? at('declined')[0] ?? at('cancelled')[0] ?? null;
  await db.referral.create({
    data: {
      referralNumber: `R-2025-STAT${String(referralCount).padStart(2, '0')}`,
      caseId: data.caseId,
      windowSlug: data.windowSlug,
      reason: 'fixture',
      method: 'letter',
      status: data.status,
      consent: {
        givenBy: 'client',
        givenAt: jst(data.createdAt).toISOString(),
        recordedById: counselor.user.id,
        fields: [],
      },
      createdById: counselor.user.id,
      createdAt: jst(data.createdAt),
      // sent_at is the latest send, as the referrals module keeps it.
      sentAt: sends.at(-1) ?? null,
      acknowledgedAt: at('acknowledged')[0] ?? null,
      closedAt: closed,
      history: {
        create: [
          { from: null, to: 'draft', at: jst(data.createdAt), actorId: counselor.user.id },
          ...data.history.map(([to, when], i) => ({
            from: i === 0 ? ('draft' as const) : data.history[i - 1]![0],
            to,
            at: jst(when),
            actorId: counselor.user.id,
          })),
        ],
      },
    },
  });
}

/**
 * April 2025 in Tokyo, built so that every figure is known by hand (see the expectations below). Cases outside
 * April (C0, C5, C7, C9) and events that do not count (a note, an actor-less triage event, an earlier
 * confirmation) are there to prove they are left out.
 */
async function insertFixtures(): Promise<void> {
  // C0: before the period, never touched: open 60 days at the end of April.
  const c0 = await insertCase({
    createdAt: '2025-03-01T12:00',
    status: 'new',
    urgency: 'normal',
    channel: 'web',
    age: 40,
    prefecture: '13',
    suggested: ['other'],
    confirmed: [],
  });
  // C1: exactly at the start of the period. First response (a status change) after 2 h.
  const c1 = await insertCase({
    createdAt: '2025-04-01T00:00',
    status: 'in_progress',
    urgency: 'high',
    channel: 'web',
    age: 12,
    prefecture: '13',
    suggested: ['fictitious_billing', 'phishing'],
    confirmed: [],
  });
  await event(c1, 'status_change', '2025-04-01T02:00', { from: 'new', to: 'in_progress' });
  // C2: two confirmed categories (overriding triage); a note at 30 min (not a response), a call at 4 h; closed
  // after 3 days.
  const c2 = await insertCase({
    createdAt: '2025-04-02T10:00',
    status: 'closed',
    closedAt: '2025-04-05T10:00',
    urgency: 'normal',
    channel: 'phone',
    age: 13,
    prefecture: '27',
    suggested: ['online_fraud'],
    confirmed: ['online_fraud', 'phishing'],
  });
  await event(c2, 'note', '2025-04-02T10:30', { body: 'internal' });
  await event(c2, 'contact', '2025-04-02T14:00', { direction: 'out', channel: 'phone', summary: 'x' });
  await event(c2, 'category_change', '2025-04-02T15:00', {
    suggested: ['online_fraud'],
    confirmed: ['online_fraud', 'phishing'],
    overridden: true,
    ruleIds: ['rule-a', 'rule-b'],
  });
  await event(c2, 'status_change', '2025-04-05T10:00', { from: 'in_progress', to: 'closed' });
  // C3: no age or prefecture; triage's own event has no actor; a public message at 6 h; confirmed as suggested;
  // closed after 1 day.
  const c3 = await insertCase({
    createdAt: '2025-04-10T09:00',
    status: 'closed',
    closedAt: '2025-04-11T09:00',
    urgency: 'normal',
    channel: 'web',
    age: null,
    prefecture: null,
    suggested: ['phishing'],
    confirmed: ['phishing'],
  });
  await event(c3, 'triage', '2025-04-10T09:00', {}, null);
  await event(c3, 'public_message', '2025-04-10T15:00', { body: 'x' });
  await event(c3, 'category_change', '2025-04-10T16:00', {
    suggested: ['phishing'],
    confirmed: ['phishing'],
    overridden: false,
    ruleIds: ['rule-a'],
  });
  await event(c3, 'status_change', '2025-04-11T09:00', { from: 'in_progress', to: 'closed' });
  // C4: on the last day, no category at all, nobody on the staff has answered yet (a status change without an
  // actor is the system's, not a response).
  const c4 = await insertCase({
    createdAt: '2025-04-30T23:30',
    status: 'new',
    urgency: 'emergency',
    channel: 'chat',
    age: 65,
    prefecture: '13',
    suggested: [],
    confirmed: [],
  });
  await event(c4, 'status_change', '2025-04-30T23:40', { from: 'new', to: 'triaged' }, null);
  // C5: the first instant after the period.
  await insertCase({
    createdAt: '2025-05-01T00:00',
    status: 'new',
    urgency: 'low',
    channel: 'walk_in',
    age: 20,
    prefecture: '47',
    suggested: ['court_notice'],
    confirmed: [],
  });
  // C6: answered after 24 h; its latest confirmation has no `overridden` flag and no rule ids (so the intake
  // triage's rules and suggested ≠ confirmed count); closed in May, so open at the end of April (5 days old).
  const c6 = await insertCase({
    createdAt: '2025-04-25T12:00',
    status: 'closed',
    closedAt: '2025-05-03T12:00',
    urgency: 'low',
    channel: 'email',
    age: 30,
    prefecture: '01',
    suggested: ['defamation'],
    confirmed: ['online_shopping'],
  });
  await db.triageResult.create({
    data: {
      caseId: c6,
      ruleSetVersion: 'test',
      urgency: 'low',
      result: { matchedRuleIds: ['rule-c'] },
      createdAt: jst('2025-04-25T12:00'),
    },
  });
  await event(c6, 'category_change', '2025-04-25T13:00', {
    suggested: ['defamation'],
    confirmed: ['defamation'],
    overridden: false,
    ruleIds: ['rule-z'],
  });
  await event(c6, 'status_change', '2025-04-26T12:00', { from: 'new', to: 'in_progress' });
  await event(c6, 'category_change', '2025-04-27T12:00', {
    suggested: ['defamation'],
    confirmed: ['online_shopping'],
    ruleIds: [],
  });
  await event(c6, 'status_change', '2025-05-03T12:00', { from: 'in_progress', to: 'closed' });
  // C7: before the period, closed without any status event (imported): not open.
  await insertCase({
    createdAt: '2025-03-15T00:00',
    status: 'closed',
    closedAt: '2025-03-20T00:00',
    urgency: 'normal',
    channel: 'web',
    age: null,
    prefecture: null,
    suggested: ['other'],
    confirmed: [],
  });
  // C9: closed in February and reopened in May: closed at the end of April.
  const c9 = await insertCase({
    createdAt: '2025-02-01T00:00',
    status: 'in_progress',
    urgency: 'normal',
    channel: 'web',
    age: null,
    prefecture: null,
    suggested: ['other'],
    confirmed: [],
  });
  await event(c9, 'status_change', '2025-02-10T00:00', { from: 'in_progress', to: 'closed' });
  await event(c9, 'status_change', '2025-05-10T00:00', { from: 'closed', to: 'in_progress' });

  // R1: acknowledged 2 days after sending.
  await insertReferral({
    caseId: c1,
    windowSlug: 'consumer-188',
    createdAt: '2025-04-01T03:00',
    status: 'acknowledged',
    history: [
      ['sent', '2025-04-01T04:00'],
      ['acknowledged', '2025-04-03T04:00'],
    ],
  });
  // R2: no reply to the first send, sent again, acknowledged 10 days after the first send, completed.
  await insertReferral({
    caseId: c2,
    windowSlug: 'consumer-188',
    createdAt: '2025-04-02T15:00',
    status: 'completed',
    history: [
      ['sent', '2025-04-02T16:00'],
      ['no_response', '2025-04-09T16:00'],
      ['sent', '2025-04-10T16:00'],
      ['acknowledged', '2025-04-12T16:00'],
      ['completed', '2025-04-20T16:00'],
    ],
  });
  // R3: the window never answered.
  await insertReferral({
    caseId: c2,
    windowSlug: 'police-9110',
    createdAt: '2025-04-03T10:00',
    status: 'no_response',
    history: [
      ['sent', '2025-04-03T11:00'],
      ['no_response', '2025-04-10T11:00'],
    ],
  });
  // R4: still a draft.
  await insertReferral({
    caseId: c3,
    windowSlug: 'police-9110',
    createdAt: '2025-04-10T10:00',
    status: 'draft',
    history: [],
  });
  // R5: acknowledged after 1 day, then declined.
  await insertReferral({
    caseId: c6,
    windowSlug: 'jinken-110',
    createdAt: '2025-04-28T10:00',
    status: 'declined',
    history: [
      ['sent', '2025-04-28T11:00'],
      ['acknowledged', '2025-04-29T11:00'],
      ['declined', '2025-04-30T11:00'],
    ],
  });
  // R6: created in March, first sent in April (in the loop, not in April's referral counts); 3 days to ack.
  await insertReferral({
    caseId: c0,
    windowSlug: 'consumer-188',
    createdAt: '2025-03-30T10:00',
    status: 'acknowledged',
    history: [
      ['sent', '2025-04-01T10:00'],
      ['acknowledged', '2025-04-04T10:00'],
    ],
  });
  // R7: first sent in March, sent again in April: the window had it since March, so not in April's loop.
  await insertReferral({
    caseId: c0,
    windowSlug: 'consumer-188',
    createdAt: '2025-03-25T10:00',
    status: 'sent',
    history: [
      ['sent', '2025-03-26T10:00'],
      ['no_response', '2025-04-02T10:00'],
      ['sent', '2025-04-05T10:00'],
    ],
  });
}

beforeAll(async () => {
  t = await createTestApp({ CENTRE_NAME: 'みなと市ネットトラブル相談センター' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor, admin] = await Promise.all([
    staffHeaders(t, 'counselor'),
    staffHeaders(t, 'supervisor'),
    staffHeaders(t, 'admin'),
  ]);
  await insertFixtures();
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const APRIL = 'from=2025-04-01&to=2025-04-30';

const counts = (buckets: { key: string; count: number }[]) =>
  Object.fromEntries(buckets.map((bucket) => [bucket.key, bucket.count]));

describe('GET /api/v1/stats', () => {
  let report: TStatsReport;
  beforeAll(async () => {
    report = (await t.http.get(`/api/v1/stats?${APRIL}`).set(supervisor.headers).expect(200)).body;
  });

  it('covers the Tokyo days of the period, the last one included', () => {
    expect(report.period).toEqual({
      from: '2025-04-01',
      to: '2025-04-30',
      timeZone: 'Asia/Tokyo',
      start: '2025-03-31T15:00:00.000Z',
      end: '2025-04-30T15:00:00.000Z',
    });
    expect(report.totals).toEqual({ cases: 5, closedCases: 3, referrals: 5 });
  });

  it('counts the cases by category, urgency, channel, age band and prefecture', () => {
    expect(counts(report.byCategory)).toEqual({
      online_fraud: 1,
      fictitious_billing: 1,
      online_shopping: 1,
      malware_unauthorized_access: 0,
      phishing: 2,
      defamation: 0,
      sns_threat_stalking: 0,
      child_bullying: 0,
      dating_site_fraud: 0,
      court_notice: 0,
      other: 0,
      unknown: 1,
    });
    expect(report.byCategory.find((b) => b.key === 'unknown')?.label.ja).toBe('未分類');
    expect(counts(report.byUrgency)).toEqual({ emergency: 1, high: 1, normal: 2, low: 1 });
    expect(counts(report.byChannel)).toEqual({ web: 2, phone: 1, chat: 1, email: 1, walk_in: 0 });
    expect(report.byAgeBand.map((b) => [b.key, b.count])).toEqual([
      ['0-12', 1],
      ['13-15', 1],
      ['16-18', 0],
      ['19-29', 0],
      ['30-49', 1],
      ['50-64', 0],
      ['65+', 1],
      ['unknown', 1],
    ]);
    expect(report.byPrefecture.map((b) => [b.key, b.label.ja, b.count])).toEqual([
      ['01', '北海道', 1],
      ['13', '東京都', 2],
      ['27', '大阪府', 1],
      ['unknown', '不明', 1],
    ]);
  });

  it('counts the referrals created in the period by window and by status', () => {
    expect(report.byReferralWindow.map((b) => [b.key, b.count])).toEqual([
      ['consumer-188', 2],
      ['police-9110', 2],
      ['jinken-110', 1],
    ]);
    expect(report.byReferralWindow[0]!.label.ja).toContain('消費者ホットライン188');
    expect(counts(report.byReferralStatus)).toEqual({
      draft: 1,
      sent: 0,
      acknowledged: 1,
      completed: 1,
      declined: 1,
      no_response: 1,
      cancelled: 0,
    });
  });

  it('gives the median time to first response (staff contact, message or status change) and to closure', () => {
    // 2 h, 4 h, 6 h and 24 h (C4 has no answer yet): median (4 + 6) / 2.
    expect(report.firstResponse).toEqual({ responded: 4, awaiting: 1, medianHours: 5 });
    // 3, 1 and 8 days.
    expect(report.closure).toEqual({ closed: 3, medianDays: 3 });
  });

  it('gives the share of first responses that met the response target, per month of receipt and priority', () => {
    // C1 (high, Tue 0:00, desk closed): due 13:00 after the desk opens at 9:00, answered at 2:00 — met.
    // C2 and C3 (normal, two desk days): answered the same day — met. C6 (low, five desk days, received the
    // Friday before Golden Week): answered the next day — met. C4 (emergency, 15 wall-clock minutes, received
    // 23:30 on the last day): only an automatic status change, still unanswered when the period ended — missed.
    const share = (met: number, missed: number) => ({
      met,
      missed,
      pending: 0,
      share: met + missed === 0 ? null : met / (met + missed),
    });
    expect(report.responseTargets.byMonth).toEqual([
      {
        month: '2025-04',
        byUrgency: [
          { key: 'emergency', label: { ja: '緊急', en: 'Emergency' }, ...share(0, 1) },
          { key: 'high', label: { ja: '高', en: 'High' }, ...share(1, 0) },
          { key: 'normal', label: { ja: '通常', en: 'Normal' }, ...share(2, 0) },
          { key: 'low', label: { ja: '低', en: 'Low' }, ...share(1, 0) },
        ],
      },
    ]);
  });

  it('gives the backlog as it stood at the end of the period, by days open', () => {
    expect(report.backlog.asOf).toBe('2025-04-30T15:00:00.000Z');
    expect(report.backlog.open).toBe(4);
    expect(counts(report.backlog.byAge)).toEqual({ '0-2': 1, '3-7': 1, '8-30': 1, '31+': 1 });
  });

  it('closes the loop per window for the referrals first sent in the period', () => {
    expect(report.referralLoop.map(({ name: _name, ...rest }) => rest)).toEqual([
      {
        windowSlug: 'consumer-188',
        sent: 3,
        acknowledged: 3,
        completed: 1,
        declined: 0,
        noResponse: 0,
        // 2, 10 (counted from the first send) and 3 days.
        medianDaysToAcknowledge: 3,
      },
      {
        windowSlug: 'jinken-110',
        sent: 1,
        acknowledged: 1,
        completed: 0,
        declined: 1,
        noResponse: 0,
        medianDaysToAcknowledge: 1,
      },
      {
        windowSlug: 'police-9110',
        sent: 1,
        acknowledged: 0,
        completed: 0,
        declined: 0,
        noResponse: 1,
        medianDaysToAcknowledge: null,
      },
    ]);
  });

  it("measures how often counselors overrode triage, per rule, from each case's latest confirmation", () => {
    expect(report.triageAccuracy).toEqual({
      confirmed: 3,
      overridden: 2,
      overrideRate: 0.6667,
      byRule: [
        { ruleId: 'rule-a', confirmed: 2, overridden: 1, overrideRate: 0.5 },
        { ruleId: 'rule-b', confirmed: 1, overridden: 1, overrideRate: 1 },
        { ruleId: 'rule-c', confirmed: 1, overridden: 1, overrideRate: 1 },
      ],
    });
  });

  it('gives the same figures on one connection as on two (no spare slot in the reports bulkhead)', async () => {
    const reports = t.app.get(AdmissionService).bulkheads.reports;
    const spare = jest.spyOn(reports, 'tryAcquire');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const figures = (body: TStatsReport) => ({ ...body, generatedAt: undefined });
    try {
      // Alone, the report takes a second connection, which reads the first's snapshot (no warning).
      const beside = (await t.http.get(`/api/v1/stats?${APRIL}`).set(supervisor.headers).expect(200)).body;
      expect(spare.mock.results.map((result) => typeof result.value)).toEqual(['function']);
      expect(warn.mock.calls.flat().join('\n')).not.toMatch(/second connection/);
      expect(figures(beside)).toEqual(figures(report));

      // Every slot but the request's own taken: one connection does both lanes, one after the other.
      const held = await Promise.all(
        Array.from({ length: reports.options.concurrency - 1 }, () => reports.acquire()),
      );
      spare.mockClear();
      try {
        const alone = (await t.http.get(`/api/v1/stats?${APRIL}`).set(supervisor.headers).expect(200)).body;
        expect(spare.mock.results.map((result) => result.value)).toEqual([null]);
        expect(figures(alone)).toEqual(figures(report));
      } finally {
        held.forEach((release) => release());
      }
    } finally {
      spare.mockRestore();
      warn.mockRestore();
    }
  });

  it('shows the live backlog for a period that runs to today, and zeros for an empty period', async () => {
    const empty = (
      await t.http.get('/api/v1/stats?from=2024-01-01&to=2024-01-31').set(admin.headers).expect(200)
    ).body as TStatsReport;
    expect(empty.totals).toEqual({ cases: 0, closedCases: 0, referrals: 0 });
    expect(empty.firstResponse).toEqual({ responded: 0, awaiting: 0, medianHours: null });
    expect(empty.closure).toEqual({ closed: 0, medianDays: null });
    expect(empty.triageAccuracy).toEqual({ confirmed: 0, overridden: 0, overrideRate: null, byRule: [] });
    expect(empty.referralLoop).toEqual([]);
    expect(empty.backlog.open).toBe(0);

    const tokyoDay = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(0, 10);
    const live = (
      await t.http
        .get(`/api/v1/stats?from=${tokyoDay(Date.now() - 30 * 86400_000)}&to=${tokyoDay(Date.now())}`)
        .set(admin.headers)
        .expect(200)
    ).body as TStatsReport;
    // Now: C0, C1, C4, C5 and the reopened C9 are open; C6 was closed in May.
    expect(live.backlog.open).toBe(5);
    expect(Date.parse(live.backlog.asOf)).toBeLessThanOrEqual(Date.now());
  });

  it('is refused to counselors and anonymous callers, and audited for supervisors', async () => {
    await t.http.get(`/api/v1/stats?${APRIL}`).set(counselor.headers).expect(403);
    await t.http.get(`/api/v1/stats?${APRIL}`).expect(401);
    const audit = await db.auditLog.findFirst({
      where: { action: 'stats.read', actorId: supervisor.user.id },
    });
    expect(audit?.meta).toEqual({ from: '2025-04-01', to: '2025-04-30' });
  });

  it('checks the period: real dates, from before to, at most 400 days', async () => {
    const bad = [
      '',
      'from=2025-04-01',
      'from=2025-04-31&to=2025-05-01',
      'from=2025-05-01&to=2025-04-30',
      'from=2024-01-01&to=2025-02-04',
      'from=2025-04-01&to=2025-04-30&extra=1',
    ];
    for (const query of bad) {
      const res = await t.http.get(`/api/v1/stats?${query}`).set(supervisor.headers);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    // Exactly 400 days is allowed.
    await t.http.get('/api/v1/stats?from=2024-01-01&to=2025-02-03').set(supervisor.headers).expect(200);
  });
});

describe('GET /api/v1/stats.csv', () => {
  // Every April count here is under 5: the export masks them (stats-suppression.e2e-spec.ts covers the masking).
  it('writes the same figures as CSV for Excel: BOM, CRLF, sections with Japanese headers', async () => {
    const res = await t.http
      .get(`/api/v1/stats.csv?${APRIL}`)
      .set(supervisor.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stats-2025-04-01_2025-04-30.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines.slice(0, 3)).toEqual([
      'みなと市ネットトラブル相談センター 相談統計',
      '期間,2025-04-01,2025-04-30',
      '時間帯,日本時間(終了日を含む)',
    ]);
    const section = (title: string) => {
      const start = lines.indexOf(title);
      expect(start).toBeGreaterThan(-1);
      return lines.slice(start + 1, lines.indexOf('', start));
    };
    expect(section('概要')).toEqual([
      '項目,件数',
      '受け付けた相談,5',
      'うち終了した相談,<5',
      '作成した紹介,5',
    ]);
    expect(section('緊急度')).toEqual([
      '緊急度コード,区分,件数',
      'emergency,緊急,<5',
      'high,高,<5',
      'normal,通常,<5',
      'low,低,<5',
    ]);
    expect(section('年齢')).toContain('65+,65歳以上,<5');
    expect(section('都道府県')).toEqual([
      '都道府県コード,区分,件数',
      '01,北海道,<5',
      '13,東京都,<5',
      '27,大阪府,<5',
      'unknown,不明,<5',
    ]);
    // A share of masked counts would give them away ("x").
    expect(section('対応目標の達成率(受付月・優先度ごと)')).toEqual([
      '受付月,優先度コード,優先度,達成,未達成,期限前・未対応,達成率(%)',
      '2025-04,emergency,緊急,0,<5,0,x',
      '2025-04,high,高,<5,0,0,x',
      '2025-04,normal,通常,<5,0,0,x',
      '2025-04,low,低,<5,0,0,x',
    ]);
    // Medians over fewer than 5 cases describe those few people ("x").
    expect(section('対応までの時間')).toEqual([
      '項目,件数,中央値',
      '初回対応までの時間(時間),<5,x',
      '初回対応がまだの相談,<5,',
      '終了までの日数(日),<5,x',
    ]);
    expect(section('未終了の相談(滞留)').slice(1)).toEqual([
      '経過日数,区分,件数',
      '0-2,0〜2日,<5',
      '3-7,3〜7日,<5',
      '8-30,8〜30日,<5',
      '31+,31日以上,<5',
      '合計,,<5',
    ]);
    expect(section('窓口ごとの紹介の結果(期間中に初めて送った紹介)')).toEqual([
      '窓口コード,窓口,送付,受付確認,対応完了,対応不可,返事なし,受付確認までの日数(中央値)',
      expect.stringMatching(/^consumer-188,消費者ホットライン188.*,<5,<5,<5,0,0,x$/),
      expect.stringMatching(/^jinken-110,.*,<5,<5,0,<5,0,x$/),
      expect.stringMatching(/^police-9110,.*,<5,0,0,0,<5,$/),
    ]);
    expect(section('判定の精度(相談員が自動判定の種類を変えた割合)')).toEqual([
      'ルール,種類を確定した相談,候補と違う種類にした相談,割合(%)',
      '(全体),<5,<5,x',
      'rule-a,<5,<5,x',
      'rule-b,<5,<5,x',
      'rule-c,<5,<5,x',
    ]);
    expect(lines).toContain('集計の定義');
  });

  it('is for supervisors and admins only', async () => {
    await t.http.get(`/api/v1/stats.csv?${APRIL}`).set(counselor.headers).expect(403);
    await t.http.get(`/api/v1/stats.csv?${APRIL}`).set(admin.headers).expect(200);
  });
});

describe('GET /api/v1/stats/monthly.pdf', () => {
  // Every April count here is under 5: the report masks them (stats-suppression.e2e-spec.ts covers the masking).
  it('prints the month in Japanese with the same figures', async () => {
    const res = await t.http
      .get('/api/v1/stats/monthly.pdf?month=2025-04')
      .set(admin.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stats-2025-04.pdf"');
    expect(res.headers['cache-control']).toBe('no-store');
    const text = await pdfText(res.body as Buffer);
    for (const expected of [
      '月次報告2025年4月',
      'みなと市ネットトラブル相談センター',
      '期間:2025年4月1日〜2025年4月30日',
      '受け付けた相談5件(うち終了<5件)',
      '作成した紹介5件',
      '中央値x(対応済み<5件、未対応<5件)',
      '中央値x(終了<5件)',
      '未終了の相談<5件',
      'フィッシング<5件',
      '東京都<5件',
      '消費者ホットライン188',
      '候補と違う種類にしたもの<5件(x)',
      'rule-a',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('checks the month and is refused to counselors', async () => {
    await t.http.get('/api/v1/stats/monthly.pdf?month=2025-13').set(admin.headers).expect(400);
    await t.http.get('/api/v1/stats/monthly.pdf?month=0099-01').set(admin.headers).expect(400);
    await t.http.get('/api/v1/stats/monthly.pdf').set(admin.headers).expect(400);
    await t.http.get('/api/v1/stats/monthly.pdf?month=2025-04').set(counselor.headers).expect(403);
  });
});

describe('dates outside the desk’s era', () => {
  it('answer 400 with a field error, never 500 (years before 100 broke the date arithmetic)', async () => {
    for (const path of [
      '/api/v1/stats?from=0099-01-01&to=0099-01-31',
      '/api/v1/stats?from=0001-01-01&to=0001-01-01',
      '/api/v1/stats.csv?from=9999-12-01&to=9999-12-31',
      '/api/v1/referrals.csv?from=0050-03-01&to=0050-03-31',
    ]) {
      const res = await t.http.get(path).set(admin.headers);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.details.fields[0]).toMatchObject({ path: 'from', code: 'date_range' });
      expect(res.body.details.fields[0].message.ja).toContain('2000年から2099年');
    }
    const queue = await t.http.get('/api/v1/cases?from=0099-01-01').set(admin.headers);
    expect(queue.status).toBe(400);
  });
});

describe('response targets stored per case (counted in SQL)', () => {
  const SEPTEMBER = 'from=2025-09-01&to=2025-09-30';
  const september = () =>
    db.case.findMany({
      where: { createdAt: { gte: jst('2025-09-01T00:00'), lt: jst('2025-10-01T00:00') } },
      select: { id: true, responseTargetAt: true, responseTargetOf: true },
    });
  const targets = async () =>
    (await t.http.get(`/api/v1/stats?${SEPTEMBER}`).set(supervisor.headers).expect(200)).body.responseTargets
      .byMonth as TStatsReport['responseTargets']['byMonth'];
  const tally = (byMonth: TStatsReport['responseTargets']['byMonth']) =>
    byMonth.map(({ month, byUrgency }) => [
      month,
      Object.fromEntries(byUrgency.map(({ key, met, missed, pending }) => [key, [met, missed, pending]])),
    ]);
  /** The response.scan job's first step, to the end. */
  const refresh = async () => {
    while ((await t.app.get(CasesService).refreshResponseDue(undefined, { targets: true })) > 0) {
      // next batch
    }
  };
  // Default settings (weekdays 9–17, holidays closed). 2025-09-15 (Mon) is a national holiday.
  // Per priority: [met, missed, pending].
  const DEFAULT_COUNTS = { emergency: [1, 0, 0], high: [0, 1, 0], normal: [1, 1, 0], low: [0, 0, 1] };
  const DEFAULT_TALLY = [['2025-09', DEFAULT_COUNTS]];
  let lowCase: string;

  beforeAll(async () => {
    const add = (createdAt: string, urgency: 'emergency' | 'high' | 'normal' | 'low') =>
      insertCase({
        createdAt,
        urgency,
        status: 'new',
        channel: 'web',
        age: null,
        prefecture: null,
        suggested: [],
        confirmed: [],
      });
    const answer = async (caseId: string, at: Date) => {
      await db.caseEvent.create({
        data: { caseId, kind: 'contact', actorId: counselor.user.id, data: {}, createdAt: at },
      });
    };
    // Normal (two desk days): due at the close of Wednesday. Answered at exactly 17:00:00.000 — met;
    // one millisecond later — missed.
    await answer(await add('2025-09-01T10:00', 'normal'), new Date('2025-09-03T17:00:00.000+09:00'));
    await answer(await add('2025-09-01T11:00', 'normal'), new Date('2025-09-03T17:00:00.001+09:00'));
    // High (four desk hours) from Friday 15:00: two hours on Friday, the holiday Monday skipped, due Tuesday
    // 11:00; never answered — missed.
    await add('2025-09-12T15:00', 'high');
    // Emergency (15 wall-clock minutes) on a Saturday night, answered in 10 — met.
    await answer(await add('2025-09-06T03:00', 'emergency'), new Date('2025-09-06T03:10:00+09:00'));
    // Low (five desk days) on the last day: not due when the period ends — pending.
    lowCase = await add('2025-09-30T10:00', 'low');
  });

  it('gives the same figures whether the API works the targets out or the database stored them', async () => {
    expect((await september()).every((c) => c.responseTargetOf === null)).toBe(true);
    expect(tally(await targets())).toEqual(DEFAULT_TALLY);

    await refresh();
    const stored = await september();
    expect(stored.every((c) => c.responseTargetOf?.getTime() === 0)).toBe(true);
    expect(stored.map((c) => c.responseTargetAt?.toISOString()).sort()).toContain('2025-09-16T02:00:00.000Z');
    expect(tally(await targets())).toEqual(DEFAULT_TALLY);
  });

  it('reads the stored target, and the database clears it when the priority changes', async () => {
    await refresh();
    // A stored target is what the report counts: moved before the period's end, the low case is missed.
    await db.case.update({ where: { id: lowCase }, data: { responseTargetAt: jst('2025-09-30T12:00') } });
    expect(tally(await targets())[0]![1]).toMatchObject({ low: [0, 1, 0] });

    await db.case.update({ where: { id: lowCase }, data: { priority: 'normal' } });
    expect(await db.case.findUniqueOrThrow({ where: { id: lowCase } })).toMatchObject({
      responseTargetAt: null,
      responseTargetOf: null,
    });
    // Normal from Tuesday 10:00: due Thursday 17:00, pending at the end of the period.
    expect(tally(await targets())[0]![1]).toMatchObject({ normal: [1, 1, 1], low: [0, 0, 0] });
    await db.case.update({ where: { id: lowCase }, data: { priority: 'low' } });
    await refresh();
    expect(tally(await targets())).toEqual(DEFAULT_TALLY);
  });

  it('after new desk settings counts under them at once, and the sweep stores them again', async () => {
    const settings = (await t.http.get('/api/v1/desk/settings').set(admin.headers).expect(200))
      .body as TDeskSettings;
    const oneDay = {
      ...settings,
      targets: { ...settings.targets, normal: { unit: 'desk_days', amount: 1 } },
    };
    await t.http.put('/api/v1/desk/settings').set(admin.headers).send(oneDay).expect(200);
    try {
      // One desk day: both normal cases were due Tuesday 17:00 and answered Wednesday — missed. Every stored
      // target is stale: the report works them out under the new settings.
      const underNew = [['2025-09', { ...DEFAULT_COUNTS, normal: [0, 2, 0] }]];
      expect(tally(await targets())).toEqual(underNew);

      // In stretches of two cases (the walk goes on from one to the next).
      expect(await t.app.get(CasesService).refreshStaleResponseTargets(2)).toBeGreaterThanOrEqual(5);
      const stamp = (await db.deskSettings.findFirstOrThrow()).updatedAt.getTime();
      expect((await september()).every((c) => c.responseTargetOf?.getTime() === stamp)).toBe(true);
      expect(tally(await targets())).toEqual(underNew);
      // Finished under these settings: not walked again.
      expect(await t.app.get(CasesService).refreshStaleResponseTargets()).toBe(0);
    } finally {
      await t.http.put('/api/v1/desk/settings').set(admin.headers).send(settings).expect(200);
    }
    expect(tally(await targets())).toEqual(DEFAULT_TALLY);
  });
});

// Last in the file: it changes the desk's name for every export after it.
describe("the desk's name on the exports", () => {
  it('is the one an admin saved on /admin/desk, as on the referral letters, not CENTRE_NAME', async () => {
    const identity = {
      name: 'みなと市消費生活・ネット相談室',
      address: 'みなと市海岸通2-2',
      phone: '045-000-9876',
      email: '',
    };
    await t.http.put('/api/v1/desk/identity').set(admin.headers).send(identity).expect(200);

    const csv = await t.http
      .get(`/api/v1/stats.csv?${APRIL}`)
      .set(supervisor.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
    expect((csv.body as Buffer).toString('utf8').slice(1).split('\r\n')[0]).toBe(`${identity.name} 相談統計`);
    const pdf = await t.http
      .get('/api/v1/stats/monthly.pdf?month=2025-04')
      .set(admin.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain(identity.name);
    expect(text).not.toContain('みなと市ネットトラブル相談センター');
  });
});
