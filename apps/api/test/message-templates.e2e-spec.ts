// Message and note templates: admins create, edit and deactivate them (audited); unknown placeholders are a
// field error on body; counselors list the active ones and fill one for a case (window, hours, receipt, name).
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  openingHoursLine,
  ZMessageTemplate,
  ZMessageTemplateList,
  ZTemplateFill,
  type TCreateMessageTemplate,
  type TCreateReferral,
  type TIntakeInput,
  type TUpdateMessageTemplate,
  type TWindowView,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let admin: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, admin] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'admin')]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const BODY =
  '{{window.name}}({{window.phone}}、{{window.hours}})にご相談ください。受付番号は {{receipt}} です。担当: {{counselor.name}}';

describe('message templates', () => {
  it('admins create, edit and deactivate; counselors see only active ones; all audited', async () => {
    const created = ZMessageTemplate.parse(
      (
        await t.http
          .post('/api/v1/templates')
          .set(admin.headers)
          .send({ kind: 'public_message', title: '188のご案内', body: BODY } satisfies TCreateMessageTemplate)
          .expect(201)
      ).body,
    );
    expect(created).toMatchObject({
      active: true,
      placeholders: ['window.name', 'window.phone', 'window.hours', 'receipt', 'counselor.name'],
    });
    await t.http
      .post('/api/v1/templates')
      .set(counselor.headers)
      .send({ kind: 'note', title: 'x', body: 'y' } satisfies TCreateMessageTemplate)
      .expect(403);

    const edited = await t.http
      .patch(`/api/v1/templates/${created.id}`)
      .set(admin.headers)
      .send({ title: '消費者ホットラインのご案内' } satisfies TUpdateMessageTemplate)
      .expect(200);
    expect(edited.body.title).toBe('消費者ホットラインのご案内');

    const list = async (as: StaffSession, query = '') =>
      ZMessageTemplateList.parse(
        (await t.http.get(`/api/v1/templates${query}`).set(as.headers).expect(200)).body,
      );
    expect((await list(counselor)).map((x) => x.id)).toContain(created.id);

    await t.http
      .patch(`/api/v1/templates/${created.id}`)
      .set(admin.headers)
      .send({ active: false } satisfies TUpdateMessageTemplate)
      .expect(200);
    expect((await list(counselor)).map((x) => x.id)).not.toContain(created.id);
    expect((await list(admin, '?includeInactive=true')).find((x) => x.id === created.id)?.active).toBe(false);
    await t.http.get('/api/v1/templates?includeInactive=true').set(counselor.headers).expect(403);

    const audit = await db.auditLog.findMany({
      where: { entityId: created.id },
      orderBy: { id: 'asc' },
      select: { action: true, actorId: true },
    });
    expect(audit).toEqual([
      { action: 'template.create', actorId: admin.user.id },
      { action: 'template.update', actorId: admin.user.id },
      { action: 'template.update', actorId: admin.user.id },
    ]);
  });

  it('refuses unknown placeholders with a field error on body, on create and on edit', async () => {
    const res = await t.http
      .post('/api/v1/templates')
      .set(admin.headers)
      .send({
        kind: 'note',
        title: '誤り',
        body: '{{window.name}} と {{window.adress}}',
      } satisfies TCreateMessageTemplate)
      .expect(400);
    expect(res.body.details.fields).toEqual([
      expect.objectContaining({
        path: 'body',
        code: 'unknown_placeholder',
        message: expect.objectContaining({ ja: expect.stringContaining('{{window.adress}}') }),
      }),
    ]);
    const ok = await t.http
      .post('/api/v1/templates')
      .set(admin.headers)
      .send({ kind: 'note', title: 'メモ', body: '{{receipt}} を確認' } satisfies TCreateMessageTemplate)
      .expect(201);
    const edit = await t.http
      .patch(`/api/v1/templates/${ok.body.id}`)
      .set(admin.headers)
      .send({ body: '{{ person.name }}' } satisfies TUpdateMessageTemplate)
      .expect(400);
    expect(edit.body.details.fields[0]).toMatchObject({ path: 'body', code: 'unknown_placeholder' });
    expect((await db.messageTemplate.findUniqueOrThrow({ where: { id: ok.body.id } })).body).toBe(
      '{{receipt}} を確認',
    );
  });

  it("fills a template for a case from its referral's window, with the hours the directory writes", async () => {
    const template = await t.http
      .post('/api/v1/templates')
      .set(admin.headers)
      .send({ kind: 'public_message', title: '紹介', body: BODY } satisfies TCreateMessageTemplate)
      .expect(201);
    const intake = await t.http
      .post('/api/v1/intakes')
      .send({
        channel: 'web',
        description: '通販で前払いしたのに商品が届かず、連絡もつきません。',
      } satisfies TIntakeInput)
      .expect(201);
    const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber: intake.body.receiptNumber } });
    await t.http
      .post(`/api/v1/cases/${id}/referrals`)
      .set(counselor.headers)
      .send({
        windowSlug: 'consumer-188',
        reason: '通販トラブル',
        method: 'guided_client',
        consent: { givenBy: 'client', fields: ['summary'] },
      } satisfies TCreateReferral)
      .expect(201);
    const window = (await t.http.get('/api/v1/windows/consumer-188').expect(200)).body as TWindowView;

    const fill = ZTemplateFill.parse(
      (
        await t.http
          .get(`/api/v1/templates/${template.body.id}/fill?caseId=${id}`)
          .set(counselor.headers)
          .expect(200)
      ).body,
    );
    expect(fill.missing).toEqual([]);
    expect(fill.window?.slug).toBe('consumer-188');
    const { displayName } = await db.user.findUniqueOrThrow({ where: { id: counselor.user.id } });
    expect(fill.text).toBe(
      `${window.name.ja}(${window.phones[0]!.number}、${openingHoursLine(window)})にご相談ください。受付番号は ${intake.body.receiptNumber} です。担当: ${displayName}`,
    );
    await t.http
      .get(`/api/v1/templates/${template.body.id}/fill?caseId=00000000-0000-4000-8000-000000000000`)
      .set(counselor.headers)
      .expect(404);
  });
});
