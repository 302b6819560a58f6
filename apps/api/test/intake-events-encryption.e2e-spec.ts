// Field encryption of the intake and the case history (issue 17 item 1). An intake with known values, a note, a call
// record, a status change with a reason, a message to the person and the person's reply, all written through the
// API: the intakes and case_events rows hold none of those values in clear (read straight with SQL), while the
// counselor's case page and timeline, the queue's excerpt, the person's status page and their data download still
// show them. Rows written in clear before the upgrade stay readable and are encrypted by keys.reencrypt.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZPersonDataExport,
  type TCaseStatusChangeInput,
  type TContactLogInput,
  type TIntakeInput,
  type TIntakeStatusRequest,
  type TPersonReply,
  type TTimelineItem,
} from '@madoguchi/shared';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { reencryptJob } from '../src/modules/keys/keys.jobs';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

const M = {
  description: '知らない番号からSMSが届き、リンクを開いてカード番号を入れました。目印スイレン七号',
  contactName: '暗号検証花子',
  contactEmail: 'suiren.marker7@example.jp',
  contactPhone: '090-4471-9023',
  identifierName: '偽配送業者スイレン',
  identifierUrl: 'http://suiren-marker7.example.net/pay',
  note: '内部メモ:スイレン七号の家族は知らない',
  contactSummary: '本人から電話、スイレン七号の件で状況を聞き取り',
  statusReason: 'スイレン七号の件、担当が対応を開始',
  message: 'スイレン七号さん、SMSの画面を残しておいてください。',
  reply: 'スイレン七号です。夕方なら電話に出られます。',
} as const;

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

/** Every column of the case's intakes and case_events rows, as PostgreSQL renders them (jsonb keeps non-ASCII). */
async function storedRows(caseId: string): Promise<string> {
  const rows = await db.$queryRaw<{ row: string }[]>`
    SELECT row_to_json(i)::text AS row FROM intakes i WHERE i.case_id = ${caseId}::uuid
    UNION ALL
    SELECT row_to_json(e)::text AS row FROM case_events e WHERE e.case_id = ${caseId}::uuid`;
  return rows.map((r) => r.row).join('\n');
}

function inClear(stored: string, values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(([, value]) => stored.includes(value) || stored.includes(value.replace(/-/g, '')))
    .map(([key]) => key);
}

async function timeline(caseId: string): Promise<TTimelineItem[]> {
  const res = await t.http.get(`/api/v1/cases/${caseId}/timeline`).set(counselor.headers).expect(200);
  return res.body.items as TTimelineItem[];
}

