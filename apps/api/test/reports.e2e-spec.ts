import { createHash, randomUUID } from 'node:crypto';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type {
  TCaseStatusChangeInput,
  TContactLogInput,
  TCreateReferral,
  TDisclosureField,
  TIntakeInput,
  TReferral,
  TTriageResult,
} from '@madoguchi/shared';
import type { Response } from 'supertest';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { pdfText as rawPdfText } from './pdf-text';
import { createTestApp, type TestApp } from './test-app';

// Sign-ins hash with argon2id, PDFs are read in a child process: generous under a loaded CI machine.
jest.setTimeout(60_000);

const CENTRE = {
  CENTRE_NAME: 'みなと市ネットトラブル相談センター',
  CENTRE_PHONE: '045-000-1234',
  CENTRE_ADDRESS: '〒231-0000 神奈川県みなと市本町1-1',
  CENTRE_EMAIL: 'desk@minato.example.jp',
};

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000', ...CENTRE });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, supervisor] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'supervisor')]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/** The PDF's text with all white space removed (pdfkit wraps lines anywhere in Japanese text). */
async function pdfText(pdf: Buffer): Promise<string> {
  // Footers are drawn after the body, so the extracted text may carry one in the middle of a sentence that
  // runs over a page break; take them out ("<centre> <title> 1 / 2").
  return (await rawPdfText(pdf)).replace(
    new RegExp(`${squash(CENTRE.CENTRE_NAME)}[^0-9]{1,20}\\d+/\\d+`, 'g'),
    '',
  );
}

const squash = (text: string) => text.replace(/\s+/g, '');

function expectAll(text: string, expected: string[]): void {
  for (const part of expected) {
    expect(text).toContain(squash(part));
  }
}

function expectNone(text: string, withheld: string[]): void {
  for (const part of withheld) {
    expect(text).not.toContain(squash(part));
  }
}

function download(url: string, session: StaffSession | null = counselor) {
  const request = t.http.get(url).buffer(true).responseType('blob');
  return session ? request.set(session.headers) : request;
}

const NAME = '山田太郎';
const PHONE = '090-1111-2222';
const EMAIL = 'taro.yamada@example.jp';
const NOTE = '内部メモ:夫には知られたくないとのこと';
const SUMMARY = '架空請求のSMSに電話してしまい、支払いを迫られている。';
const CONTACT_SUMMARY = `${NAME}さんに${PHONE}で折り返し、消費生活センターへの相談を勧めた`;

const intake = {
  description: `身に覚えのない料金を請求するSMSが来て電話しました。私は${NAME}です。折り返しは${PHONE}にお願いします。`,
  category: 'fictitious_billing',
  person: { age: 34, prefecture: '13' },
  identifiers: { phones: ['03-5555-0101'], urls: ['https://fake-billing.example.com/pay'] },
  contact: { preferred: 'phone', name: NAME, phone: PHONE, email: EMAIL },
} satisfies TIntakeInput;

/** A case from the public form, worked by a counselor: summary, a status change, a note and a logged call. */
async function workedCase(): Promise<{ id: string; receiptNumber: string }> {
  const res = await t.http.post('/api/v1/intakes').send(intake).expect(201);
  const row = await db.case.update({
    where: { receiptNumber: res.body.receiptNumber },
    data: { summary: SUMMARY },
  });
  await t.http
    .post(`/api/v1/cases/${row.id}/status`)
    .set(counselor.headers)
    .send({ status: 'in_progress', version: row.version } satisfies TCaseStatusChangeInput)
    .expect(200);
  await t.http.post(`/api/v1/cases/${row.id}/notes`).set(counselor.headers).send({ body: NOTE }).expect(201);
  await t.http
    .post(`/api/v1/cases/${row.id}/contacts`)
    .set(counselor.headers)
    .send({
      direction: 'out',
      channel: 'phone',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      summary: CONTACT_SUMMARY,
    } satisfies TContactLogInput)
    .expect(201);
  return { id: row.id, receiptNumber: row.receiptNumber };
}

