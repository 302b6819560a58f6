// The desk's privacy records: the register of personal-information files (個人情報ファイル簿), a case's disclosure
// record (提供記録) and the exposure report (who could read what, from the audit log). Arranged through the API.
import { createDbClient, type DbClient } from '@madoguchi/db';
import type {
  TCaseCreated,
  TCaseCreateInput,
  TCreateReferral,
  TDisclosureRecord,
  TExposureReport,
  TPrivacyRegister,
  TReferral,
  TReferralStatusRequest,
  TUpdatePrivacyRegister,
} from '@madoguchi/shared';
import { PartnerLinkTokens } from '../src/modules/referrals/partner-link-tokens';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

const HOUR_MS = 60 * 60 * 1000;
const NAME = '川口花子';
const PHONE = '090-3141-5926';

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let admin: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PARTNER_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, admin] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'admin')]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

async function newCase(): Promise<TCaseCreated> {
  const res = await t.http
    .post('/api/v1/cases')
    .set(counselor.headers)
    .send({
      description: `${NAME}です。${PHONE}から未納料金のSMSが届きました。`,
    } satisfies TCaseCreateInput)
    .expect(201);
  return res.body as TCaseCreated;
}

/** A referral to 188 sharing the summary and categories, sent, its letter printed; and the link's token. */
async function sentReferral(caseId: string): Promise<{ referral: TReferral; token: string }> {
  const draft = (
    await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({
        windowSlug: 'consumer-188',
        reason: '架空請求。消費生活センターで助言を受けてもらう',
        method: 'letter',
        consent: { givenBy: 'client', fields: ['summary', 'categories'] },
      } satisfies TCreateReferral)
      .expect(201)
  ).body as TReferral;
  const sent = await t.http
    .post(`/api/v1/referrals/${draft.id}/status`)
    .set(counselor.headers)
    .send({ to: 'sent', version: draft.version } satisfies TReferralStatusRequest)
    .expect(200);
  await t.http.get(`/api/v1/referrals/${draft.id}/report.pdf`).set(counselor.headers).expect(200);
  const link = await db.referralLink.findFirstOrThrow({ where: { referralId: draft.id } });
  const token = t.app.get(PartnerLinkTokens).token(link.id, link.keyId)!;
  return { referral: sent.body as TReferral, token };
}

async function auditRows(action: string) {
  return db.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });
}