describe('intakes and case_events at rest', () => {
  it('stores none of the values in clear, and every reader still shows them', async () => {
    const submitted = await t.http
      .post('/api/v1/intakes')
      .send({
        channel: 'web',
        description: M.description,
        answers: { paid: true, amountPaidYen: 48_213 },
        person: { age: 41, prefecture: '27' },
        identifiers: { names: [M.identifierName], urls: [M.identifierUrl] },
        contact: { preferred: 'email', name: M.contactName, email: M.contactEmail, phone: M.contactPhone },
      } satisfies TIntakeInput)
      .expect(201);
    const { receiptNumber, accessCode } = submitted.body as TIntakeStatusRequest;
    const pair: TIntakeStatusRequest = { receiptNumber, accessCode };
    const { id } = await db.case.findUniqueOrThrow({
      where: { receiptNumber: pair.receiptNumber },
      select: { id: true },
    });

    await t.http.post(`/api/v1/cases/${id}/notes`).set(counselor.headers).send({ body: M.note }).expect(201);
    await t.http
      .post(`/api/v1/cases/${id}/contacts`)
      .set(counselor.headers)
      .send({
        direction: 'in',
        channel: 'phone',
        occurredAt: new Date(t.now() - 60_000).toISOString(),
        durationMinutes: 7,
        summary: M.contactSummary,
      } satisfies TContactLogInput)
      .expect(201);
    await t.http
      .post(`/api/v1/cases/${id}/status`)
      .set(counselor.headers)
      .send({ status: 'in_progress', version: 1, reason: M.statusReason } satisfies TCaseStatusChangeInput)
      .expect(200);
    await t.http
      .post(`/api/v1/cases/${id}/messages`)
      .set(counselor.headers)
      .send({ body: M.message })
      .expect(201);
    await t.http
      .post('/api/v1/intakes/status/replies')
      .send({ ...pair, body: M.reply } satisfies TPersonReply)
      .expect(201);

    // At rest: none of the values, in any column of the two tables.
    const stored = await storedRows(id);
    expect(stored).toContain('enc:v1:');
    expect(inClear(stored, M)).toEqual([]);
    const intake = await db.intake.findUniqueOrThrow({ where: { caseId: id } });
    for (const value of [intake.description, intake.contact, intake.identifiers, intake.raw]) {
      expect(value).toMatch(/^enc:v1:/);
    }
    // The coded answers and the person's age and prefecture stay in clear for statistics (retention keeps them).
    expect(intake.answers).toEqual({ paid: true, amountPaidYen: 48_213 });
    expect(intake.person).toEqual({ age: 41, prefecture: '27' });
    const events = await db.caseEvent.findMany({ where: { caseId: id }, orderBy: { createdAt: 'asc' } });
    const withText = events.filter((e) => e.kind !== 'triage');
    expect(withText.map((e) => e.kind).sort()).toEqual(
      ['contact', 'note', 'person_reply', 'public_message', 'status_change'].sort(),
    );
    for (const event of withText) {
      expect(event.body).toMatch(/^enc:v1:/);
    }
    // The coded part of an event stays readable in clear (the statistics' triggers read it).
    expect(events.find((e) => e.kind === 'status_change')?.data).toEqual({ from: 'new', to: 'in_progress' });
    expect(events.find((e) => e.kind === 'contact')?.data).toMatchObject({
      direction: 'in',
      durationMinutes: 7,
    });

    // The counselor's case page.
    const detail = await t.http.get(`/api/v1/cases/${id}`).set(counselor.headers).expect(200);
    expect(detail.body.intake).toMatchObject({
      description: M.description,
      answers: { paid: true, amountPaidYen: 48_213 },
      person: { age: 41, prefecture: '27' },
      identifiers: { names: [M.identifierName], urls: [M.identifierUrl] },
      contact: { preferred: 'email', name: M.contactName, email: M.contactEmail },
    });
    // The timeline: every free text back where it was.
    const items = await timeline(id);
    const dataOf = (kind: string) => items.filter((i) => i.kind === kind).map((i) => i.data);
    expect(dataOf('note')).toEqual([{ body: M.note }]);
    expect(dataOf('contact')).toEqual([
      expect.objectContaining({ summary: M.contactSummary, direction: 'in' }),
    ]);
    expect(dataOf('status_change')).toEqual([{ from: 'new', to: 'in_progress', reason: M.statusReason }]);
    expect(dataOf('public_message')).toEqual([{ body: M.message }]);
    expect(dataOf('person_reply')).toEqual([{ body: M.reply }]);
    // The queue's excerpt is cut from the opened description.
    const queue = await t.http.get('/api/v1/cases?limit=100').set(counselor.headers).expect(200);
    const row = (queue.body.items as { id: string; excerpt: string | null }[]).find((item) => item.id === id);
    expect(row?.excerpt).toContain('知らない番号からSMSが届き');

    // The person's status page: the conversation, never the note or the desk's reason.
    const status = await t.http.post('/api/v1/intakes/status').send(pair).expect(200);
    expect(status.body.conversation).toEqual([
      { at: expect.any(String), from: 'desk', body: M.message },
      { at: expect.any(String), from: 'person', body: M.reply },
    ]);
    expect(JSON.stringify(status.body)).not.toContain(M.note);
    expect(JSON.stringify(status.body)).not.toContain(M.statusReason);

    // The person's data download.
    const exported = await t.http
      .post('/api/v1/intakes/status/export')
      .send({ ...pair, format: 'json' })
      .buffer(true)
      .responseType('blob')
      .expect(200);
    const data = ZPersonDataExport.parse(JSON.parse((exported.body as Buffer).toString('utf8')));
    expect(data.submitted).toMatchObject({
      description: M.description,
      identifiers: { names: [M.identifierName] },
      contact: { name: M.contactName, email: M.contactEmail },
    });
    expect(data.conversation.map((entry) => entry.body)).toEqual([M.message, M.reply]);
  });
});

