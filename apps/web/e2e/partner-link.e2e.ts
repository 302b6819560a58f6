// Partner acknowledgement links in a real browser against the real stack: a counselor sends a referral, the link is
// read from the letter (PDF) as the window would type it, an anonymous partner acknowledges with a note, the
// counselor's case page shows it, and the link refuses the same answer twice.
import { createHash, randomBytes } from 'node:crypto';

import type { Page } from 'playwright-core';

import { hashPassword } from '../../../packages/db/src/password';
import {
  closeBrowser,
  createStaffUser,
  newPage,
  newTotpSecret,
  nextTotp,
  pdfText,
  screenshot,
  seriousAccessibilityViolations,
  signInStaff,
  stackDatabase,
} from './harness';

const DESKTOP = { width: 1280, height: 900 };
const run = randomBytes(4).toString('hex');
const COUNSELOR = {
  email: `partner-${run}@staff-e2e.test`,
  password: `S0dan-${run}-pass-phrase`,
  secret: newTotpSecret(),
};
const NOTE = `担当の佐藤が受け付けました(e2e ${run})`;

function apiUrl(pathname: string): string {
  const base = process.env.E2E_API_URL;
  if (!base) {
    throw new Error('E2E_API_URL is not set: run through jest -c jest.e2e.config.js');
  }
  return `${base}/api/v1${pathname}`;
}

