import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type {
  TCreateReferral,
  TIntakeInput,
  TPartnerLinkAnswer,
  TPartnerLinkView,
  TReferral,
  TReferralStatusRequest,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { pdfText } from './pdf-text';
import { createTestApp, type TestApp } from './test-app';

// Sign-ins hash with argon2id, the letter is read in a child process: generous under a loaded CI machine.
jest.setTimeout(60_000);

const WEB = 'https://madoguchi.example.jp';
const PARTNER_IP = '203.0.113.77';
const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_PARTNER_PER_MINUTE: '1000',
    WEB_PUBLIC_URL: WEB,
    TRUST_PROXY: 'true',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/** The letter's text with all white space removed (pdfkit wraps the URL anywhere). */
async function letterText(referralId: string): Promise<string> {
  const res = await t.http
    .get(`/api/v1/referrals/${referralId}/report.pdf`)
    .set(counselor.headers)
    .buffer(true)
    .responseType('blob')
    .expect(200);
  return pdfText(res.body as Buffer);
}

/** The token of the link printed on the letter, read from the letter as a partner would type it. */
async function tokenFromLetter(referralId: string): Promise<string> {
  const text = await letterText(referralId);
  const match = new RegExp(`${WEB.replace(/\./g, '\\.')}/p/([A-Za-z0-9_-]{43})`).exec(text);
  expect(match).not.toBeNull();
  return match![1]!;
}

const NAME = '山田太郎';
const PHONE = '090-1111-2222';
const DESCRIPTION = `身に覚えのない料金を請求するSMSが来て電話しました。私は${NAME}です。`;

async function newCase(): Promise<string> {
  const res = await t.http
    .post('/api/v1/intakes')
    .send({
      description: DESCRIPTION,
      category: 'fictitious_billing',
      person: { age: 34, prefecture: '27' },
      contact: { preferred: 'phone', name: NAME, phone: PHONE },
    } satisfies TIntakeInput)
    .expect(201);
  const row = await db.case.update({
    where: { receiptNumber: res.body.receiptNumber },
    data: { summary: '架空請求のSMSに電話してしまい、支払いを迫られている。' },
  });
  return row.id;
}

/** A draft referral (by letter) to the consumer centre with consent for the summary and categories only. */
async function draftReferral(): Promise<TReferral> {
  const caseId = await newCase();
  const draft = await t.http
    .post(`/api/v1/cases/${caseId}/referrals`)
    .set(counselor.headers)
    .send({
      windowSlug: 'consumer-188',
      reason: '支払わずに済ませる方法について助言を受けてもらいたい',
      method: 'letter',
      consent: { givenBy: 'client', fields: ['summary', 'categories'] },
    } satisfies TCreateReferral)
    .expect(201);
  return draft.body as TReferral;
}

/** That referral, sent. */
async function sentReferral(): Promise<TReferral> {
  const draft = await draftReferral();
  const sent = await t.http
    .post(`/api/v1/referrals/${draft.id}/status`)
    .set(counselor.headers)
    .send({ to: 'sent', version: draft.version } satisfies TReferralStatusRequest)
    .expect(200);
  return sent.body as TReferral;
}

const partner = {
  view: (token: string) => t.http.get(`/api/v1/partner-links/${token}`).set('x-forwarded-for', PARTNER_IP),
  acknowledge: (token: string, body: object = {}) =>
    t.http.post(`/api/v1/partner-links/${token}/acknowledge`).set('x-forwarded-for', PARTNER_IP).send(body),
  complete: (token: string, body: object) =>
    t.http.post(`/api/v1/partner-links/${token}/complete`).set('x-forwarded-for', PARTNER_IP).send(body),
  decline: (token: string, body: object) =>
    t.http.post(`/api/v1/partner-links/${token}/decline`).set('x-forwarded-for', PARTNER_IP).send(body),
};

async function staffView(id: string, session: StaffSession = counselor): Promise<TReferral> {
  return (await t.http.get(`/api/v1/referrals/${id}`).set(session.headers).expect(200)).body as TReferral;
}

/** Everything an answer could have changed: compared before and after a refused one. */
async function snapshot(referralId: string) {
  const referral = await db.referral.findUniqueOrThrow({
    where: { id: referralId },
    include: { history: true, links: { include: { uses: true } } },
  });
  const events = await db.caseEvent.count({ where: { caseId: referral.caseId } });
  return { referral, events };
}

describe('issuing on send', () => {
  it('issues a 30-day link whose token only the letter carries; the database holds its SHA-256', async () => {
    const referral = await sentReferral();
    expect(referral.partnerLink).toMatchObject({ state: 'active', revokedAt: null, uses: [] });
    const issued = Date.parse(referral.partnerLink!.issuedAt);
    expect(Date.parse(referral.partnerLink!.expiresAt) - issued).toBe(30 * DAY_MS);

    const token = await tokenFromLetter(referral.id);
    const links = await db.referralLink.findMany({ where: { referralId: referral.id } });
    expect(links).toHaveLength(1);
    expect(links[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    // The plaintext is nowhere in the database: not in the link, the audit log, the referral or its history.
    const pattern = `%${token}%`;
    const rows = await db.$queryRaw<{ hits: bigint }[]>`
      SELECT (SELECT count(*) FROM referral_links t WHERE row_to_json(t)::text LIKE ${pattern})
           + (SELECT count(*) FROM audit_log t WHERE row_to_json(t)::text LIKE ${pattern})
           + (SELECT count(*) FROM referrals t WHERE row_to_json(t)::text LIKE ${pattern})
           + (SELECT count(*) FROM referral_status_changes t WHERE row_to_json(t)::text LIKE ${pattern})
           + (SELECT count(*) FROM case_events t WHERE row_to_json(t)::text LIKE ${pattern})
           + (SELECT count(*) FROM disclosures t WHERE row_to_json(t)::text LIKE ${pattern}) AS hits`;
    expect(Number(rows[0]!.hits)).toBe(0);
    const audit = await db.auditLog.findMany({
      where: { action: 'referral.link_issued', entityId: referral.id },
    });
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: counselor.user.id,
        meta: expect.objectContaining({ linkId: links[0]!.id }),
      }),
    ]);

    // Printed again, the letter carries the same link.
    expect(await tokenFromLetter(referral.id)).toBe(token);
  });

  it('prints no link on a draft letter', async () => {
    const draft = await draftReferral();
    expect(draft.partnerLink).toBeNull();
    const text = await letterText(draft.id);
    expect(text).not.toContain(`${WEB}/p/`);
    expect(text).not.toContain('受付・対応結果のご連絡のお願い');
  });
});

