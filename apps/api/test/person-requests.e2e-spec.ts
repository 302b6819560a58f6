// Requests from the person (開示・訂正・利用停止, issue 17 item 3): from the status page, with the receipt number and
// access code, the person downloads their own data (JSON, PDF) — never a counselor's note or a staff-only field —
// and asks for a correction or for deletion; a counselor completes or refuses with a reason (shown to the person);
// a completed deletion shreds the case's personal data and the status page says so. Every step is audited with
// no personal value in the audit rows.
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZIntakeStatus,
  ZPersonDataExport,
  ZPersonRequest,
  ZPersonRequestList,
  type TIntakeInput,
  type TIntakeStatusRequest,
  type TPersonDataExportRequest,
  type TPersonRequestCreateInput,
  type TPersonRequestDecisionInput,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { pdfText } from './pdf-text';
import { openStoredIntake } from './stored-texts';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

const DAY_MS = 24 * 60 * 60 * 1000;
const NAME = '佐藤みどり';
const PHONE = '090-2718-2818';
const DESCRIPTION = `${NAME}です。未納料金があるというSMSが届き、記載の番号に電話してしまいました。`;
const NOTE = '内部メモ:本人の声が震えていた。家族には内緒とのこと。';
const SUMMARY = '架空請求SMS(要約は職員のみ)';
const DESK_MESSAGE = 'SMSの画面を消さずに残しておいてください。';
const CORRECTION = '名前の漢字が違います。「佐藤みどり」ではなく「佐藤美登里」です。';
const CHANGE = '相談内容の氏名の表記を「佐藤美登里」に直した';
const REFUSAL = '法令により保存が必要な記録のため、現時点では削除できません。';

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
    PERSON_REQUEST_DUE_DAYS: '10',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'supervisor')]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/** A case from the public form with contact details, a counselor's note, a summary and a public message. */
async function personCase(): Promise<TIntakeStatusRequest & { id: string }> {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({
      channel: 'web',
      description: DESCRIPTION,
      contact: { preferred: 'phone', name: NAME, phone: PHONE },
    } satisfies TIntakeInput)
    .expect(201);
  const { receiptNumber, accessCode } = res.body as TIntakeStatusRequest;
  const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });
  await t.http.post(`/api/v1/cases/${id}/notes`).set(counselor.headers).send({ body: NOTE }).expect(201);
  await t.http
    .post(`/api/v1/cases/${id}/messages`)
    .set(counselor.headers)
    .send({ body: DESK_MESSAGE })
    .expect(201);
  await db.case.update({ where: { id }, data: { summary: SUMMARY, tags: ['内部タグ'] } });
  return { id, receiptNumber, accessCode };
}

function exportData(pair: TIntakeStatusRequest, format: TPersonDataExportRequest['format']) {
  return t.http
    .post('/api/v1/intakes/status/export')
    .send({
      receiptNumber: pair.receiptNumber,
      accessCode: pair.accessCode,
      format,
    } satisfies TPersonDataExportRequest)
    .buffer(true)
    .responseType('blob');
}

function ask(pair: TIntakeStatusRequest, kind: TPersonRequestCreateInput['kind'], text?: string) {
  return t.http.post('/api/v1/intakes/status/requests').send({
    receiptNumber: pair.receiptNumber,
    accessCode: pair.accessCode,
    kind,
    ...(text === undefined ? {} : { text }),
  } satisfies TPersonRequestCreateInput);
}

function decide(id: string, body: TPersonRequestDecisionInput, as = counselor) {
  return t.http.post(`/api/v1/person-requests/${id}/decision`).set(as.headers).send(body);
}

async function caseRequests(caseId: string) {
  const res = await t.http.get(`/api/v1/cases/${caseId}/person-requests`).set(counselor.headers).expect(200);
  return ZPersonRequestList.parse(res.body);
}

/**
 * Every audit row of the case as text, to check that no personal value reached the log. Row ids, UUIDs and times
 * are left out: their digits are random and would sometimes hold a phone fragment such as 2718.
 */
async function auditText(caseId: string): Promise<string> {
  const rows = await db.auditLog.findMany({ where: { caseId } });
  return JSON.stringify(rows.map(({ id: _id, at: _at, ...row }) => row)).replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    '<uuid>',
  );
}

