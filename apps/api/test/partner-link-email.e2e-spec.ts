// E-mailing the partner link to the window: an admin sets the window's referral address, a counselor sends the
// live link there, and the in-process SMTP server receives a notice with the link, the referral number and the
// window's name, and nothing of the person. Refused (409) without an address, for a revoked link, for a draft.
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  ZMailOutboxPage,
  type TCreateReferral,
  type TIntakeInput,
  type TReferral,
  type TReferralStatusRequest,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import { startSmtp } from './smtp-test';
import type { TestApp } from './test-app';

jest.setTimeout(90_000);

const WEB = 'https://madoguchi.example.jp';
const WINDOW = 'consumer-188';
const ADDRESS = 'referrals@window.example.jp';

/** What the person told the desk: none of it may appear in the mail. */
const NAME = '佐藤一郎';
const PHONE = '080-2718-2818';
const DESCRIPTION = `ネット通販で代金を払ったのに商品が届きません。連絡先は${PHONE}です。`;
const SUMMARY = '偽の通販サイトに代金を振り込み、商品が届かない。';

let t: TestApp;
let db: DbClient;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let counselor: StaffSession;
let admin: StaffSession;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createJobsTestApp({
    WEB_PUBLIC_URL: WEB,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Madoguchi <no-reply@madoguchi.example.jp>',
    CENTRE_NAME: 'テスト市消費生活相談窓口',
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
  admin = await staffHeaders(t, 'admin');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
  await smtp.close();
});

function setWindowAddress(referralEmail: string | null) {
  return t.http.patch(`/api/v1/windows/${WINDOW}`).set(admin.headers).send({ referralEmail });
}

async function draftReferral(): Promise<TReferral> {
  const intake = await t.http
    .post('/api/v1/intakes')
    .send({
      description: DESCRIPTION,
      category: 'online_shopping',
      contact: { preferred: 'phone', name: NAME, phone: PHONE },
    } satisfies TIntakeInput)
    .expect(201);
  const row = await db.case.update({
    where: { receiptNumber: intake.body.receiptNumber },
    data: { summary: SUMMARY },
  });
  const res = await t.http
    .post(`/api/v1/cases/${row.id}/referrals`)
    .set(counselor.headers)
    .send({
      windowSlug: WINDOW,
      reason: '返金の可能性について助言を受けてもらいたい',
      method: 'letter',
      consent: { givenBy: 'client', fields: ['summary', 'categories'] },
    } satisfies TCreateReferral)
    .expect(201);
  return res.body as TReferral;
}

async function sentReferral(): Promise<TReferral> {
  const draft = await draftReferral();
  const res = await t.http
    .post(`/api/v1/referrals/${draft.id}/status`)
    .set(counselor.headers)
    .send({ to: 'sent', version: draft.version } satisfies TReferralStatusRequest)
    .expect(200);
  return res.body as TReferral;
}

const emailLink = (id: string) => t.http.post(`/api/v1/referrals/${id}/link/email`).set(counselor.headers);

describe("the window's referral address", () => {
  it('is set by an admin, checked as an e-mail address, and left out of the public directory', async () => {
    const bad = await setWindowAddress('not an address').expect(400);
    expect(bad.body.details.fields).toEqual([
      expect.objectContaining({
        path: 'referralEmail',
        message: expect.objectContaining({ ja: expect.any(String), en: expect.any(String) }),
      }),
    ]);

    const saved = await setWindowAddress(ADDRESS).expect(200);
    expect(saved.body.referralEmail).toBe(ADDRESS);
    const publicView = await t.http.get(`/api/v1/windows/${WINDOW}`).expect(200);
    expect(publicView.body).not.toHaveProperty('referralEmail');
    expect(JSON.stringify(publicView.body)).not.toContain(ADDRESS);
    const adminView = await t.http.get(`/api/v1/windows/${WINDOW}`).set(admin.headers).expect(200);
    expect(adminView.body.referralEmail).toBe(ADDRESS);
  });
});