async function refer(
  caseId: string,
  fields: TDisclosureField[],
  windowSlug = 'consumer-188',
): Promise<TReferral> {
  const res = await t.http
    .post(`/api/v1/cases/${caseId}/referrals`)
    .set(counselor.headers)
    .send({
      windowSlug,
      reason: '支払わずに済ませる方法について、消費生活センターの助言を受けてもらいたい',
      method: 'letter',
      consent: { givenBy: 'client', fields },
    } satisfies TCreateReferral)
    .expect(201);
  return res.body as TReferral;
}

function expectPdfDownload(res: Response, filename: string): Buffer {
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
  expect(res.headers['cache-control']).toBe('no-store');
  const body = res.body as Buffer;
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return body;
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

describe('GET /api/v1/referrals/:id/report.pdf', () => {
  let worked: { id: string; receiptNumber: string };
  beforeAll(async () => {
    worked = await workedCase();
  });

  it('prints what the consent allows and nothing of the withheld contact details, not even inside free text', async () => {
    const consented: TDisclosureField[] = [
      'summary',
      'categories',
      'description',
      'age',
      'identifiers',
      'actions_taken',
    ];
    const referral = await refer(worked.id, consented);
    expect(referral.status).toBe('draft');

    const res = await download(`/api/v1/referrals/${referral.id}/report.pdf`).expect(200);
    const pdf = expectPdfDownload(res, `referral-letter-${referral.referralNumber}.pdf`);
    const text = await pdfText(pdf);

    expectAll(text, [
      '紹介状',
      CENTRE.CENTRE_NAME,
      CENTRE.CENTRE_PHONE,
      CENTRE.CENTRE_ADDRESS,
      CENTRE.CENTRE_EMAIL,
      referral.referralNumber,
      // Addressed to the organisation behind 188 (the prefecture was not agreed: no local centre is named).
      '最寄りの消費生活センター御中',
      '窓口消費者ホットライン188',
      '月〜金9:00〜17:00',
      counselor.user.email.slice(0, 12), // the counselor's display name
      SUMMARY,
      '支払わずに済ませる方法',
      '架空請求・ワンクリック詐欺',
      '34歳',
      '身に覚えのない料金を請求するSMS',
      // Only what passed between the desk and the person: the call, not the status change.
      'これまでのご本人とのやりとり',
      '消費生活センターへの相談を勧めた',
      // The scammer's number and site (identifiers), but not the person's own number found in the text.
      '電話番号: 03-5555-0101',
      'URL: https://fake-billing.example.com/pay',
      // Withheld details inside free text are blanked, not left half-visible.
      '私は〇〇です。折り返しは〇〇にお願いします。',
    ]);
    // Withheld: the person's name, phone (in any spelling) and e-mail, their prefecture, and every internal note.
    expectNone(text, [NAME, PHONE, '09011112222', '+819011112222', EMAIL, '東京都', '内部メモ', NOTE]);
    expectNone(text, ['対応状況', '「対応中」', '188御中']);
    // Withheld fields leave no trace: no label for them either.
    expectNone(text, ['お名前', '電話番号: 090', 'メールアドレス', 'お住まいの都道府県']);
    // The Japanese font is embedded (a subset), never a font the viewer has to supply.
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);

    const disclosures = await db.disclosure.findMany({ where: { referralId: referral.id } });
    expect(disclosures).toEqual([
      {
        id: expect.any(String),
        referralId: referral.id,
        caseId: worked.id,
        windowSlug: 'consumer-188',
        kind: 'referral_letter',
        fields: consented,
        consent: referral.consent,
        generatedById: counselor.user.id,
        generatedAt: expect.any(Date),
        sha256: sha256(pdf),
      },
    ]);
    const audit = await db.auditLog.findMany({
      where: { action: 'referral.letter_generated', entityId: referral.id },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: counselor.user.id,
      caseId: worked.id,
      entity: 'referral',
      meta: {
        referralNumber: referral.referralNumber,
        windowSlug: 'consumer-188',
        disclosureId: disclosures[0]!.id,
        fields: consented,
        sha256: sha256(pdf),
      },
    });
    expect(JSON.stringify(audit[0]!.meta)).not.toContain(NAME);
  });

  it('prints the contact details and prefecture when the consent includes them', async () => {
    const referral = await refer(worked.id, ['contact_name', 'contact_phone', 'contact_email', 'prefecture']);
    const res = await download(`/api/v1/referrals/${referral.id}/report.pdf`).expect(200);
    const text = await pdfText(expectPdfDownload(res, `referral-letter-${referral.referralNumber}.pdf`));

    expectAll(text, [`お名前${NAME}`, `電話番号${PHONE}`, EMAIL, '東京都', referral.referralNumber]);
    // With the prefecture agreed, the letter goes to the consumer centres of the person's prefecture.
    expectAll(text, ['東京都内の消費生活センター御中']);
    // Not consented this time: the summary, description, categories, age, identifiers and timeline.
    expectNone(text, [
      SUMMARY,
      '身に覚えのない料金',
      '架空請求・ワンクリック詐欺',
      '34歳',
      '03-5555-0101',
      '消費生活センターへの相談を勧めた',
      NOTE,
    ]);
    const disclosure = await db.disclosure.findFirstOrThrow({ where: { referralId: referral.id } });
    expect(disclosure.fields).toEqual(['contact_name', 'contact_phone', 'contact_email', 'prefecture']);
  });

  it("with an empty consent prints only the desk, the window, the referral number and the counselor's request", async () => {
    const referral = await refer(worked.id, []);
    const res = await download(`/api/v1/referrals/${referral.id}/report.pdf`).expect(200);
    const text = await pdfText(res.body as Buffer);
    expectAll(text, [
      referral.referralNumber,
      CENTRE.CENTRE_NAME,
      'ご本人から直接お伝えいただきます',
      'ご依頼事項',
      '支払わずに済ませる方法について、消費生活センターの助言を受けてもらいたい',
    ]);
    expectNone(text, [NAME, PHONE, EMAIL, SUMMARY, '架空請求', '34歳', '東京都', '03-5555-0101', NOTE]);
    expect((await db.disclosure.findFirstOrThrow({ where: { referralId: referral.id } })).fields).toEqual([]);
  });

  it('records one disclosure and one audit entry per generation', async () => {
    const referral = await refer(worked.id, ['summary']);
    await download(`/api/v1/referrals/${referral.id}/report.pdf`).expect(200);
    await download(`/api/v1/referrals/${referral.id}/report.pdf`, supervisor).expect(200);
    const rows = await db.disclosure.findMany({
      where: { referralId: referral.id },
      orderBy: { generatedAt: 'asc' },
    });
    expect(rows.map((row) => row.generatedById)).toEqual([counselor.user.id, supervisor.user.id]);
    expect(
      await db.auditLog.count({ where: { action: 'referral.letter_generated', entityId: referral.id } }),
    ).toBe(2);
  });

  it('refuses a letter once the referral is cancelled, and keeps disclosures append-only', async () => {
    const referral = await refer(worked.id, ['summary']);
    await t.http
      .post(`/api/v1/referrals/${referral.id}/status`)
      .set(counselor.headers)
      .send({ to: 'cancelled', version: referral.version })
      .expect(200);
    const res = await t.http
      .get(`/api/v1/referrals/${referral.id}/report.pdf`)
      .set(counselor.headers)
      .expect(409);
    expect(res.body).toMatchObject({
      code: 'conflict',
      details: { reason: 'referral_status', status: 'cancelled' },
    });
    expect(await db.disclosure.count({ where: { referralId: referral.id } })).toBe(0);

    await expect(db.disclosure.deleteMany({ where: { caseId: worked.id } })).rejects.toThrow(/append-only/);
  });

  it('answers 404 for an unknown referral and 401 without a session', async () => {
    await t.http
      .get('/api/v1/referrals/7d1c8f3e-2b4a-4c6d-8e9f-0a1b2c3d4e5f/report.pdf')
      .set(counselor.headers)
      .expect(404);
    await download('/api/v1/referrals/7d1c8f3e-2b4a-4c6d-8e9f-0a1b2c3d4e5f/report.pdf', null).expect(401);
  });
});