function expectNoPersonalValues(text: string): void {
  for (const value of [
    NAME,
    PHONE,
    '2718',
    DESCRIPTION.slice(0, 12),
    CORRECTION.slice(0, 10),
    CHANGE.slice(0, 10),
    REFUSAL.slice(0, 10),
    NOTE.slice(0, 8),
  ]) {
    expect(text).not.toContain(value);
  }
}

describe('POST /api/v1/intakes/status/export (the person downloads their data)', () => {
  it('gives what they submitted and the conversation as JSON, never internal notes or staff-only fields; audited', async () => {
    const c = await personCase();
    const res = await exportData(c, 'json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="madoguchi-${c.receiptNumber}.json"`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const text = (res.body as Buffer).toString('utf8');
    const data = ZPersonDataExport.parse(JSON.parse(text));
    expect(data.receiptNumber).toBe(c.receiptNumber);
    expect(data.submitted?.description).toBe(DESCRIPTION);
    expect(data.submitted?.contact).toMatchObject({ name: NAME, preferred: 'phone' });
    expect(data.conversation).toEqual([{ at: expect.any(String), from: 'desk', body: DESK_MESSAGE }]);
    expect(data.dataDeletedAt).toBeNull();
    // Nothing only staff see: the note, the summary, the tags, the assignee.
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain('内部メモ');
    expect(text).not.toContain(SUMMARY);
    expect(text).not.toContain('内部タグ');
    expect(text).not.toContain(counselor.user.id);

    const rows = await db.auditLog.findMany({
      where: { action: 'privacy.person_data_exported', caseId: c.id },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.meta).toMatchObject({ format: 'json', bytes: (res.body as Buffer).length });
    expectNoPersonalValues(await auditText(c.id));
  });

  it('gives the same as a PDF in Japanese, without the internal note', async () => {
    const c = await personCase();
    await ask(c, 'correction', CORRECTION).expect(201);
    const res = await exportData(c, 'pdf').expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('ご自身のデータ');
    expect(text).toContain(c.receiptNumber);
    expect(text).toContain(DESK_MESSAGE.replace(/\s+/g, ''));
    expect(text).toContain('訂正');
    expect(text).not.toContain('本人の声が震えていた');
    expect(text).not.toContain(SUMMARY.replace(/\s+/g, ''));
    const rows = await db.auditLog.findMany({
      where: { action: 'privacy.person_data_exported', caseId: c.id },
    });
    expect(rows.map((row) => (row.meta as { format: string }).format)).toEqual(['pdf']);
  });

  it('answers a wrong access code exactly like the status look-up, and records nothing', async () => {
    const c = await personCase();
    const wrong = { receiptNumber: c.receiptNumber, accessCode: 'AAAAA-BBBBB' };
    const res = await exportData(wrong, 'json').expect(404);
    const body = JSON.parse((res.body as Buffer).toString('utf8')) as {
      code: string;
      message: { ja: string };
    };
    const status = await t.http.post('/api/v1/intakes/status').send(wrong).expect(404);
    expect(body.code).toBe('not_found');
    expect(body.message).toEqual(status.body.message);
    expect(await db.auditLog.count({ where: { action: 'privacy.person_data_exported', caseId: c.id } })).toBe(
      0,
    );
  });

  it('refuses an unknown format with a field message in Japanese and English', async () => {
    const c = await personCase();
    const res = await t.http
      .post('/api/v1/intakes/status/export')
      .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode, format: 'xml' })
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
    const field = (res.body.details.fields as { path: string; message: { ja: string; en: string } }[]).find(
      (f) => f.path === 'format',
    );
    expect(field?.message.ja).toMatch(/選/);
    expect(field?.message.en.length).toBeGreaterThan(0);
  });
});