async function apiJson<T>(method: string, pathname: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(apiUrl(pathname), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/** A case with a draft referral to 188 (consent: the summary only), arranged through the API as the counselor. */
async function arrangeDraftReferral(): Promise<{ caseId: string; referralId: string; accessToken: string }> {
  const login = await apiJson<{ mfaToken: string }>('POST', '/auth/login', {
    email: COUNSELOR.email,
    password: COUNSELOR.password,
  });
  const { accessToken } = await apiJson<{ accessToken: string }>('POST', '/auth/login/totp', {
    mfaToken: login.mfaToken,
    code: await nextTotp(COUNSELOR.secret),
  });
  const created = await apiJson<{ case: { id: string } }>(
    'POST',
    '/cases',
    {
      channel: 'phone',
      description: `未納料金のSMSから電話し、電子マネーの番号を伝えてしまった(e2e ${run})`,
      category: 'fictitious_billing',
      person: { age: 52, prefecture: '27' },
      contact: { preferred: 'phone', name: '山田花子', phone: '090-3333-4444' },
    },
    accessToken,
  );
  const referral = await apiJson<{ id: string }>(
    'POST',
    `/cases/${created.case.id}/referrals`,
    {
      windowSlug: 'consumer-188',
      reason: `電子マネーの被害。返金の相談を(e2e ${run})`,
      method: 'letter',
      consent: { givenBy: 'client', fields: ['summary'] },
    },
    accessToken,
  );
  return { caseId: created.case.id, referralId: referral.id, accessToken };
}

async function signIn(page: Page, pathname: string): Promise<void> {
  await page.goto(pathname);
  await page.waitForURL(/\/login\?/);
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill(COUNSELOR.email);
  await page.getByLabel(/パスワード/).fill(COUNSELOR.password);
  await page.getByRole('button', { name: /ログイン/ }).click();
  await page.getByRole('textbox', { name: /確認コード/ }).fill(await nextTotp(COUNSELOR.secret));
  await page.getByRole('button', { name: /確認してログイン/ }).click();
  await page.waitForURL((url) => url.pathname === pathname);
}

/** The path of the partner link printed on the letter, read from its text. */
async function linkPathInLetter(pdf: Buffer): Promise<string> {
  const match = /\/p\/([A-Za-z0-9_-]{43})/.exec(await pdfText(pdf));
  expect(match).not.toBeNull();
  return `/p/${match![1]}`;
}

beforeAll(async () => {
  const db = stackDatabase();
  try {
    await db.user.create({
      data: {
        email: COUNSELOR.email,
        displayName: `counselor ${run}`,
        role: 'counselor',
        passwordHash: await hashPassword(COUNSELOR.password),
        totpSecret: COUNSELOR.secret,
        totpEnabled: true,
      },
    });
  } finally {
    await db.$disconnect();
  }
});

afterAll(closeBrowser);

describe('partner acknowledgement link', () => {
  it('a partner acknowledges from the letter, the counselor sees it, and the link refuses a second acknowledge', async () => {
    const { caseId, referralId } = await arrangeDraftReferral();

    // The counselor sends the referral from the case page and prints the letter.
    const staff = await newPage({ viewport: DESKTOP });
    await signIn(staff, `/cases/${caseId}`);
    const referral = staff.getByTestId('referral').filter({ hasText: '消費者ホットライン188' });
    await referral.getByRole('combobox', { name: /紹介の状態を変更/ }).selectOption('sent');
    await referral.getByRole('button', { name: /^変更/ }).click();
    await referral.locator('.referral-status').filter({ hasText: '紹介済み' }).waitFor();
    await referral.getByTestId('partner-link').filter({ hasText: '有効' }).waitFor();

    const download = await staff.request.get(`/api/staff/referrals/${referralId}/letter`);
    expect(download.status()).toBe(200);
    const linkPath = await linkPathInLetter(await download.body());

    // Two tabs of the window's browser, without any account: one stays open on the old page.
    const partner = await newPage();
    const stale = await newPage();
    await stale.goto(linkPath);
    await partner.goto(linkPath);
    await partner.getByRole('heading', { level: 1, name: /紹介へのご回答/ }).waitFor();
    // Only what the person agreed to share: the summary, not their name or phone number.
    await partner.getByText(`電子マネーの被害。返金の相談を(e2e ${run})`).waitFor();
    const pageText = await partner.locator('main').innerText();
    expect(pageText).not.toContain('山田花子');
    expect(pageText).not.toContain('090-3333-4444');
    // No staff navigation on the partner's page.
    expect(await partner.getByRole('link', { name: /職員ログイン/ }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(partner)).toEqual([]);
    await screenshot(partner, 'partner-link');

    const acknowledge = partner.getByRole('form', { name: /受け付けました/ });
    await acknowledge.getByRole('textbox', { name: /ご担当者/ }).fill(NOTE);
    await acknowledge.getByRole('button', { name: /受け付けました/ }).click();
    await partner.getByTestId('partner-answer-done').filter({ hasText: '受け付けました' }).waitFor();
    await partner.getByTestId('partner-status').filter({ hasText: '先方が受付' }).waitFor();

    // The counselor's case page shows the referral acknowledged, with the partner's note.
    await staff.reload();
    const acknowledged = staff.getByTestId('referral').filter({ hasText: '消費者ホットライン188' });
    await acknowledged.locator('.referral-status').filter({ hasText: '先方が受付' }).waitFor();
    await acknowledged.getByTestId('partner-note').filter({ hasText: NOTE }).waitFor();

    // Reopened, the link no longer offers acknowledge; the tab left open on the old page is refused with a reason.
    await partner.goto(linkPath);
    await partner.getByTestId('partner-uses').filter({ hasText: '受け付けました(済)' }).waitFor();
    expect(await partner.getByRole('button', { name: /受け付けました/ }).count()).toBe(0);
    await partner.getByRole('button', { name: /対応完了/ }).waitFor();

    await stale.getByRole('button', { name: /受け付けました/ }).click();
    await stale.getByRole('alert').filter({ hasText: 'この操作はすでに行われています' }).waitFor();
  });

  it('works without JavaScript: a decline needs its reason; an unknown link says so', async () => {
    const { referralId, accessToken } = await arrangeDraftReferral();
    await apiJson('POST', `/referrals/${referralId}/status`, { to: 'sent', version: 1 }, accessToken);
    const pdf = await fetch(apiUrl(`/referrals/${referralId}/report.pdf`), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(pdf.status).toBe(200);
    const linkPath = await linkPathInLetter(Buffer.from(await pdf.arrayBuffer()));

    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(linkPath);
    const decline = page.getByRole('form', { name: /お断り/ });
    await decline.getByRole('button', { name: /お断り/ }).click();
    await page.getByRole('alert').filter({ hasText: '入力をお確かめください' }).waitFor();
    const reason = page.getByRole('form', { name: /お断り/ }).getByRole('textbox', { name: /お断りの理由/ });
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill('管轄外のため、地域のセンターをご案内ください。');
    await page
      .getByRole('form', { name: /お断り/ })
      .getByRole('button', { name: /お断り/ })
      .click();
    await page.getByTestId('partner-answer-done').filter({ hasText: 'お断り' }).waitFor();
    await page.goto(linkPath);
    await page.getByTestId('partner-closed').waitFor();
    await page.getByTestId('partner-status').filter({ hasText: '先方が対応不可' }).waitFor();

    await page.goto(`/p/${randomBytes(32).toString('base64url')}`);
    await page.getByRole('heading', { level: 1, name: /リンクが見つかりません/ }).waitFor();
    expect(await page.getByTestId('partner-link-problem').getAttribute('data-reason')).toBe(
      'partner_link_unknown',
    );
  });

  it('the window downloads exactly the evidence files the person agreed to share, and their hashes match', async () => {
    const { caseId, accessToken } = await arrangeDraftReferral();
    const files = {
      sms: Buffer.from(`SMSの本文: 未納料金があります。本日中にご連絡ください。(e2e ${run})`),
      mail: Buffer.from(
        `From: info@example.net\r\nSubject: 最終通告\r\n\r\n本日中にお支払いください (${run})`,
      ),
      memo: Buffer.from(`ご本人のメモ: 共有しない (${run})`),
    };
    const ids: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(files)) {
      const form = new FormData();
      form.append('file', new Blob([bytes]), `${name}.txt`);
      const response = await fetch(apiUrl(`/cases/${caseId}/evidence`), {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      });
      expect(response.status).toBe(201);
      ids[name] = ((await response.json()) as { files: { id: string }[] }).files[0]!.id;
    }
    const db = stackDatabase();
    try {
      // As the virus scan leaves clean files (the scan itself: the API's evidence-scan tests).
      await db.evidenceFile.updateMany({ where: { caseId }, data: { scanState: 'clean' } });
    } finally {
      await db.$disconnect();
    }
    // The arranged draft (to 188) shares no file; this referral shares two of the three.
    // The counselor refers from the case page, ticking two of the three files (a counselor of its own: the file's
    // counselor has spent its TOTP steps).
    const referrer = await createStaffUser('counselor', `refer-${run}`, `referrer ${run}`);
    const staff = await newPage({ viewport: DESKTOP });
    await signInStaff(staff, referrer, `/cases/${caseId}`);
    await staff.locator('summary', { hasText: '紹介を作成' }).click();
    const form = staff.getByRole('form', { name: /紹介を作成/ });
    const police = form.getByRole('radio', { name: /サイバー犯罪相談窓口/ });
    if (!(await police.isVisible())) {
      await form.getByText('ほかの窓口').click();
    }
    await police.check();
    await form
      .getByRole('textbox', { name: /紹介の理由/ })
      .fill(`SMSとメールの画面をお送りします(e2e ${run})`);
    await form.getByRole('checkbox', { name: /相談の要約/ }).check();
    await form.getByRole('checkbox', { name: /^sms\.txt/ }).check();
    await form.getByRole('checkbox', { name: /^mail\.txt/ }).check();
    expect(await form.getByRole('checkbox', { name: /^memo\.txt/ }).isChecked()).toBe(false);
    await form.getByRole('button', { name: /紹介を作成/ }).click();
    await form.getByRole('status').filter({ hasText: '下書きとして作成しました' }).waitFor();
    const made = staff.getByTestId('referral').filter({ hasText: 'SMSとメールの画面をお送りします' });
    await made.getByRole('combobox', { name: /紹介の状態を変更/ }).selectOption('sent');
    await made.getByRole('button', { name: /^変更/ }).click();
    await made.locator('.referral-status').filter({ hasText: '紹介済み' }).waitFor();
    const letterHref = await made.getByRole('link', { name: /紹介状 PDF/ }).getAttribute('href');
    const letter = await staff.request.get(letterHref!);
    expect(letter.status()).toBe(200);
    const letterBytes = await letter.body();
    const linkPath = await linkPathInLetter(letterBytes);
    const printed = await pdfText(letterBytes);

    const partner = await newPage();
    await partner.goto(linkPath);
    const section = partner.getByRole('region', { name: /共有された証拠ファイル/ });
    await section.waitFor();
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(await section.getByTestId('partner-file').count()).toBe(2);
    for (const name of ['sms', 'mail'] as const) {
      const item = section.getByTestId('partner-file').filter({ hasText: `${name}.txt` });
      expect(await item.textContent()).toContain(sha(files[name]));
      expect(printed).toContain(sha(files[name]));
      const href = await item.getByRole('link', { name: `${name}.txt` }).getAttribute('href');
      const download = await partner.request.get(href!);
      expect(download.status()).toBe(200);
      expect(sha(await download.body())).toBe(sha(files[name]));
    }
    expect(await section.textContent()).not.toContain('memo.txt');
    expect(printed).not.toContain(sha(files.memo));
    // A file that is not shared is not found through the link, even with its real id.
    const refused = await partner.request.get(`${linkPath}/evidence/${ids.memo}`);
    expect(refused.status()).toBe(404);
    expect(await refused.text()).toContain('ダウンロードできませんでした');
    expect(await seriousAccessibilityViolations(partner)).toEqual([]);
    await screenshot(partner, 'partner-link-files');
  });
});