describe('the partner page', () => {
  it('shows what the consent allows, and nothing of what it withholds', async () => {
    const referral = await sentReferral();
    const token = await tokenFromLetter(referral.id);
    const res = await partner.view(token).expect(200);
    const view = res.body as TPartnerLinkView;
    expect(view).toMatchObject({
      referralNumber: referral.referralNumber,
      window: { name: { ja: referral.window.name.ja } },
      status: 'sent',
      state: 'active',
      actions: ['acknowledge', 'complete', 'decline'],
      uses: [],
    });
    const shown = JSON.stringify(view.letter);
    expect(shown).toContain('架空請求のSMSに電話してしまい');
    expect(shown).toContain('架空請求');
    // Contact, age, prefecture and the person's own words were not consented to.
    for (const withheld of [NAME, PHONE, '09011112222', '34歳', '大阪府', '身に覚えのない料金']) {
      expect(shown).not.toContain(withheld);
    }
    expect(JSON.stringify(view)).not.toContain(token);

    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'referral.partner_link_viewed', entityId: referral.id },
    });
    expect(audit).toMatchObject({ actorId: null, ip: PARTNER_IP, caseId: referral.caseId });
    expect(audit.meta).toMatchObject({ fields: ['summary', 'categories'], state: 'active' });
  });
});

