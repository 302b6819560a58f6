// Notifications: an assignment tells the assignee in the app and by e-mail through a real SMTP server
// started in this process (smtp-server), with nothing of the person in the mail; a mail server that is
// down is retried and the mail delivered once it is back (or parked as failed, visible to admins); mails
// queued before a restart are delivered exactly once after it; without SMTP_URL mails stay in the outbox.
import { createServer, type AddressInfo } from 'node:net';
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZMailOutboxPage,
  ZNotificationPage,
  ZNotificationPreferences,
  type TCaseUpdateInput,
  type TIntakeInput,
  type TNotificationPage,
  type TNotificationPreferences,
  type TOutboxMail,
} from '@madoguchi/shared';
import { NotificationsService } from '../src/modules/notifications/notifications.service';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import { startSmtp } from './smtp-test';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(90_000);

const WEB = 'https://desk.example.jp';
/** With createJobsTestApp's short retries and polling, so no wait below is longer than a few seconds. */
const MAIL_JOBS = {
  JOBS_RETRY_LIMIT: '4',
  WEB_PUBLIC_URL: WEB,
  MAIL_FROM: 'Madoguchi <no-reply@desk.example.jp>',
  // Every test here files cases through the public form, from one address.
  RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
};

/** What the person typed: none of it may appear in a notification or an e-mail. */
const PERSON = {
  name: '山田花子',
  phone: '090-3141-5926',
  email: 'hanako.yamada@example.ne.jp',
  description: 'アダルトサイトで「登録完了」と表示され、退会料として9万円を請求されました。',
};

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: DbClient;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

/** A case from the public form, with the person's name, phone and e-mail in it. */
async function intakeCase(t: TestApp): Promise<{ id: string; receiptNumber: string }> {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({
      channel: 'web',
      description: PERSON.description,
      contact: { preferred: 'email', name: PERSON.name, phone: PERSON.phone, email: PERSON.email },
    } satisfies TIntakeInput)
    .expect(201);
  const receiptNumber = (res.body as { receiptNumber: string }).receiptNumber;
  const row = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });
  return { id: row.id, receiptNumber };
}

async function assign(t: TestApp, by: StaffSession, caseId: string, assigneeId: string): Promise<void> {
  const { version } = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } });
  await t.http
    .patch(`/api/v1/cases/${caseId}`)
    .set(by.headers)
    .send({ version, assigneeId } satisfies TCaseUpdateInput)
    .expect(200);
}

async function inbox(t: TestApp, who: StaffSession, query = ''): Promise<TNotificationPage> {
  const res = await t.http.get(`/api/v1/notifications${query}`).set(who.headers).expect(200);
  return ZNotificationPage.parse(res.body);
}

function mailsOf(caseId: string) {
  return db.mailOutbox.findMany({
    where: { notification: { caseId } },
    orderBy: { createdAt: 'asc' },
  });
}

function withoutPersonData(text: string): void {
  for (const value of [PERSON.name, PERSON.phone, '09031415926', PERSON.email, '9万円', '登録完了']) {
    expect(text).not.toContain(value);
  }
}