describe('rows written in clear before the upgrade', () => {
  it('are readable as they are, and keys.reencrypt encrypts them', async () => {
    const submitted = await t.http
      .post('/api/v1/intakes')
      .send({ channel: 'web', description: '仮の相談' } satisfies TIntakeInput)
      .expect(201);
    const { receiptNumber, accessCode } = submitted.body as TIntakeStatusRequest;
    const pair: TIntakeStatusRequest = { receiptNumber, accessCode };
    const { id } = await db.case.findUniqueOrThrow({
      where: { receiptNumber: pair.receiptNumber },
      select: { id: true },
    });
    // The intake as the migration left a row of before: the JSON serialisation of the jsonb, in clear.
    const legacy = {
      description: '旧データの相談。目印ハマナス三号',
      contact: { preferred: 'phone', name: '旧データ次郎', phone: '+81335550199' },
      identifiers: { phones: ['03-5550-0199'] },
      raw: { description: '旧データの相談。目印ハマナス三号', channel: 'web' },
    };
    await db.$executeRaw`
      UPDATE intakes SET description = ${legacy.description}, contact = ${JSON.stringify(legacy.contact)},
                         identifiers = ${JSON.stringify(legacy.identifiers)}, raw = ${JSON.stringify(legacy.raw)}
       WHERE case_id = ${id}::uuid`;
    // Events as the migration left them: the free text moved out of data into a clear body.
    await db.$executeRaw`
      INSERT INTO case_events (id, case_id, kind, public, data, body, created_at)
      VALUES (gen_random_uuid(), ${id}::uuid, 'note', false, '{}'::jsonb, ${JSON.stringify({ body: '旧メモ:ハマナス三号' })},
              now() - interval '2 minutes'),
             (gen_random_uuid(), ${id}::uuid, 'public_message', true, '{}'::jsonb,
              ${JSON.stringify({ body: '旧メッセージ:ハマナス三号さんへ' })}, now() - interval '1 minute')`;

    const readAll = async () => {
      const detail = await t.http.get(`/api/v1/cases/${id}`).set(counselor.headers).expect(200);
      expect(detail.body.intake).toMatchObject({
        description: legacy.description,
        contact: legacy.contact,
        identifiers: legacy.identifiers,
      });
      const items = await timeline(id);
      expect(items.filter((i) => i.kind === 'note').map((i) => i.data)).toEqual([
        { body: '旧メモ:ハマナス三号' },
      ]);
      const status = await t.http.post('/api/v1/intakes/status').send(pair).expect(200);
      expect(status.body.conversation).toEqual([
        { at: expect.any(String), from: 'desk', body: '旧メッセージ:ハマナス三号さんへ' },
      ]);
    };
    await readAll();
    expect(inClear(await storedRows(id), { marker: 'ハマナス三号' })).toEqual(['marker']);

    const jobs = await createJobsTestApp();
    try {
      await jobs.app.get(JobsService).send(reencryptJob, {});
      await eventually(async () => {
        const rows = await db.caseEvent.findMany({ where: { caseId: id, body: { not: null } } });
        return rows.every((row) => row.body!.startsWith('enc:v1:')) ? rows : undefined;
      });
      await eventually(async () => {
        const row = await db.intake.findUniqueOrThrow({ where: { caseId: id } });
        return [row.description, row.contact, row.identifiers, row.raw].every((v) => v?.startsWith('enc:v1:'))
          ? row
          : undefined;
      });
    } finally {
      await jobs.close();
    }
    expect(inClear(await storedRows(id), { marker: 'ハマナス三号', name: '旧データ次郎' })).toEqual([]);
    await readAll();
  });

  it('the migration moves an event’s free text out of data into body, keeping the coded keys', async () => {
    const submitted = await t.http
      .post('/api/v1/intakes')
      .send({ channel: 'web', description: '移行の確認' } satisfies TIntakeInput)
      .expect(201);
    const { id } = await db.case.findUniqueOrThrow({
      where: { receiptNumber: (submitted.body as TIntakeStatusRequest).receiptNumber },
      select: { id: true },
    });
    // Events in the shape written before the migration: free text inside data.
    const [note, status, empty] = await Promise.all([
      db.caseEvent.create({ data: { caseId: id, kind: 'note', data: { body: '移行前のメモ' } } }),
      db.caseEvent.create({
        data: {
          caseId: id,
          kind: 'status_change',
          data: { from: 'new', to: 'in_progress', reason: '移行前の理由' },
        },
      }),
      db.caseEvent.create({
        data: { caseId: id, kind: 'priority_change', data: { from: 'normal', to: 'high', reason: null } },
      }),
    ]);
    // The migration's own statement, run again on these rows (it leaves rows without free text alone).
    const migration = readFileSync(
      path.join(__dirname, '../../../prisma/migrations/20261206010000_encrypt_intakes_events/migration.sql'),
      'utf8',
    );
    const move = /UPDATE "case_events" e[\s\S]*?;/.exec(migration)?.[0];
    expect(move).toBeDefined();
    await db.$executeRawUnsafe(move!);

    const rows = new Map(
      (await db.caseEvent.findMany({ where: { id: { in: [note.id, status.id, empty.id] } } })).map((r) => [
        r.id,
        r,
      ]),
    );
    expect(rows.get(note.id)?.data).toEqual({});
    expect(JSON.parse(rows.get(note.id)!.body!)).toEqual({ body: '移行前のメモ' });
    expect(rows.get(status.id)?.data).toEqual({ from: 'new', to: 'in_progress' });
    expect(JSON.parse(rows.get(status.id)!.body!)).toEqual({ reason: '移行前の理由' });
    expect(rows.get(empty.id)).toMatchObject({
      data: { from: 'normal', to: 'high', reason: null },
      body: null,
    });
    // And the API reads them as before.
    const items = await timeline(id);
    expect(items.find((i) => i.id === note.id)?.data).toEqual({ body: '移行前のメモ' });
    expect(items.find((i) => i.id === status.id)?.data).toEqual({
      from: 'new',
      to: 'in_progress',
      reason: '移行前の理由',
    });
  });
});