describe('GET /api/v1/referrals/:id/client-copy.pdf', () => {
  it("gives the person the windows' contacts, hours and the advice, and nothing internal", async () => {
    const worked = await workedCase();
    const referral = await refer(worked.id, ['summary', 'description', 'actions_taken', 'contact_name']);
    const res = await download(`/api/v1/referrals/${referral.id}/client-copy.pdf`).expect(200);
    const pdf = expectPdfDownload(res, `client-copy-${referral.referralNumber}.pdf`);
    const text = await pdfText(pdf);

    const triage = await db.triageResult.findFirstOrThrow({ where: { caseId: worked.id } });
    const result = triage.result as unknown as TTriageResult;
    expect(result.advice.do.length).toBeGreaterThan(0);
    expectAll(text, [
      'ご相談の控え',
      worked.receiptNumber,
      referral.referralNumber,
      '消費者ホットライン188',
      '0570-064-370',
      '月〜金9:00〜17:00',
      CENTRE.CENTRE_NAME,
      CENTRE.CENTRE_PHONE,
      ...[...result.advice.do, ...result.advice.doNot, ...result.advice.evidence].map((a) => a.ja),
    ]);
    expectNone(text, [
      NOTE,
      '内部メモ',
      SUMMARY,
      '支払わずに済ませる方法',
      '消費生活センターへの相談を勧めた',
      '身に覚えのない料金',
      '03-5555-0101',
      NAME,
      PHONE,
      EMAIL,
    ]);

    const disclosure = await db.disclosure.findFirstOrThrow({ where: { referralId: referral.id } });
    expect(disclosure).toMatchObject({ kind: 'client_copy', fields: [], sha256: sha256(pdf) });
    expect(
      await db.auditLog.count({ where: { action: 'referral.client_copy_generated', entityId: referral.id } }),
    ).toBe(1);
  });
});