describe('e-mailing the link', () => {
  it("sends the window a notice with the live link and the referral number, and none of the person's data", async () => {
    await setWindowAddress(ADDRESS).expect(200);
    const referral = await sentReferral();
    expect(referral.window.referralEmail).toBe(ADDRESS);
    const before = smtp.received.length;

    const res = await emailLink(referral.id).expect(200);
    expect((res.body as TReferral).id).toBe(referral.id);

    const mail = await eventually(() =>
      smtp.received.slice(before).find((m) => m.subject.includes(referral.referralNumber)),
    );
    expect(mail.to).toBe(ADDRESS);
    expect(mail.subject).toBe(`ご紹介のお知らせ ${referral.referralNumber} / Referral notice`);
    expect(mail.text).toContain('テスト市消費生活相談窓口');
    expect(mail.text).toContain('消費者ホットライン');
    expect(mail.text).toContain('ご本人が共有に同意した内容');
    expect(mail.text).toContain('what the person agreed to share');
    for (const personal of [NAME, PHONE, DESCRIPTION, SUMMARY, '080']) {
      expect(mail.raw).not.toContain(personal);
      expect(mail.text).not.toContain(personal);
    }
    const caseRow = await db.case.findUniqueOrThrow({ where: { id: referral.caseId } });
    expect(mail.text).not.toContain(caseRow.receiptNumber);

    // The URL opens the same link the letter carries.
    const match = new RegExp(`${WEB.replace(/\./g, '\\.')}/p/([A-Za-z0-9_-]{43})`).exec(mail.text);
    expect(match).not.toBeNull();
    const token = match![1]!;
    const expires = new Date(referral.partnerLink!.expiresAt);
    const jst = new Date(expires.getTime() + 9 * 60 * 60 * 1000);
    expect(mail.text).toContain(
      `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日(日本時間)まで`,
    );
    const view = await t.http.get(`/api/v1/partner-links/${token}`).expect(200);
    expect(view.body.referralNumber).toBe(referral.referralNumber);

    // Audited with the referral's number and the window, never the token; the outbox says what the mail is.
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'referral.link_emailed', entityId: referral.id },
    });
    expect(audit.meta).toMatchObject({ referralNumber: referral.referralNumber, windowSlug: WINDOW });
    expect(JSON.stringify({ ...audit, id: String(audit.id) })).not.toContain(token);
    // Marked sent just after the server took it.
    const row = await eventually(async () => {
      const outbox = ZMailOutboxPage.parse(
        (await t.http.get('/api/v1/admin/mail-outbox').set(admin.headers).expect(200)).body,
      );
      return outbox.items.find((m) => m.subject.includes(referral.referralNumber) && m.status === 'sent');
    });
    expect(row).toMatchObject({
      status: 'sent',
      kind: 'referral_notice',
      notificationId: null,
      referralLinkId: referral.partnerLink!.id,
      to: ADDRESS,
    });
    // The admin outbox shows the text; the database holds it only encrypted (the token opens the referral).
    expect(row.text).toContain(token);
    const stored = await db.mailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.text).toMatch(/^enc:v1:/);
    expect(stored.text).not.toContain(token);
  });

  it('refuses with 409 when the link was revoked, and for a referral not yet sent', async () => {
    await setWindowAddress(ADDRESS).expect(200);
    const referral = await sentReferral();
    await t.http.post(`/api/v1/referrals/${referral.id}/link/revoke`).set(counselor.headers).expect(200);
    const revoked = await emailLink(referral.id).expect(409);
    expect(revoked.body.details.reason).toBe('partner_link_not_live');
    expect(revoked.body.message.ja).toMatch(/有効な先方確認リンクがありません/);

    const draft = await draftReferral();
    const notSent = await emailLink(draft.id).expect(409);
    expect(notSent.body.details.reason).toBe('partner_link_not_issuable');

    const queued = await db.mailOutbox.count({
      where: { referralLink: { referralId: { in: [referral.id, draft.id] } } },
    });
    expect(queued).toBe(0);
    expect(
      await db.auditLog.count({
        where: { action: 'referral.link_emailed', entityId: { in: [referral.id, draft.id] } },
      }),
    ).toBe(0);
  });

  it('refuses with 409 window_email_missing once the admin cleared the address', async () => {
    await setWindowAddress(ADDRESS).expect(200);
    const referral = await sentReferral();
    const cleared = await setWindowAddress(null).expect(200);
    expect(cleared.body.referralEmail).toBeNull();
    const res = await emailLink(referral.id).expect(409);
    expect(res.body.details.reason).toBe('window_email_missing');
    expect(res.body.message.ja).toMatch(/管理者が窓口の設定で追加できます/);
    const staff = await t.http.get(`/api/v1/referrals/${referral.id}`).set(counselor.headers).expect(200);
    expect((staff.body as TReferral).window.referralEmail).toBeNull();
    expect(await db.mailOutbox.count({ where: { referralLinkId: referral.partnerLink!.id } })).toBe(0);
  });
});

describe('the outbox table', () => {
  it('keeps each mail tied to exactly one owner (a notification or a partner link)', async () => {
    await expect(
      db.$executeRaw`INSERT INTO mail_outbox (id, to_address, subject, text)
                     VALUES (gen_random_uuid(), 'x@example.jp', 's', 't')`,
    ).rejects.toThrow(/mail_outbox_one_owner/);
  });
});