describe('evidence files shared through the link', () => {
  /** A file uploaded by the counselor, as the virus scan leaves a clean one (scanning: evidence-scan.e2e-spec.ts). */
  async function cleanFile(caseId: string, name: string, body: Buffer): Promise<string> {
    const upload = await t.http
      .post(`/api/v1/cases/${caseId}/evidence`)
      .set(counselor.headers)
      .attach('file', body, name)
      .expect(201);
    const fileId = (upload.body as { files: { id: string }[] }).files[0]!.id;
    await db.evidenceFile.update({ where: { id: fileId }, data: { scanState: 'clean' } });
    return fileId;
  }

  const download = (token: string, fileId: string) =>
    t.http
      .get(`/api/v1/partner-links/${token}/evidence/${fileId}`)
      .set('x-forwarded-for', PARTNER_IP)
      .buffer(true)
      .responseType('blob');

  it('offers exactly the files the person agreed to share, byte for byte, with the hashes the letter prints', async () => {
    const caseId = await newCase();
    const first = Buffer.from(
      'From: 未納料金センター <info@example.net>\r\nSubject: 最終通告\r\n\r\n本日中にお支払いください',
    );
    const second = Buffer.from('SMSの本文: 未納料金があります。至急ご連絡ください。');
    const sharedIds = [
      await cleanFile(caseId, 'mail.eml', first),
      await cleanFile(caseId, 'sms.txt', second),
    ];
    const kept = await cleanFile(caseId, 'diary.txt', Buffer.from('ご本人のメモ(共有しない)'));
    const draft = await t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({
        windowSlug: 'consumer-188',
        reason: '請求のメールとSMSをお送りします',
        method: 'letter',
        consent: { givenBy: 'client', fields: ['summary'], evidenceFileIds: sharedIds },
      } satisfies TCreateReferral)
      .expect(201);
    await t.http
      .post(`/api/v1/referrals/${draft.body.id}/status`)
      .set(counselor.headers)
      .send({ to: 'sent', version: draft.body.version } satisfies TReferralStatusRequest)
      .expect(200);
    const token = await tokenFromLetter(draft.body.id);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

    const view = (await partner.view(token).expect(200)).body as TPartnerLinkView;
    expect(view.files.map((file) => [file.name, file.sha256])).toEqual([
      ['mail.eml', sha(first)],
      ['sms.txt', sha(second)],
    ]);
    const letter = await letterText(draft.body.id);
    expect(letter).toContain(sha(first));
    expect(letter).toContain(sha(second));

    for (const [index, bytes] of [first, second].entries()) {
      const res = await download(token, sharedIds[index]!).expect(200);
      expect(sha(res.body as Buffer)).toBe(sha(bytes));
      expect(res.headers['content-disposition']).toMatch(/^attachment; /);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    // Not shared, or not this referral's: the same "not found" as a file that does not exist.
    await download(token, kept).expect(404);
    await download(token, randomUUID()).expect(404);

    const audited = await db.auditLog.findMany({
      where: { action: 'referral.partner_evidence_downloaded', entityId: draft.body.id },
      select: { meta: true },
    });
    expect(audited).toHaveLength(2);
    expect(audited.map((row) => (row.meta as { sha256: string }).sha256).sort()).toEqual(
      [sha(first), sha(second)].sort(),
    );

    // Deleted at the desk afterwards (an admin, with a reason): still listed on the page and in the letter with
    // its hash, marked, and no longer served.
    const admin = await staffHeaders(t, 'admin');
    await t.http
      .delete(`/api/v1/cases/${caseId}/evidence/${sharedIds[0]}`)
      .set(admin.headers)
      .send({ reason: '誤って受け付けたファイルのため' })
      .expect(204);
    const after = (await partner.view(token).expect(200)).body as TPartnerLinkView;
    expect(after.files.map((file) => [file.name, file.sha256, file.deleted])).toEqual([
      ['mail.eml', sha(first), true],
      ['sms.txt', sha(second), false],
    ]);
    expect(await letterText(draft.body.id)).toContain(`${sha(first)}※当窓口では削除済み`);
    await download(token, sharedIds[0]!).expect(404);
    await download(token, sharedIds[1]!).expect(200);

    // A revoked link hands out nothing more.
    await t.http.post(`/api/v1/referrals/${draft.body.id}/link/revoke`).set(counselor.headers).expect(200);
    await download(token, sharedIds[0]!).expect(403);
  });
});

describe('answering through the link', () => {
  it('acknowledges with the note, refuses a second acknowledge, then completes with the outcome', async () => {
    const referral = await sentReferral();
    const token = await tokenFromLetter(referral.id);

    const ack = await partner.acknowledge(token, { note: '担当の佐藤が受け付けました。' }).expect(200);
    expect(ack.body).toEqual({
      action: 'acknowledge',
      status: 'acknowledged',
      statusLabel: { ja: '先方が受付', en: 'Acknowledged' },
      actions: ['complete', 'decline'],
    } satisfies TPartnerLinkAnswer);

    const seen = await staffView(referral.id);
    expect(seen).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String) });
    expect(seen.history.at(-1)).toMatchObject({
      from: 'sent',
      to: 'acknowledged',
      actorId: null,
      note: '担当の佐藤が受け付けました。',
    });
    expect(seen.partnerLink).toMatchObject({
      state: 'active',
      uses: [{ action: 'acknowledge', note: '担当の佐藤が受け付けました。', at: expect.any(String) }],
    });
    const answered = await db.auditLog.findFirstOrThrow({
      where: { action: 'referral.partner_answered', entityId: referral.id },
    });
    expect(answered).toMatchObject({ actorId: null, ip: PARTNER_IP });
    expect(answered.meta).toMatchObject({ action: 'acknowledge', from: 'sent', to: 'acknowledged' });
    // The note is about the person: it stays with the referral, not in the append-only log.
    expect(JSON.stringify(answered.meta)).not.toContain('佐藤');
    const event = await db.caseEvent.findFirstOrThrow({
      where: { caseId: referral.caseId, kind: 'referral' },
      orderBy: { createdAt: 'desc' },
    });
    expect(event).toMatchObject({
      actorId: null,
      data: expect.objectContaining({ to: 'acknowledged', via: 'partner_link' }),
    });

    // The same action again: refused with its reason, nothing changes.
    const before = await snapshot(referral.id);
    const again = await partner.acknowledge(token, { note: 'もう一度' }).expect(409);
    expect(again.body).toMatchObject({
      code: 'conflict',
      details: { reason: 'partner_link_action_used' },
      message: { ja: expect.stringContaining('一度だけ') },
    });
    expect(await snapshot(referral.id)).toEqual(before);
    const refused = await db.auditLog.findFirstOrThrow({
      where: { action: 'referral.partner_link_refused', entityId: referral.id },
    });
    expect(refused).toMatchObject({
      ip: PARTNER_IP,
      meta: expect.objectContaining({ reason: 'partner_link_action_used' }),
    });

    // Completing after acknowledging is allowed, and ends the link.
    const done = await partner
      .complete(token, { outcomeNote: '支払わないよう助言し、解決しました。' })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'completed', actions: [] });
    const closed = await staffView(referral.id);
    expect(closed).toMatchObject({
      status: 'completed',
      outcomeNote: '支払わないよう助言し、解決しました。',
      closedAt: expect.any(String),
      partnerLink: { state: 'closed' },
    });
    await partner.decline(token, { reason: 'やはり対応できません' }).expect(409);
    // The page still opens, says where the referral stands, and shows no personal details any more.
    const after = await partner.view(token).expect(200);
    expect(after.body).toMatchObject({ state: 'closed', status: 'completed', actions: [], letter: [] });
  });

  it('completes a sent referral in two recorded steps, with the outcome note', async () => {
    const referral = await sentReferral();
    const token = await tokenFromLetter(referral.id);
    await partner.complete(token, { outcomeNote: '相談を受け、返金の手続きを案内しました。' }).expect(200);
    const seen = await staffView(referral.id);
    expect(seen.history.slice(-2).map((h) => [h.from, h.to, h.note])).toEqual([
      ['sent', 'acknowledged', null],
      ['acknowledged', 'completed', '相談を受け、返金の手続きを案内しました。'],
    ]);
    expect(seen.outcomeNote).toBe('相談を受け、返金の手続きを案内しました。');
  });

  it('declines with the reason, and requires one', async () => {
    const referral = await sentReferral();
    const token = await tokenFromLetter(referral.id);
    const before = await snapshot(referral.id);
    const missing = await partner.decline(token, { reason: '  ' }).expect(400);
    expect(missing.body).toMatchObject({
      code: 'validation_failed',
      details: {
        fields: [
          expect.objectContaining({
            path: 'reason',
            message: expect.objectContaining({ ja: expect.any(String), en: expect.any(String) }),
          }),
        ],
      },
    });
    expect(await snapshot(referral.id)).toEqual(before);

    await partner.decline(token, { reason: '管轄外のため、地域のセンターをご案内ください。' }).expect(200);
    const seen = await staffView(referral.id);
    expect(seen).toMatchObject({
      status: 'declined',
      outcomeNote: '管轄外のため、地域のセンターをご案内ください。',
      partnerLink: { state: 'closed', uses: [expect.objectContaining({ action: 'decline' })] },
    });
    await partner.acknowledge(token).expect(409);
  });
});