describe('GET /api/v1/referrals.csv', () => {
  it('lists every referral of the period with its dates, as UTF-8 CSV with BOM for Excel', async () => {
    const worked = await workedCase();
    const referral = await refer(worked.id, ['summary']);
    await db.referral.update({
      where: { id: referral.id },
      data: {
        createdAt: new Date('2025-06-10T10:15:00+09:00'),
        sentAt: new Date('2025-06-10T11:00:00+09:00'),
        followUpDueAt: new Date('2025-06-17T11:00:00+09:00'),
        outcomeNote: '=HYPERLINK("http://evil.example","詳細"),再送',
        status: 'sent',
      },
    });
    const res = await download('/api/v1/referrals.csv?from=2025-06-01&to=2025-06-30', supervisor).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="referrals-2025-06-01_2025-06-30.csv"',
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '紹介番号,受付番号,紹介先窓口,窓口コード,紹介の方法,状態,作成日時,送付日時,受付確認日時,終了日時,フォローアップ期限,結果メモ',
    );
    expect(lines.slice(1)).toEqual([
      [
        referral.referralNumber,
        worked.receiptNumber,
        '消費者ホットライン188(最寄りの消費生活センター)',
        'consumer-188',
        '紹介状',
        '紹介済み',
        '2025-06-10 10:15',
        '2025-06-10 11:00',
        '',
        '',
        '2025-06-17 11:00',
        // A formula typed into a note stays text in Excel.
        `"'=HYPERLINK(""http://evil.example"",""詳細""),再送"`,
      ].join(','),
      '',
    ]);
    expect(await db.auditLog.count({ where: { action: 'referral.register_export' } })).toBeGreaterThan(0);
  });

  it('is for supervisors and admins, and checks the period', async () => {
    await t.http
      .get('/api/v1/referrals.csv?from=2025-06-01&to=2025-06-30')
      .set(counselor.headers)
      .expect(403);
    await t.http
      .get('/api/v1/referrals.csv?from=2025-06-30&to=2025-06-01')
      .set(supervisor.headers)
      .expect(400);
    await t.http
      .get('/api/v1/referrals.csv?from=2024-01-01&to=2025-06-01')
      .set(supervisor.headers)
      .expect(400);
    await t.http.get('/api/v1/referrals.csv').set(supervisor.headers).expect(400);
  });
});