describe('POST /api/v1/intakes/status/requests (the person asks)', () => {
  it('takes a correction with its text, due in PERSON_REQUEST_DUE_DAYS, shown on the status page; audited without the text', async () => {
    const c = await personCase();
    const res = await ask(c, 'correction', `  ${CORRECTION}\n`).expect(201);
    const status = ZIntakeStatus.parse(res.body);
    expect(status.requests).toEqual([
      {
        kind: 'correction',
        status: 'received',
        receivedAt: expect.any(String),
        dueAt: expect.any(String),
        decidedAt: null,
        refusalReason: null,
      },
    ]);
    const [request] = status.requests;
    expect(Date.parse(request!.dueAt) - Date.parse(request!.receivedAt)).toBe(10 * DAY_MS);

    // Stored encrypted: the clear text is nowhere in the row.
    const row = await db.personRequest.findFirstOrThrow({ where: { caseId: c.id } });
    expect(row.personText).toMatch(/^enc:/);
    expect(row.personText).not.toContain('佐藤');

    const list = await caseRequests(c.id);
    expect(list.items[0]).toMatchObject({
      kind: 'correction',
      status: 'received',
      text: CORRECTION,
      overdue: false,
    });

    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'privacy.person_request_received', caseId: c.id },
    });
    expect(audit.meta).toMatchObject({ kind: 'correction', length: CORRECTION.length });
    expectNoPersonalValues(await auditText(c.id));
  });

  it('refuses a correction without text, an unknown kind and control characters, naming the field in Japanese and English', async () => {
    const c = await personCase();
    const empty = await ask(c, 'correction', '   ').expect(400);
    expect(empty.body.details.fields).toEqual([
      {
        path: 'text',
        code: 'required',
        message: {
          ja: 'どこが違っていて、どう直してほしいかを書いてください',
          en: 'Please write what is wrong and how it should read',
        },
      },
    ]);
    const kind = await t.http
      .post('/api/v1/intakes/status/requests')
      .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode, kind: 'everything' })
      .expect(400);
    expect(kind.body.details.fields[0]).toMatchObject({
      path: 'kind',
      message: { ja: expect.any(String), en: expect.any(String) },
    });
    const control = await ask(c, 'correction', '名前\u0007です').expect(400);
    expect(control.body.details.fields[0]).toMatchObject({
      path: 'text',
      message: { ja: expect.stringContaining('制御文字') },
    });
    const long = await ask(c, 'deletion', 'あ'.repeat(2001)).expect(400);
    expect(long.body.details.fields[0]).toMatchObject({
      path: 'text',
      message: { ja: '2000文字以内で書いてください', en: 'Please use 2000 characters or fewer' },
    });
    expect(await db.personRequest.count({ where: { caseId: c.id } })).toBe(0);
  });

  it('answers a wrong access code like the status look-up and stores nothing', async () => {
    const c = await personCase();
    const res = await ask({ receiptNumber: c.receiptNumber, accessCode: 'AAAAA-BBBBB' }, 'deletion').expect(
      404,
    );
    expect(res.body.code).toBe('not_found');
    expect(res.body.message.ja).toContain('受付番号またはアクセスコードが違います');
    expect(await db.personRequest.count({ where: { caseId: c.id } })).toBe(0);
  });

  it('keeps one deletion request at a time (409 person_request_pending)', async () => {
    const c = await personCase();
    await ask(c, 'deletion').expect(201);
    const again = await ask(c, 'deletion', 'もう一度').expect(409);
    expect(again.body.details.reason).toBe('person_request_pending');
    expect(again.body.message.ja).toContain('すでに受け付けています');
  });
});