describe('the register of personal-information files (個人情報ファイル簿)', () => {
  it('lists the windows referred to, with the referrals actually sent, and is audited', async () => {
    const created = await newCase();
    await sentReferral(created.case.id);
    const res = await t.http.get('/api/v1/privacy/register').set(admin.headers).expect(200);
    const register = res.body as TPrivacyRegister;
    const recipient = register.recipients.find((r) => r.windowSlug === 'consumer-188');
    expect(recipient).toMatchObject({ referrals: 1, sent: 1, disclosures: 1 });
    expect(recipient!.lastSentAt).not.toBeNull();
    expect(register.recipients.find((r) => r.windowSlug !== 'consumer-188')?.sent).toBe(0);
    expect(register.items.map((item) => item.key)).toEqual(
      expect.arrayContaining([
        'description',
        'contact',
        'identifiers',
        'notes',
        'evidence',
        'caller_relation',
      ]),
    );
    expect(register.purpose.length).toBeGreaterThan(0);
    expect((await auditRows('privacy.register_read')).length).toBeGreaterThan(0);
  });

  it('keeps what an admin writes, and says which fields changed (not their text) in the log', async () => {
    const body = {
      fileName: 'ネット相談記録ファイル',
      purpose: '相談への助言と、同意を得た紹介のため。',
      notes: '所管: 市民生活課',
    } satisfies TUpdatePrivacyRegister;
    const res = await t.http.put('/api/v1/privacy/register').set(admin.headers).send(body).expect(200);
    expect(res.body as TPrivacyRegister).toMatchObject(body);
    const [row] = (await auditRows('privacy.register_changed')).slice(-1);
    expect(row!.meta).toEqual({ changed: ['fileName', 'purpose', 'notes'] });
    expect(JSON.stringify(row!.meta)).not.toContain('市民生活課');
  });

  it('refuses an empty purpose with a field message in Japanese and English', async () => {
    const res = await t.http
      .put('/api/v1/privacy/register')
      .set(admin.headers)
      .send({ fileName: 'x', purpose: '  ', notes: '' })
      .expect(400);
    expect(res.body.details.fields).toEqual([
      expect.objectContaining({
        path: 'purpose',
        message: { ja: expect.any(String), en: expect.any(String) },
      }),
    ]);
  });

  it('exports a CSV Excel opens: BOM, Japanese labels first', async () => {
    const res = await t.http
      .get('/api/v1/privacy/register.csv')
      .set(admin.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
    const body = res.body as Buffer;
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('項目 / Item,内容 / Value');
    expect(lines.some((line) => line.startsWith('利用目的 / Purpose of use,'))).toBe(true);
    expect(
      lines.some((line) => line.startsWith('経常的提供先 / Recipient,') && line.includes('送付 1件')),
    ).toBe(true);
    expect((await auditRows('privacy.register_export')).length).toBe(1);
  });

  it('is for admins only: a counselor gets 403', async () => {
    await t.http.get('/api/v1/privacy/register').set(counselor.headers).expect(403);
    await t.http.get('/api/v1/privacy/register.csv').set(counselor.headers).expect(403);
    await t.http.get('/api/v1/privacy/exposure').set(counselor.headers).expect(403);
  });
});

describe('a case’s disclosure record (提供記録)', () => {
  it('shows the fields shared, under whose consent, by whom, and the window opening its link', async () => {
    const created = await newCase();
    const { referral, token } = await sentReferral(created.case.id);
    await t.http.get(`/api/v1/partner-links/${token}`).expect(200);
    // Typed as staff often do: lower case, no hyphen.
    const receipt = created.receiptNumber.replace('-', '').toLowerCase();
    const res = await t.http.get(`/api/v1/privacy/disclosures/${receipt}`).set(counselor.headers).expect(200);
    const record = res.body as TDisclosureRecord;
    expect(record.receiptNumber).toBe(created.receiptNumber);
    expect(record.referrals).toHaveLength(1);
    const [item] = record.referrals;
    expect(item).toMatchObject({
      referralNumber: referral.referralNumber,
      window: { slug: 'consumer-188' },
      consent: {
        givenBy: 'client',
        fields: ['summary', 'categories'],
        recordedBy: { id: counselor.user.id },
      },
      partnerViewed: true,
      partnerDownloaded: false,
    });
    expect(item!.events.map((event) => event.kind)).toEqual(['referral_letter', 'partner_view']);
    // The case has no summary yet: the letter carried the categories only, and so did the link's page.
    expect(item!.events[0]).toMatchObject({ by: { id: counselor.user.id }, fields: ['categories'] });
    expect(item!.events[1]).toMatchObject({ by: null, fields: ['categories'] });
    // Viewing it is audited, with nothing personal in the row.
    const [row] = (await auditRows('privacy.disclosure_read')).slice(-1);
    expect(row).toMatchObject({ caseId: created.case.id, actorId: counselor.user.id });
    expect(JSON.stringify(row!.meta)).not.toContain(NAME);
  });

  it('exports as CSV with a BOM and as PDF, each audited', async () => {
    const created = await newCase();
    await sentReferral(created.case.id);
    const csv = await t.http
      .get(`/api/v1/privacy/disclosures/${created.receiptNumber}/record.csv`)
      .set(counselor.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF受付番号 / Receipt,紹介番号 / Referral')).toBe(true);
    expect(text).toContain('相談の要約・相談の種類'); // consented
    expect(text).toContain('紹介状を作成 / Referral letter made');
    const pdf = await t.http
      .get(`/api/v1/privacy/disclosures/${created.receiptNumber}/record.pdf`)
      .set(counselor.headers)
      .buffer(true)
      .responseType('blob')
      .expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const rows = await db.auditLog.findMany({
      where: { action: 'privacy.disclosure_export', caseId: created.case.id },
    });
    expect(rows.map((r) => (r.meta as { format: string }).format).sort()).toEqual(['csv', 'pdf']);
  });

  it('answers 404 for a receipt number that names no case and 400 for one that cannot be one', async () => {
    const missing = await t.http
      .get('/api/v1/privacy/disclosures/2222-2222')
      .set(counselor.headers)
      .expect(404);
    expect(missing.body.code).toBe('not_found');
    const bad = await t.http
      .get('/api/v1/privacy/disclosures/not-a-number')
      .set(counselor.headers)
      .expect(400);
    expect(bad.body.details.fields[0]).toMatchObject({ path: 'receiptNumber' });
  });
});

describe('the exposure report (who could read what)', () => {
  it('lists a counselor who read a case inside the window and not one who read it after', async () => {
    const created = await newCase();
    const reader = await staffHeaders(t, 'counselor');
    const start = new Date(t.now() - 60_000);
    await t.http.get(`/api/v1/cases/${created.case.id}`).set(reader.headers).expect(200);
    await t.http.get(`/api/v1/cases/${created.case.id}/timeline`).set(reader.headers).expect(200);
    const end = new Date(t.now() + HOUR_MS);
    t.advanceClock(2 * HOUR_MS);
    const late = await staffHeaders(t, 'counselor');
    await t.http.get(`/api/v1/cases/${created.case.id}`).set(late.headers).expect(200);
    // Signed in after the clock moved (the first sessions' access tokens have expired by now).
    admin = await staffHeaders(t, 'admin');

    const res = await t.http
      .get('/api/v1/privacy/exposure')
      .query({ from: start.toISOString(), to: end.toISOString(), cases: created.receiptNumber })
      .set(admin.headers)
      .expect(200);
    const report = res.body as TExposureReport;
    const ids = report.actors.map((a) => (a.actor.type === 'staff' ? a.actor.id : a.actor.type));
    expect(ids).toContain(reader.user.id);
    expect(ids).not.toContain(late.user.id);
    const mine = report.actors.find((a) => a.actor.type === 'staff' && a.actor.id === reader.user.id)!;
    expect(mine.actor).toMatchObject({ type: 'staff', role: 'counselor', name: expect.any(String) });
    expect(mine.cases).toEqual([
      {
        receiptNumber: created.receiptNumber,
        kinds: [expect.objectContaining({ kind: 'case_detail', count: 1 })],
      },
    ]);
    expect((await auditRows('privacy.exposure_read')).length).toBeGreaterThan(0);
  });

  it('answers 400 with field messages for bad dates and for from after to, 404 for an unknown case', async () => {
    const bad = await t.http
      .get('/api/v1/privacy/exposure')
      .query({ from: 'yesterday', to: '2026-12-01T00:00:00Z' })
      .set(admin.headers)
      .expect(400);
    expect(bad.body.details.fields).toEqual([expect.objectContaining({ path: 'from' })]);
    const reversed = await t.http
      .get('/api/v1/privacy/exposure')
      .query({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' })
      .set(admin.headers)
      .expect(400);
    expect(reversed.body.details.fields).toEqual([
      { path: 'to', code: 'range_order', message: { ja: expect.any(String), en: expect.any(String) } },
    ]);
    await t.http
      .get('/api/v1/privacy/exposure')
      .query({ from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z', cases: '2222-2222' })
      .set(admin.headers)
      .expect(404);
  });
});