describe('links that do not work', () => {
  it('refuses forged and malformed tokens with 404 partner_link_unknown', async () => {
    const forged = randomBytes(32).toString('base64url');
    for (const token of [forged, 'not-a-token', `${forged}${forged}`]) {
      const view = await partner.view(token).expect(404);
      expect(view.body).toMatchObject({ code: 'not_found', details: { reason: 'partner_link_unknown' } });
      const ack = await partner.acknowledge(token).expect(404);
      expect(ack.body.details.reason).toBe('partner_link_unknown');
    }
    const refused = await db.auditLog.findFirst({
      where: { action: 'referral.partner_link_refused', ip: PARTNER_IP, entityId: null },
    });
    expect(refused?.meta).toMatchObject({ reason: 'partner_link_unknown' });
  });

  it('stops a revoked link at once; reissuing prints a new link on the letter', async () => {
    const referral = await sentReferral();
    const token = await tokenFromLetter(referral.id);
    const revoked = await t.http
      .post(`/api/v1/referrals/${referral.id}/link/revoke`)
      .set(counselor.headers)
      .expect(200);
    expect((revoked.body as TReferral).partnerLink).toMatchObject({
      state: 'revoked',
      revokedAt: expect.any(String),
    });

    const before = await snapshot(referral.id);
    const view = await partner.view(token).expect(403);
    expect(view.body).toMatchObject({ code: 'forbidden', details: { reason: 'partner_link_revoked' } });
    const ack = await partner.acknowledge(token, { note: '受け付けました' }).expect(403);
    expect(ack.body.details.reason).toBe('partner_link_revoked');
    expect(await snapshot(referral.id)).toEqual(before);
    // With no live link, the letter goes out without one; revoking again says there is nothing to revoke.
    expect(await letterText(referral.id)).not.toContain(`${WEB}/p/`);
    await t.http.post(`/api/v1/referrals/${referral.id}/link/revoke`).set(counselor.headers).expect(409);

    const reissued = await t.http
      .post(`/api/v1/referrals/${referral.id}/link/reissue`)
      .set(counselor.headers)
      .expect(200);
    expect((reissued.body as TReferral).partnerLink).toMatchObject({ state: 'active' });
    const fresh = await tokenFromLetter(referral.id);
    expect(fresh).not.toBe(token);
    await partner.acknowledge(token).expect(403);
    await partner.acknowledge(fresh).expect(200);
  });

  it('refuses an expired link with 403 partner_link_expired and changes nothing', async () => {
    const referral = await sentReferral();
    const token = await tokenFromLetter(referral.id);
    await partner.view(token).expect(200);
    t.advanceClock(30 * DAY_MS + 60_000);

    const before = await snapshot(referral.id);
    const view = await partner.view(token).expect(403);
    expect(view.body).toMatchObject({
      code: 'forbidden',
      details: { reason: 'partner_link_expired' },
      message: { ja: expect.stringContaining('有効期限'), en: expect.stringContaining('expired') },
    });
    for (const answer of [
      partner.acknowledge(token, { note: '遅くなりました' }),
      partner.complete(token, { outcomeNote: '対応しました' }),
      partner.decline(token, { reason: '対応できません' }),
    ]) {
      expect((await answer.expect(403)).body.details.reason).toBe('partner_link_expired');
    }
    expect(await snapshot(referral.id)).toEqual(before);
    // A month later the counselor signs in again and sees why the window could not answer.
    const later = await staffHeaders(t, 'counselor');
    expect((await staffView(referral.id, later)).partnerLink).toMatchObject({ state: 'expired' });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once an address has used its looks for the minute', async () => {
    const limited = await createTestApp({ RATE_LIMIT_PARTNER_PER_MINUTE: '2', TRUST_PROXY: 'true' });
    try {
      const token = randomBytes(32).toString('base64url');
      const look = () =>
        limited.http.get(`/api/v1/partner-links/${token}`).set('x-forwarded-for', '203.0.113.200');
      await look().expect(404);
      await look().expect(404);
      const refused = await look().expect(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held back.
      await limited.http
        .get(`/api/v1/partner-links/${token}`)
        .set('x-forwarded-for', '203.0.113.201')
        .expect(404);
    } finally {
      await limited.close();
    }
  });
});
