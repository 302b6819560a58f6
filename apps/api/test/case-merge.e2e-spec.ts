// Merging duplicate cases: after a merge both pairs (receipt number + access code) open the survivor's
// conversation, a reply through the duplicate's pair lands on the survivor, the survivor's timeline shows the
// duplicate's events marked as its own, an unmerge within the undo window restores the duplicate exactly, and
// after the window (the API's clock moved) it is refused. Audited both ways.
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZCaseMerges,
  ZCaseTimeline,
  ZIntakeStatus,
  type TCaseMergeRequest,
  type TCreatePublicMessage,
  type TIntakeInput,
  type TPersonReply,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000', RATE_LIMIT_STATUS_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
});
// Sessions expire when the clock moves a day: each test signs in anew (and again after moving the clock).
beforeEach(async () => {
  counselor = await staffHeaders(t, 'counselor');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

type Pair = { receiptNumber: string; accessCode: string };

async function intake(description: string): Promise<Pair & { id: string }> {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({ channel: 'web', description } satisfies TIntakeInput)
    .expect(201);
  const pair = res.body as Pair;
  const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber: pair.receiptNumber } });
  return { ...pair, id };
}

async function status(pair: Pair) {
  const res = await t.http
    .post('/api/v1/intakes/status')
    .send({ receiptNumber: pair.receiptNumber, accessCode: pair.accessCode })
    .expect(200);
  return ZIntakeStatus.parse(res.body);
}

async function message(caseId: string, body: string) {
  await t.http
    .post(`/api/v1/cases/${caseId}/messages`)
    .set(counselor.headers)
    .send({ body } satisfies TCreatePublicMessage)
    .expect(201);
}

function merge(survivorId: string, duplicateId: string) {
  return t.http
    .post(`/api/v1/cases/${survivorId}/merge`)
    .set(counselor.headers)
    .send({ duplicateId } satisfies TCaseMergeRequest);
}

const STATE = {
  status: true,
  closedAt: true,
  assigneeId: true,
  priority: true,
  tags: true,
  mergedIntoId: true,
  firstResponseAt: true,
  lastReopenedAt: true,
} as const;