describe('the desk decides', () => {
  it('completes a correction: what was changed goes on the timeline as a note; the person sees it done', async () => {
    const c = await personCase();
    await ask(c, 'correction', CORRECTION).expect(201);
    const [request] = (await caseRequests(c.id)).items;

    const missing = await decide(request!.id, { outcome: 'completed' }).expect(400);
    expect(missing.body.details.fields[0]).toMatchObject({
      path: 'change',
      code: 'required',
      message: { ja: expect.stringContaining('訂正したか'), en: expect.stringContaining('corrected') },
    });

    const done = ZPersonRequest.parse(
      (await decide(request!.id, { outcome: 'completed', change: CHANGE }).expect(200)).body,
    );
    expect(done).toMatchObject({
      status: 'completed',
      decidedBy: { id: counselor.user.id },
      refusalReason: null,
    });

    const timeline = await t.http.get(`/api/v1/cases/${c.id}/timeline`).set(counselor.headers).expect(200);
    const notes = (timeline.body.items as { kind: string; data: { body?: string; via?: string } }[]).filter(
      (item) => item.data.via === 'person_request',
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]!.kind).toBe('note');
    expect(notes[0]!.data.body).toContain(CHANGE);
    // The note is internal: the person's download does not carry it.
    const data = (await exportData(c, 'json').expect(200)).body as Buffer;
    expect(data.toString('utf8')).not.toContain(CHANGE);

    const status = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode })
      .expect(200);
    expect(status.body.requests[0]).toMatchObject({
      kind: 'correction',
      status: 'completed',
      decidedAt: expect.any(String),
    });

    const again = await decide(request!.id, { outcome: 'refused', reason: REFUSAL }).expect(409);
    expect(again.body.details.reason).toBe('person_request_decided');

    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'privacy.person_request_decided', caseId: c.id },
    });
    expect(audit.meta).toMatchObject({ kind: 'correction', outcome: 'completed', overdue: false });
    expect(audit.actorId).toBe(counselor.user.id);
    expectNoPersonalValues(await auditText(c.id));
  });

  it('refuses with a reason the person reads on the status page; a refusal without reason is a field error', async () => {
    const c = await personCase();
    await ask(c, 'deletion').expect(201);
    const [request] = (await caseRequests(c.id)).items;
    const missing = await decide(request!.id, { outcome: 'refused', reason: ' ' }).expect(400);
    expect(missing.body.details.fields).toEqual([
      {
        path: 'reason',
        code: 'required',
        message: {
          ja: 'お断りする理由を書いてください(ご本人の状況確認ページに表示されます)',
          en: 'Please give the reason for refusing (the person sees it on their status page)',
        },
      },
    ]);
    const bad = await decide(request!.id, { outcome: 'maybe' as 'completed' }).expect(400);
    expect(bad.body.details.fields[0]).toMatchObject({ path: 'outcome' });

    await decide(request!.id, { outcome: 'refused', reason: REFUSAL }).expect(200);
    const status = ZIntakeStatus.parse(
      (
        await t.http
          .post('/api/v1/intakes/status')
          .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode })
          .expect(200)
      ).body,
    );
    expect(status.requests[0]).toMatchObject({ kind: 'deletion', status: 'refused', refusalReason: REFUSAL });
    expect(status.dataDeletedAt).toBeNull();
    // Nothing was deleted.
    const intake = await openStoredIntake(t, await db.intake.findUniqueOrThrow({ where: { caseId: c.id } }));
    expect(intake.description).toBe(DESCRIPTION);
    expectNoPersonalValues(await auditText(c.id));
  });

  it('completes a deletion: the case’s personal data is shredded, the case stays, the person is told', async () => {
    const c = await personCase();
    await ask(c, 'deletion', '家族に知られたくないので消してください').expect(201);
    const [request] = (await caseRequests(c.id)).items;
    const done = ZPersonRequest.parse((await decide(request!.id, { outcome: 'completed' }).expect(200)).body);
    expect(done.status).toBe('completed');
    expect(done.shredded?.fields).toBeGreaterThan(0);
    // The person's own text went with the rest.
    expect(done.text).toBeNull();

    const row = await db.case.findUniqueOrThrow({
      where: { id: c.id },
      select: { shreddedAt: true, channel: true, intake: { select: { description: true, contact: true } } },
    });
    expect(row.shreddedAt).not.toBeNull();
    expect(row.channel).toBe('web');
    expect(row.intake?.description).toBe('');
    expect(row.intake?.contact).toBeNull();
    expect((await db.personRequest.findUniqueOrThrow({ where: { id: request!.id } })).personText).toBeNull();

    const status = ZIntakeStatus.parse(
      (
        await t.http
          .post('/api/v1/intakes/status')
          .send({ receiptNumber: c.receiptNumber, accessCode: c.accessCode })
          .expect(200)
      ).body,
    );
    expect(status.dataDeletedAt).not.toBeNull();
    expect(status.requests[0]).toMatchObject({ kind: 'deletion', status: 'completed' });

    const data = ZPersonDataExport.parse(
      JSON.parse(((await exportData(c, 'json').expect(200)).body as Buffer).toString('utf8')),
    );
    expect(data.submitted).toBeNull();
    expect(data.dataDeletedAt).toBe(status.dataDeletedAt);

    const again = await ask(c, 'correction', CORRECTION).expect(409);
    expect(again.body.details.reason).toBe('person_data_deleted');

    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'privacy.person_request_decided', caseId: c.id },
    });
    expect(audit.meta).toMatchObject({ kind: 'deletion', outcome: 'completed', files: 0 });
    const shred = await db.auditLog.findFirstOrThrow({ where: { action: 'case.shred', caseId: c.id } });
    expect(shred.meta).toMatchObject({ trigger: 'person_request', requestId: request!.id });
    expectNoPersonalValues(await auditText(c.id));
  });

  it('a case on legal hold refuses the deletion (409) and the request keeps waiting', async () => {
    const c = await personCase();
    await ask(c, 'deletion').expect(201);
    await db.case.update({
      where: { id: c.id },
      data: { retentionClass: 'legal_hold', legalHoldReason: '訴訟対応のため', legalHoldAt: new Date() },
    });
    const [request] = (await caseRequests(c.id)).items;
    const res = await decide(request!.id, { outcome: 'completed' }).expect(409);
    expect(res.body.details.reason).toBe('legal_hold');
    expect((await caseRequests(c.id)).items[0]).toMatchObject({ status: 'received' });
    const intake = await openStoredIntake(t, await db.intake.findUniqueOrThrow({ where: { caseId: c.id } }));
    expect(intake.description).toBe(DESCRIPTION);
  });

  it('lists waiting requests for supervisors, oldest due first, with overdue ones counted; counselors may not', async () => {
    const early = await personCase();
    await ask(early, 'correction', CORRECTION).expect(201);
    // Received eleven days ago (the due date is ten days after receipt): overdue now.
    await db.personRequest.updateMany({
      where: { caseId: early.id },
      data: { receivedAt: new Date(t.now() - 11 * DAY_MS), dueAt: new Date(t.now() - DAY_MS) },
    });
    const late = await personCase();
    await ask(late, 'deletion').expect(201);

    const res = await t.http.get('/api/v1/person-requests').set(supervisor.headers).expect(200);
    const list = ZPersonRequestList.parse(res.body);
    const mine = list.items.filter((item) => [early.id, late.id].includes(item.caseId));
    expect(mine.map((item) => [item.receiptNumber, item.overdue])).toEqual([
      [early.receiptNumber, true],
      [late.receiptNumber, false],
    ]);
    expect(list.overdue).toBeGreaterThanOrEqual(1);
    // The list across cases carries no text.
    expect(mine.every((item) => item.text === null)).toBe(true);
    expect((await caseRequests(early.id)).items[0]).toMatchObject({ overdue: true });

    await t.http.get('/api/v1/person-requests').set(counselor.headers).expect(403);
    const bad = await t.http
      .get('/api/v1/person-requests?status=pending')
      .set(supervisor.headers)
      .expect(400);
    expect(bad.body.details.fields[0]).toMatchObject({ path: 'status' });

    const [request] = (await caseRequests(early.id)).items;
    await decide(request!.id, { outcome: 'completed', change: CHANGE }).expect(200);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'privacy.person_request_decided', caseId: early.id },
    });
    expect(audit.meta).toMatchObject({ overdue: true });
    const decided = ZPersonRequestList.parse(
      (await t.http.get('/api/v1/person-requests?status=completed').set(supervisor.headers).expect(200)).body,
    );
    expect(decided.items.map((item) => item.id)).toContain(request!.id);
  });

  it('answers 404 for an unknown request or case, and 400 for a malformed id', async () => {
    await decide('00000000-0000-4000-8000-000000000000', { outcome: 'refused', reason: REFUSAL }).expect(404);
    await t.http
      .get('/api/v1/cases/00000000-0000-4000-8000-000000000000/person-requests')
      .set(counselor.headers)
      .expect(404);
    const bad = await decide('not-an-id', { outcome: 'refused', reason: REFUSAL }).expect(400);
    expect(bad.body.details.fields[0]).toMatchObject({ path: 'id' });
  });

  it('a look at the case’s requests is audited as a view of the case', async () => {
    const c = await personCase();
    await caseRequests(c.id);
    const rows = await db.auditLog.findMany({
      where: { action: 'case.read', caseId: c.id, actorId: counselor.user.id },
    });
    expect(rows.map((row) => row.meta)).toEqual([{ view: 'person_requests' }]);
  });
});