describe('GET /api/v1/cases/:id/export.pdf', () => {
  it('prints the whole case for the file (notes included), as a download, audited as an export', async () => {
    const worked = await workedCase();
    const message = '消費生活センター(188)へのご相談をお勧めします。';
    await t.http
      .post(`/api/v1/cases/${worked.id}/messages`)
      .set(counselor.headers)
      .send({ body: message })
      .expect(201);
    const referral = await refer(worked.id, ['summary']);

    const res = await download(`/api/v1/cases/${worked.id}/export.pdf`, supervisor).expect(200);
    const pdf = expectPdfDownload(res, `case-${worked.receiptNumber}.pdf`);
    const text = await pdfText(pdf);
    expectAll(text, [
      `相談記録${worked.receiptNumber}`,
      '職員用・外部持ち出し禁止',
      // Summary, the person, what they wrote.
      SUMMARY,
      '対応中',
      `お名前${NAME}`,
      `電話番号${PHONE}`,
      EMAIL,
      '34歳',
      '東京都',
      '身に覚えのない料金を請求するSMSが来て電話しました',
      // Triage, identifiers, referrals.
      '自動判定',
      '架空請求・ワンクリック詐欺',
      '電話番号: 03-5555-0101',
      'URL: https://fake-billing.example.com/pay',
      referral.referralNumber,
      '支払わずに済ませる方法',
      // The timeline: the status change, the internal note, the call and the message to the person.
      '状態の変更',
      '新規→対応中',
      NOTE,
      '消費生活センターへの相談を勧めた',
      message,
    ]);
    // The Japanese font is embedded, as in every file the desk makes.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP/);

    const audit = await db.auditLog.findMany({ where: { action: 'case.export', caseId: worked.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: supervisor.user.id,
      entity: 'case',
      entityId: worked.id,
      meta: { receiptNumber: worked.receiptNumber, format: 'pdf', sha256: sha256(pdf) },
    });
    expect(JSON.stringify(audit[0]!.meta)).not.toContain(NAME);
  });

  it('answers 404 for an unknown case, 400 for a malformed id and 401 without a session', async () => {
    const unknown = await t.http
      .get('/api/v1/cases/7d1c8f3e-2b4a-4c6d-8e9f-0a1b2c3d4e5f/export.pdf')
      .set(counselor.headers)
      .expect(404);
    expect(unknown.body).toMatchObject({ code: 'not_found' });
    await t.http.get('/api/v1/cases/not-a-case/export.pdf').set(counselor.headers).expect(400);
    await download('/api/v1/cases/7d1c8f3e-2b4a-4c6d-8e9f-0a1b2c3d4e5f/export.pdf', null).expect(401);
  });
});

describe('evidence files shared with the window', () => {
  /** An evidence row as the upload leaves it (the bytes themselves are not needed for the letter). */
  async function evidence(caseId: string, name: string, scanState: 'clean' | 'pending' | 'infected') {
    const id = randomUUID();
    await db.evidenceFile.create({
      data: {
        id,
        caseId,
        storageKey: `${caseId}/${id}`,
        originalName: name,
        kind: 'png',
        contentType: 'image/png',
        sizeBytes: 245_760,
        sha256: createHash('sha256').update(name).digest('hex'),
        source: 'person',
        scanState,
      },
    });
    return { id, sha256: createHash('sha256').update(name).digest('hex') };
  }

  function referWith(caseId: string, evidenceFileIds: string[]) {
    return t.http
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(counselor.headers)
      .send({
        windowSlug: 'police-cyber',
        reason: '脅迫のメッセージの画面を2枚お送りします',
        method: 'letter',
        consent: { givenBy: 'client', fields: ['summary'], evidenceFileIds },
      } satisfies TCreateReferral);
  }

  it('lists exactly the files the person agreed to share, with their SHA-256, on the letter', async () => {
    const worked = await workedCase();
    const first = await evidence(worked.id, 'screenshot-1.png', 'clean');
    const second = await evidence(worked.id, 'screenshot-2.png', 'clean');
    const kept = await evidence(worked.id, 'private-photo.png', 'clean');

    const created = await referWith(worked.id, [first.id, second.id]).expect(201);
    const referral = created.body as TReferral;
    expect(referral.consent.evidenceFileIds).toEqual([first.id, second.id]);

    const res = await download(`/api/v1/referrals/${referral.id}/report.pdf`).expect(200);
    const text = await pdfText(res.body as Buffer);
    expectAll(text, [
      '共有する証拠ファイル',
      'screenshot-1.png',
      first.sha256,
      'screenshot-2.png',
      second.sha256,
    ]);
    expectNone(text, ['private-photo.png', kept.sha256]);
  });

  it('refuses a file that is not scanned clean or is another case’s, naming it', async () => {
    const worked = await workedCase();
    const other = await workedCase();
    const clean = await evidence(worked.id, 'clean.png', 'clean');
    const pending = await evidence(worked.id, 'pending.png', 'pending');
    const infected = await evidence(worked.id, 'infected.png', 'infected');
    const elsewhere = await evidence(other.id, 'elsewhere.png', 'clean');

    for (const [ids, index] of [
      [[clean.id, pending.id], 1],
      [[infected.id], 0],
      [[clean.id, elsewhere.id], 1],
    ] as const) {
      const res = await referWith(worked.id, [...ids]).expect(400);
      expect(res.body.details.fields).toEqual([
        expect.objectContaining({
          path: `consent.evidenceFileIds.${index}`,
          message: expect.objectContaining({ ja: expect.stringContaining('ウイルス検査が済んだ') }),
        }),
      ]);
    }
    expect(await db.referral.count({ where: { caseId: worked.id } })).toBe(0);
  });
});

// Last in the file: it changes the desk's sender for every letter after it.
describe("the desk's identity on letters", () => {
  it('prints the name, address and phone an admin saved instead of CENTRE_*, and refuses a bad one field by field', async () => {
    const admin = await staffHeaders(t, 'admin');
    const before = await t.http.get('/api/v1/desk/identity').set(admin.headers).expect(200);
    expect(before.body).toEqual({
      identity: {
        name: CENTRE.CENTRE_NAME,
        address: CENTRE.CENTRE_ADDRESS,
        phone: CENTRE.CENTRE_PHONE,
        email: CENTRE.CENTRE_EMAIL,
      },
      source: 'env',
      placeholders: [],
    });
    await t.http.get('/api/v1/desk/identity').set(counselor.headers).expect(403);

    const bad = await t.http
      .put('/api/v1/desk/identity')
      .set(admin.headers)
      .send({ name: ' ', address: '', phone: '', email: 'not-an-address' })
      .expect(400);
    expect(bad.body.details.fields.map((field: { path: string }) => field.path).sort()).toEqual([
      'email',
      'name',
    ]);

    const identity = {
      name: 'みなと市消費生活・ネット相談室',
      address: '〒231-0001 神奈川県みなと市海岸通2-2',
      phone: '045-000-9876',
      email: '',
    };
    const saved = await t.http.put('/api/v1/desk/identity').set(admin.headers).send(identity).expect(200);
    expect(saved.body).toEqual({ identity, source: 'settings', placeholders: [] });

    const worked = await workedCase();
    const referral = await refer(worked.id, ['summary']);
    const res = await download(`/api/v1/referrals/${referral.id}/report.pdf`).expect(200);
    const text = await pdfText(res.body as Buffer);
    expectAll(text, [identity.name, identity.address, identity.phone]);
    expectNone(text, [CENTRE.CENTRE_NAME, CENTRE.CENTRE_ADDRESS, CENTRE.CENTRE_EMAIL]);
  });
});