describe('merging a duplicate case', () => {
  it('keeps both pairs working on the survivor, shows both timelines, and undoes exactly within the window', async () => {
    const survivor = await intake('SNSで知らない人から脅されています。アクセスコードをなくしました。');
    const duplicate = await intake(
      '前にも相談しましたが、番号をなくしたのでもう一度送ります。脅されています。',
    );
    await message(survivor.id, '担当の者から明日ご連絡します。');
    await message(duplicate.id, '2回目のご相談を受け付けました。');
    await db.case.update({ where: { id: duplicate.id }, data: { status: 'in_progress', tags: ['再送'] } });
    const before = await db.case.findUniqueOrThrow({ where: { id: duplicate.id }, select: STATE });
    const eventsBefore = await db.caseEvent.count({ where: { caseId: duplicate.id } });

    const merged = ZCaseMerges.parse((await merge(survivor.id, duplicate.id).expect(200)).body);
    expect(merged.merged).toEqual([
      expect.objectContaining({
        id: duplicate.id,
        receiptNumber: duplicate.receiptNumber,
        canUndo: true,
        priorStatus: 'in_progress',
      }),
    ]);

    // The duplicate is closed as merged, pointing at the survivor; it leaves the open queue.
    const after = await db.case.findUniqueOrThrow({ where: { id: duplicate.id }, select: STATE });
    expect(after).toMatchObject({ status: 'closed', mergedIntoId: survivor.id });
    const dupView = ZCaseMerges.parse(
      (await t.http.get(`/api/v1/cases/${duplicate.id}/merges`).set(counselor.headers).expect(200)).body,
    );
    expect(dupView.mergedInto).toMatchObject({ id: survivor.id, receiptNumber: survivor.receiptNumber });

    // Both pairs open the survivor's conversation (with the duplicate's messages too), each under its own receipt.
    const bySurvivor = await status(survivor);
    const byDuplicate = await status(duplicate);
    expect(bySurvivor.conversation.map((m) => m.body)).toEqual([
      '担当の者から明日ご連絡します。',
      '2回目のご相談を受け付けました。',
    ]);
    expect(byDuplicate.conversation).toEqual(bySurvivor.conversation);
    expect(byDuplicate.receiptNumber).toBe(duplicate.receiptNumber);
    expect(byDuplicate.status).toBe(bySurvivor.status);
    expect(byDuplicate.canReply).toBe(true);

    // A reply through the duplicate's pair lands on the survivor.
    await t.http
      .post('/api/v1/intakes/status/replies')
      .send({ ...duplicate, body: '夕方なら電話に出られます。' } satisfies TPersonReply & { id: string })
      .expect(400); // the id is not part of the request: strict schema
    await t.http
      .post('/api/v1/intakes/status/replies')
      .send({
        receiptNumber: duplicate.receiptNumber,
        accessCode: duplicate.accessCode,
        body: '夕方なら電話に出られます。',
      } satisfies TPersonReply)
      .expect(201);
    const replies = await db.caseEvent.findMany({
      where: { kind: 'person_reply' },
      select: { caseId: true },
    });
    expect(replies.map((r) => r.caseId)).toEqual([survivor.id]);
    expect((await status(survivor)).conversation.at(-1)).toMatchObject({
      from: 'person',
      body: '夕方なら電話に出られます。',
    });

    // The survivor's timeline shows the duplicate's events, marked as from it.
    const timeline = ZCaseTimeline.parse(
      (await t.http.get(`/api/v1/cases/${survivor.id}/timeline`).set(counselor.headers).expect(200)).body,
    );
    const fromDuplicate = timeline.items.filter((item) => item.fromCase?.id === duplicate.id);
    expect(fromDuplicate.map((item) => item.kind)).toEqual(
      expect.arrayContaining(['triage', 'public_message']),
    );
    expect(fromDuplicate.every((item) => item.fromCase?.receiptNumber === duplicate.receiptNumber)).toBe(
      true,
    );

    // The duplicate's status cannot be moved while merged.
    const refused = await t.http
      .post(`/api/v1/cases/${duplicate.id}/status`)
      .set(counselor.headers)
      .send({
        status: 'in_progress',
        reason: '再開',
        version: (await db.case.findUniqueOrThrow({ where: { id: duplicate.id } })).version,
      })
      .expect(409);
    expect(refused.body.details.reason).toBe('case_merged');

    // Audited: one row on the survivor's trail, naming the duplicate, by the counselor.
    const audit = await db.auditLog.findMany({
      where: { action: 'case.merged' },
      select: { caseId: true, entityId: true, actorId: true },
    });
    expect(audit).toEqual([{ caseId: survivor.id, entityId: duplicate.id, actorId: counselor.user.id }]);

    // Unmerge within the window: the duplicate is exactly as it was, its own rows untouched, its pair its own again.
    t.advanceClock(23 * 60 * 60 * 1000);
    counselor = await staffHeaders(t, 'counselor');
    const undone = ZCaseMerges.parse(
      (await t.http.post(`/api/v1/cases/${duplicate.id}/unmerge`).set(counselor.headers).expect(200)).body,
    );
    expect(undone.mergedInto).toBeNull();
    expect(await db.case.findUniqueOrThrow({ where: { id: duplicate.id }, select: STATE })).toEqual(before);
    expect(await db.caseEvent.count({ where: { caseId: duplicate.id } })).toBe(eventsBefore);
    expect((await status(duplicate)).conversation.map((m) => m.body)).toEqual([
      '2回目のご相談を受け付けました。',
    ]);
    expect((await status(duplicate)).status).toBe('in_progress');
    expect(await db.auditLog.count({ where: { action: 'case.unmerged', caseId: duplicate.id } })).toBe(1);
  });

  it('refuses an unmerge after the undo window (the clock moved past 24 h)', async () => {
    const survivor = await intake('知らない番号から料金未納のSMSが来ました。');
    const duplicate = await intake('知らない番号から料金未納のSMSが来ました(2回目)。');
    await merge(survivor.id, duplicate.id).expect(200);
    t.advanceClock(24 * 60 * 60 * 1000 + 60_000);
    counselor = await staffHeaders(t, 'counselor');
    const res = await t.http.post(`/api/v1/cases/${duplicate.id}/unmerge`).set(counselor.headers).expect(409);
    expect(res.body.details.reason).toBe('merge_undo_expired');
    const view = ZCaseMerges.parse(
      (await t.http.get(`/api/v1/cases/${survivor.id}/merges`).set(counselor.headers).expect(200)).body,
    );
    expect(view.merged[0]).toMatchObject({ id: duplicate.id, canUndo: false });
    // Still merged: the duplicate's pair still opens the survivor.
    expect((await db.case.findUniqueOrThrow({ where: { id: duplicate.id } })).mergedIntoId).toBe(survivor.id);
  });

  it('refuses self-merges, chains and unknown cases with clear reasons', async () => {
    const a = await intake('ネットショップで代金を払ったのに商品が届きません。');
    const b = await intake('ネットショップの件です。商品が届きません。');
    const c = await intake('ネットショップの件、もう一度送ります。');
    expect((await merge(a.id, a.id).expect(400)).body.details.fields[0]).toMatchObject({
      path: 'duplicateId',
      code: 'self_merge',
    });
    await merge(a.id, '00000000-0000-4000-8000-000000000000').expect(400);
    await merge(a.id, b.id).expect(200);
    expect((await merge(b.id, c.id).expect(409)).body.details.reason).toBe('case_merged');
    expect((await merge(c.id, a.id).expect(409)).body.details.reason).toBe('case_has_merged_cases');
    expect((await merge(c.id, b.id).expect(409)).body.details.reason).toBe('case_merged');
  });
});