describe('with an SMTP server', () => {
  let t: TestApp;
  let supervisor: StaffSession;
  let counselor: StaffSession;
  let admin: StaffSession;

  beforeAll(async () => {
    t = await createJobsTestApp({ ...MAIL_JOBS, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    [supervisor, counselor, admin] = await Promise.all([
      staffHeaders(t, 'supervisor'),
      staffHeaders(t, 'counselor'),
      staffHeaders(t, 'admin'),
    ]);
  });
  afterAll(() => t.close());

  it('tells the assignee in the app and by e-mail, with the case number and a link, nothing of the person', async () => {
    const { id, receiptNumber } = await intakeCase(t);
    await assign(t, supervisor, id, counselor.user.id);

    const page = await inbox(t, counselor);
    expect(page.unreadCount).toBe(1);
    expect(page.items).toEqual([
      expect.objectContaining({ kind: 'case.assigned', caseId: id, receiptNumber, readAt: null }),
    ]);
    withoutPersonData(JSON.stringify(page));
    // The supervisor who assigned it is not told.
    expect((await inbox(t, supervisor)).items).toEqual([]);

    const mail = await eventually(() => smtp.received.find((m) => m.subject.includes(receiptNumber)));
    expect(mail.to).toBe(counselor.user.email);
    expect(mail.subject).toBe(
      `[Madoguchi] 相談 ${receiptNumber}: 担当に割り当てられました / Assigned to you`,
    );
    expect(mail.text).toContain(`相談 ${receiptNumber}: 担当に割り当てられました。`);
    expect(mail.text).toContain(`${WEB}/cases/${id}`);
    withoutPersonData(mail.raw);
    withoutPersonData(mail.text);

    const [row] = await eventually(async () => {
      const rows = await mailsOf(id);
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    expect(row).toMatchObject({ toAddress: counselor.user.email, attempts: 1, lastError: null });
    expect(mail.messageId).toBe(`<${row!.id}@madoguchi.notifications>`);

    // The admin's outbox shows it as sent.
    const outbox = ZMailOutboxPage.parse(
      (await t.http.get('/api/v1/admin/mail-outbox?status=sent').set(admin.headers).expect(200)).body,
    );
    expect(outbox.smtpConfigured).toBe(true);
    expect(outbox.items.find((m) => m.id === row!.id)).toMatchObject({ status: 'sent', attempts: 1 });
    // Counselors and supervisors may not read it.
    await t.http.get('/api/v1/admin/mail-outbox').set(supervisor.headers).expect(403);
  });

  it('does not tell staff of their own self-assignment', async () => {
    const { id } = await intakeCase(t);
    const before = smtp.received.length;
    await assign(t, counselor, id, 'me');
    await assign(t, counselor, id, supervisor.user.id);
    await assign(t, supervisor, id, supervisor.user.id);
    expect(await db.notification.count({ where: { caseId: id, recipientId: counselor.user.id } })).toBe(0);
    // The supervisor was told of the counselor's handing over, not of taking it back themselves.
    expect(await db.notification.count({ where: { caseId: id, recipientId: supervisor.user.id } })).toBe(1);
    await eventually(async () => ((await mailsOf(id)).every((m) => m.status === 'sent') ? true : undefined));
    expect(smtp.received.length).toBe(before + 1);
  });

  it('marks read and all read; with e-mail turned off, only the in-app notification is made', async () => {
    const reader = await staffHeaders(t, 'counselor');
    const [first, second] = [await intakeCase(t), await intakeCase(t)];
    await assign(t, supervisor, first.id, reader.user.id);
    await assign(t, supervisor, second.id, reader.user.id);
    let page = await inbox(t, reader);
    expect(page.unreadCount).toBe(2);
    // Newest first, and a page of one leads to the next.
    expect(page.items.map((n) => n.caseId)).toEqual([second.id, first.id]);
    const firstPage = await inbox(t, reader, '?limit=1');
    expect(firstPage.items.map((n) => n.caseId)).toEqual([second.id]);
    const nextPage = await inbox(t, reader, `?limit=1&cursor=${firstPage.nextCursor}`);
    expect(nextPage.items.map((n) => n.caseId)).toEqual([first.id]);
    expect(nextPage.nextCursor).toBeNull();

    const one = page.items[0]!;
    const read = await t.http.post(`/api/v1/notifications/${one.id}/read`).set(reader.headers).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    // Someone else's notification: not found, and unchanged.
    await t.http.post(`/api/v1/notifications/${page.items[1]!.id}/read`).set(counselor.headers).expect(404);
    page = await inbox(t, reader, '?unread=true');
    expect(page.unreadCount).toBe(1);
    expect(page.items.map((n) => n.caseId)).toEqual([first.id]);
    const all = await t.http.post('/api/v1/notifications/read-all').set(reader.headers).expect(200);
    expect(all.body).toEqual({ marked: 1, unreadCount: 0 });
    expect((await inbox(t, reader)).unreadCount).toBe(0);

    // Preferences: every kind by e-mail by default; bad input is refused field by field.
    const defaults = ZNotificationPreferences.parse(
      (await t.http.get('/api/v1/notifications/preferences').set(reader.headers).expect(200)).body,
    );
    expect(defaults).toMatchObject({ emailEnabled: true });
    expect(defaults.emailKinds).toContain('case.assigned');
    const bad = await t.http
      .put('/api/v1/notifications/preferences')
      .set(reader.headers)
      .send({ emailEnabled: 'yes', emailKinds: ['case.exploded'] })
      .expect(400);
    const paths = (bad.body.details.fields as { path: string; message: { ja: string; en: string } }[]).map(
      (f) => f.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['emailEnabled', 'emailKinds.0']));

    const off = await t.http
      .put('/api/v1/notifications/preferences')
      .set(reader.headers)
      .send({ emailEnabled: false, emailKinds: defaults.emailKinds } satisfies TNotificationPreferences)
      .expect(200);
    expect(off.body).toMatchObject({ emailEnabled: false });
    const third = await intakeCase(t);
    await assign(t, supervisor, third.id, reader.user.id);

    // E-mail on, but not for assignments.
    await t.http
      .put('/api/v1/notifications/preferences')
      .set(reader.headers)
      .send({
        emailEnabled: true,
        emailKinds: defaults.emailKinds.filter((k) => k !== 'case.assigned'),
      } satisfies TNotificationPreferences)
      .expect(200);
    const fourth = await intakeCase(t);
    await assign(t, supervisor, fourth.id, reader.user.id);

    expect((await inbox(t, reader)).unreadCount).toBe(2);
    expect(await mailsOf(third.id)).toEqual([]);
    expect(await mailsOf(fourth.id)).toEqual([]);
    await sleep(1_000);
    expect(smtp.received.filter((m) => m.subject.includes(third.receiptNumber))).toEqual([]);
    expect(smtp.received.filter((m) => m.subject.includes(fourth.receiptNumber))).toEqual([]);
    // Both mails of the first two cases went out, once each.
    for (const c of [first, second]) {
      await eventually(() => smtp.received.find((m) => m.subject.includes(c.receiptNumber)));
      expect(smtp.received.filter((m) => m.subject.includes(c.receiptNumber))).toHaveLength(1);
    }
  });

  it('a once-only key notifies each recipient once, and the sending job does not send a sent mail again', async () => {
    const { id, receiptNumber } = await intakeCase(t);
    const notifications = t.app.get(NotificationsService);
    const input = {
      kind: 'followup.due' as const,
      caseId: id,
      to: { userIds: [counselor.user.id], roles: ['supervisor' as const] },
      key: '2026-12-04',
    };
    await notifications.notify(input);
    await notifications.notify(input);
    const rows = await db.notification.findMany({ where: { caseId: id, kind: 'followup_due' } });
    const supervisors = await db.user.count({ where: { role: 'supervisor', active: true } });
    expect(rows).toHaveLength(1 + supervisors);

    const mails = await eventually(async () => {
      const current = await mailsOf(id);
      return current.length === rows.length && current.every((m) => m.status === 'sent')
        ? current
        : undefined;
    });
    const before = smtp.received.length;
    await notifications.sendMail(mails[0]!.id, 1);
    expect(smtp.received.length).toBe(before);
    expect(smtp.received.filter((m) => m.subject.includes(receiptNumber))).toHaveLength(rows.length);
  });
});

describe('with the SMTP server down', () => {
  it('retries, and delivers the mail exactly once when the server is back', async () => {
    const port = await freePort();
    const t = await createJobsTestApp({ ...MAIL_JOBS, SMTP_URL: `smtp://127.0.0.1:${port}` });
    let server: Awaited<ReturnType<typeof startSmtp>> | undefined;
    try {
      const [supervisor, counselor] = [
        await staffHeaders(t, 'supervisor'),
        await staffHeaders(t, 'counselor'),
      ];
      const { id, receiptNumber } = await intakeCase(t);
      await assign(t, supervisor, id, counselor.user.id);

      // The notification is there at once; the mail waits, its error recorded.
      expect((await inbox(t, counselor)).unreadCount).toBe(1);
      const failing = await eventually(async () => {
        const [row] = await mailsOf(id);
        return row && row.attempts >= 1 && row.lastError ? row : undefined;
      });
      expect(failing.status).toBe('pending');
      expect(failing.lastError).toMatch(/ECONNREFUSED|connect/i);

      server = await startSmtp(port);
      const delivered = await eventually(async () => {
        const [row] = await mailsOf(id);
        return row?.status === 'sent' ? row : undefined;
      });
      expect(delivered.attempts).toBeGreaterThanOrEqual(2);
      expect(delivered.lastError).toBeNull();
      await sleep(1_500);
      expect(server.received.filter((m) => m.subject.includes(receiptNumber))).toHaveLength(1);
      expect(server.received[0]!.to).toBe(counselor.user.email);
    } finally {
      await t.close();
      await server?.close();
    }
  });

  it('after the last retry, the mail is failed with its error, visible to admins', async () => {
    const port = await freePort();
    const t = await createJobsTestApp({
      ...MAIL_JOBS,
      JOBS_RETRY_LIMIT: '1',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    });
    try {
      const [supervisor, counselor, admin] = [
        await staffHeaders(t, 'supervisor'),
        await staffHeaders(t, 'counselor'),
        await staffHeaders(t, 'admin'),
      ];
      const { id } = await intakeCase(t);
      await assign(t, supervisor, id, counselor.user.id);
      const failed = await eventually(async () => {
        const [row] = await mailsOf(id);
        return row?.status === 'failed' ? row : undefined;
      });
      expect(failed.attempts).toBe(2);
      const outbox = ZMailOutboxPage.parse(
        (await t.http.get('/api/v1/admin/mail-outbox?status=failed').set(admin.headers).expect(200)).body,
      );
      expect(outbox.counts.failed).toBeGreaterThanOrEqual(1);
      expect(outbox.items.find((m) => m.id === failed.id)).toMatchObject({
        status: 'failed',
        attempts: 2,
        to: counselor.user.email,
        lastError: expect.stringMatching(/ECONNREFUSED|connect/i),
      } satisfies Partial<TOutboxMail>);
    } finally {
      await t.close();
    }
  });
});

describe('a restart with mails queued', () => {
  it('delivers every mail exactly once after the restart', async () => {
    const server = await startSmtp();
    const smtpEnv = { SMTP_URL: `smtp://127.0.0.1:${server.port}` };
    const cases: { id: string; receiptNumber: string }[] = [];
    let counselor: StaffSession;
    // An API that only queues (its jobs run elsewhere) writes the mails, queues their jobs and stops.
    const before = await createJobsTestApp({ ...MAIL_JOBS, ...smtpEnv, JOBS_MODE: 'enqueue' });
    try {
      const supervisor = await staffHeaders(before, 'supervisor');
      counselor = await staffHeaders(before, 'counselor');
      for (let i = 0; i < 3; i++) {
        const c = await intakeCase(before);
        await assign(before, supervisor, c.id, counselor.user.id);
        cases.push(c);
      }
      for (const c of cases) {
        expect(await mailsOf(c.id)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
      }
    } finally {
      await before.close();
    }
    expect(server.received).toEqual([]);

    const after = await createJobsTestApp({ ...MAIL_JOBS, ...smtpEnv });
    try {
      await eventually(async () => {
        const rows = await db.mailOutbox.findMany({
          where: { notification: { caseId: { in: cases.map((c) => c.id) } } },
        });
        return rows.length === 3 && rows.every((r) => r.status === 'sent') ? rows : undefined;
      });
      // Queuing them again (the periodic sweep, a retried request) sends nothing more.
      const notifications = after.app.get(NotificationsService);
      for (const c of cases) {
        const [mail] = await mailsOf(c.id);
        await notifications.sendMail(mail!.id, 1);
      }
      await notifications.requeueStale();
      await sleep(1_500);
      for (const c of cases) {
        const got = server.received.filter((m) => m.subject.includes(c.receiptNumber));
        expect(got).toHaveLength(1);
        expect(got[0]!.to).toBe(counselor!.user.email);
      }
      expect(server.received).toHaveLength(3);
    } finally {
      await after.close();
      await server.close();
    }
  });
});

describe('without SMTP_URL', () => {
  it('keeps the mail in the outbox for admins to read, never dropping it', async () => {
    const t = await createJobsTestApp({ ...MAIL_JOBS, SMTP_URL: '' });
    try {
      const [supervisor, counselor, admin] = [
        await staffHeaders(t, 'supervisor'),
        await staffHeaders(t, 'counselor'),
        await staffHeaders(t, 'admin'),
      ];
      const { id, receiptNumber } = await intakeCase(t);
      await assign(t, supervisor, id, counselor.user.id);
      expect((await inbox(t, counselor)).unreadCount).toBe(1);
      const [row] = await mailsOf(id);
      expect(row).toMatchObject({ status: 'outbox', toAddress: counselor.user.email, attempts: 0 });

      const outbox = ZMailOutboxPage.parse(
        (await t.http.get('/api/v1/admin/mail-outbox?status=outbox').set(admin.headers).expect(200)).body,
      );
      expect(outbox.smtpConfigured).toBe(false);
      const shown = outbox.items.find((m) => m.id === row!.id);
      expect(shown).toMatchObject({ status: 'outbox', to: counselor.user.email });
      expect(shown!.subject).toContain(receiptNumber);
      expect(shown!.text).toContain(`${WEB}/cases/${id}`);
      withoutPersonData(JSON.stringify(outbox));
      // Still there a moment later: nothing sends or drops it.
      await sleep(1_000);
      expect((await mailsOf(id))[0]).toMatchObject({ status: 'outbox' });
      // A bad filter is a field-level 400, not a 500.
      const bad = await t.http
        .get('/api/v1/admin/mail-outbox?status=lost&cursor=!!')
        .set(admin.headers)
        .expect(400);
      expect((bad.body.details.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
        'cursor',
        'status',
      ]);
    } finally {
      await t.close();
    }
  });

  it('with jobs off, the notification and its outbox mail are still written', async () => {
    const t = await createTestApp({
      WEB_PUBLIC_URL: WEB,
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    });
    try {
      const [supervisor, counselor] = [
        await staffHeaders(t, 'supervisor'),
        await staffHeaders(t, 'counselor'),
      ];
      const { id } = await intakeCase(t);
      await assign(t, supervisor, id, counselor.user.id);
      expect((await inbox(t, counselor)).unreadCount).toBe(1);
      expect(await mailsOf(id)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
    } finally {
      await t.close();
    }
  });
});
