// The person's reply from the status page (receipt number + access code): it lands on the case timeline as
// the person's, a case waiting for them goes back to in progress, a closed case refuses, a wrong pair gets
// exactly the status look-up's failure, and the assignee is told in the app (with nothing of the person).
import { createDbClient, type CaseStatus, type DbClient } from '@madoguchi/db';
import {
  ZCaseTimeline,
  ZIntakeStatus,
  ZNotificationPage,
  type TIntakeInput,
  type TPersonReply,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000', RATE_LIMIT_STATUS_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const REPLY = 'お電話ありがとうございました。平日の夕方なら電話に出られます。';

/** A case from the public form, in the given status and assigned to the counselor. */
async function intakeCase(status: CaseStatus) {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({ channel: 'web', description: 'SNSで知らない人から脅されています。' } satisfies TIntakeInput)
    .expect(201);
  const { receiptNumber, accessCode } = res.body as { receiptNumber: string; accessCode: string };
  const row = await db.case.update({
    where: { receiptNumber },
    data: { status, assigneeId: counselor.user.id, closedAt: status === 'closed' ? new Date() : null },
    select: { id: true },
  });
  await db.caseEvent.create({
    data: { caseId: row.id, kind: 'public_message', public: true, data: { body: '明日お電話します。' } },
  });
  return { id: row.id, receiptNumber, accessCode };
}

/** Sends the receipt number, the access code and the text, as the status page does. */
function reply(pair: { receiptNumber: string; accessCode: string }, body: string, key?: string) {
  const req = t.http.post('/api/v1/intakes/status/replies');
  const sent: TPersonReply = { receiptNumber: pair.receiptNumber, accessCode: pair.accessCode, body };
  return (key ? req.set('Idempotency-Key', key) : req).send(sent);
}

async function statusOf(id: string) {
  return (await db.case.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
}

describe('POST /api/v1/intakes/status/replies', () => {
  it('puts the reply on the timeline as the person’s and shows it in the conversation, oldest first', async () => {
    const c = await intakeCase('in_progress');
    const res = await reply(c, `  ${REPLY}\n`).expect(201);
    const status = ZIntakeStatus.parse(res.body);
    expect(status.conversation).toEqual([
      { at: expect.any(String), from: 'desk', body: '明日お電話します。' },
      { at: expect.any(String), from: 'person', body: REPLY },
    ]);
    expect(status.canReply).toBe(true);

    // The status look-up shows the same conversation.
    const looked = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode })
      .expect(200);
    expect(looked.body.conversation).toEqual(status.conversation);

    const timeline = ZCaseTimeline.parse(
      (await t.http.get(`/api/v1/cases/${c.id}/timeline`).set(counselor.headers).expect(200)).body,
    );
    const replies = timeline.items.filter((item) => item.kind === 'person_reply');
    expect(replies).toEqual([expect.objectContaining({ actor: null, public: true, data: { body: REPLY } })]);
    expect(await statusOf(c.id)).toBe('in_progress');

    const audit = await db.auditLog.findMany({ where: { caseId: c.id, action: 'case.person_replied' } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.meta)).not.toContain('夕方');
  });

  it('moves a case awaiting the person back to in progress, recorded on the timeline', async () => {
    const c = await intakeCase('awaiting_client');
    const res = await reply(c, REPLY).expect(201);
    expect(res.body).toMatchObject({ status: 'in_progress', statusLabel: { ja: expect.any(String) } });
    expect(await statusOf(c.id)).toBe('in_progress');
    const change = await db.caseEvent.findFirstOrThrow({ where: { caseId: c.id, kind: 'status_change' } });
    expect(change).toMatchObject({ actorId: null, data: { from: 'awaiting_client', to: 'in_progress' } });
  });

  it('refuses a closed case with 409 case_closed, in Japanese and English, and records nothing', async () => {
    const c = await intakeCase('closed');
    const res = await reply(c, REPLY).expect(409);
    expect(res.body).toMatchObject({
      code: 'conflict',
      details: { reason: 'case_closed' },
      message: { ja: expect.stringContaining('終わっている'), en: expect.stringContaining('closed') },
    });
    expect(await db.caseEvent.count({ where: { caseId: c.id, kind: 'person_reply' } })).toBe(0);
    const looked = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode })
      .expect(200);
    expect(looked.body.canReply).toBe(false);
  });

  it('answers a wrong access code exactly like the status look-up, and writes nothing', async () => {
    const c = await intakeCase('awaiting_client');
    const wrong = { receiptNumber: c.receiptNumber, accessCode: 'AAAAA-AAAAA' };
    const looked = await t.http.post('/api/v1/intakes/status').send(wrong).expect(404);
    const replied = await reply(wrong, REPLY).expect(404);
    expect({ ...replied.body, requestId: null }).toEqual({ ...looked.body, requestId: null });
    const unknown = await reply({ receiptNumber: 'ZZZZ-ZZZZ', accessCode: 'AAAAA-AAAAA' }, REPLY).expect(404);
    expect(unknown.body.message).toEqual(looked.body.message);
    expect(await db.caseEvent.count({ where: { caseId: c.id, kind: 'person_reply' } })).toBe(0);
    expect(await statusOf(c.id)).toBe('awaiting_client');
  });

  it('tells the assignee in the app, with the case and nothing of the person', async () => {
    const c = await intakeCase('awaiting_client');
    await reply(c, REPLY).expect(201);
    const res = await t.http.get('/api/v1/notifications').set(counselor.headers).expect(200);
    const page = ZNotificationPage.parse(res.body);
    const mine = page.items.filter((n) => n.caseId === c.id);
    expect(mine).toEqual([expect.objectContaining({ kind: 'case.person_replied', readAt: null })]);
    expect(JSON.stringify(mine)).not.toContain('夕方');
    const mails = await db.mailOutbox.findMany({ where: { notification: { caseId: c.id } } });
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      expect(mail.text).not.toContain('夕方');
      expect(mail.text).toContain(c.receiptNumber);
    }
  });

  it('tells the supervisors when nobody is assigned yet', async () => {
    const supervisor = await staffHeaders(t, 'supervisor');
    const c = await intakeCase('awaiting_client');
    await db.case.update({ where: { id: c.id }, data: { assigneeId: null } });
    await reply(c, REPLY).expect(201);
    const res = await t.http.get('/api/v1/notifications').set(supervisor.headers).expect(200);
    const theirs = ZNotificationPage.parse(res.body).items.filter((n) => n.caseId === c.id);
    expect(theirs).toEqual([expect.objectContaining({ kind: 'case.person_replied' })]);
  });

  it('records a retried reply once when the Idempotency-Key repeats', async () => {
    const c = await intakeCase('in_progress');
    const key = `reply-${c.receiptNumber}-0001`;
    await reply(c, REPLY, key).expect(201);
    const again = await reply(c, REPLY, key).expect(201);
    expect(again.body.conversation.filter((m: { from: string }) => m.from === 'person')).toHaveLength(1);
    await reply(c, '別の内容', key).expect(409);
    expect(await db.caseEvent.count({ where: { caseId: c.id, kind: 'person_reply' } })).toBe(1);
  });

  it.each([
    ['an empty reply', '   ', 'too_small'],
    ['a reply too long', 'あ'.repeat(4001), 'too_big'],
    ['a reply with a control character', 'こんにちは\u0000', 'control_characters'],
  ])('refuses %s with 400 and a field message', async (_name, body, code) => {
    const c = await intakeCase('in_progress');
    const res = await reply(c, body).expect(400);
    expect(res.body.details.fields).toEqual([
      expect.objectContaining({
        path: 'body',
        code,
        message: { ja: expect.any(String), en: expect.any(String) },
      }),
    ]);
    expect(await db.caseEvent.count({ where: { caseId: c.id, kind: 'person_reply' } })).toBe(0);
  });
});

describe('POST /api/v1/intakes/status: furigana for a child who consulted', () => {
  async function readingAidOf(intake: Partial<TIntakeInput>): Promise<boolean> {
    const sent = await t.http
      .post('/api/v1/intakes')
      .send({ channel: 'web', description: 'クラスのグループで悪口を書かれています。', ...intake })
      .expect(201);
    const looked = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: sent.body.receiptNumber, accessCode: sent.body.accessCode })
      .expect(200);
    return ZIntakeStatus.parse(looked.body).readingAid;
  }

  it('turns it on for a 15-year-old or younger writing themselves, and only then', async () => {
    expect(await readingAidOf({ person: { age: 12 } })).toBe(true);
    expect(await readingAidOf({ person: { age: 15 }, caller: { relation: 'self' } })).toBe(true);
    expect(await readingAidOf({ person: { age: 16 } })).toBe(false);
    expect(await readingAidOf({})).toBe(false);
    // A parent or a teacher writing about a 12-year-old reads the page themselves.
    expect(await readingAidOf({ person: { age: 12 }, caller: { relation: 'guardian' } })).toBe(false);
    expect(await readingAidOf({ person: { age: 12 }, caller: { relation: 'teacher' } })).toBe(false);
  });
});
