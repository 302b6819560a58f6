// The desk's paperwork in a real browser (1280 px, office PCs): a counselor prints a case and downloads it as a
// PDF; a case that does not exist answers 404 and a page the role may not open answers 403 (plain HTTP, signed
// in); an admin replaces the example sender and the referral letter then carries the desk's own name.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { closeBrowser, newPage, screenshot, seriousAccessibilityViolations, stackDatabase } from './harness';
import { apiJson, createStaffUser, signInStaff, staffAccessToken, type TStaffUser } from './harness/staff';

const DESKTOP = { width: 1280, height: 900 };
const run = randomBytes(4).toString('hex');
const NOTE = `内部メモ: 夕方以降なら電話に出られるとのこと(${run})`;
const REQUEST = `請求への対応について助言をお願いします(${run})`;
const UNKNOWN_CASE = '7d1c8f3e-2b4a-4c6d-8e9f-0a1b2c3d4e5f';

let counselor: TStaffUser;
let admin: TStaffUser;
let caseId: string;
let receiptNumber: string;
let referralId: string;

beforeAll(async () => {
  [counselor, admin] = await Promise.all([
    createStaffUser('counselor', `print-co-${run}`, `相談員 ${run}`),
    createStaffUser('admin', `print-ad-${run}`, `管理者 ${run}`),
  ]);
  const created = await apiJson<{ receiptNumber: string }>('POST', '/intakes', {
    channel: 'web',
    description: `知らない番号から未納料金を払えというSMSが来ました。(${run})`,
    category: 'fictitious_billing',
    person: { age: 34, prefecture: '13' },
    identifiers: { phones: ['03-5555-0101'] },
    contact: { preferred: 'phone', name: '山田', phone: '090-1234-5678' },
  });
  receiptNumber = created.receiptNumber;
  const db = stackDatabase();
  try {
    caseId = (await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } })).id;
  } finally {
    await db.$disconnect();
  }
  const token = await staffAccessToken(counselor);
  await apiJson('POST', `/cases/${caseId}/notes`, { body: NOTE }, token);
  const referral = await apiJson<{ id: string }>(
    'POST',
    `/cases/${caseId}/referrals`,
    {
      windowSlug: 'consumer-188',
      reason: REQUEST,
      method: 'letter',
      consent: { givenBy: 'client', fields: ['summary'] },
    },
    token,
  );
  referralId = referral.id;
});

afterAll(closeBrowser);

const squash = (text: string) => text.replace(/\s+/g, '');

const runNode = promisify(execFile);

// pdfjs-dist is an ES module: read the text in a child Node process (as the API's report tests do).
const EXTRACT_TEXT = `
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const pdf = await getDocument({ data: new Uint8Array(readFileSync(process.argv[1])), isEvalSupported: false }).promise;
let text = '';
for (let n = 1; n <= pdf.numPages; n++) {
  const content = await (await pdf.getPage(n)).getTextContent();
  text += content.items.map((item) => ('str' in item ? item.str : '')).join('') + '\\n';
}
process.stdout.write(text);
`;

/** The PDF's text with white space removed (pdfkit wraps Japanese lines anywhere). */
async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-print-'));
  try {
    const file = path.join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await runNode(process.execPath, ['--input-type=module', '-e', EXTRACT_TEXT, file], {
      cwd: path.join(__dirname, '..', '..', 'api'),
      maxBuffer: 16 * 1024 * 1024,
    });
    return squash(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the case on paper', () => {
  it('prints every part of the case, downloads it as PDF, and answers 404 and 403 as HTTP statuses', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, counselor, `/cases/${caseId}`);

    await page.getByRole('link', { name: /印刷・PDF/ }).click();
    await page.waitForURL((url) => url.pathname === `/cases/${caseId}/print`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`相談記録 ${receiptNumber}`) }).waitFor();
    for (const name of [/概要/, /ご本人が書いたこと/, /自動判定/, /相手の情報/, /紹介/, /経過/]) {
      await page.getByRole('heading', { level: 2, name }).waitFor();
    }
    const main = page.locator('main');
    await main.getByText(NOTE).waitFor();
    await main.getByText(`知らない番号から未納料金を払えというSMSが来ました。(${run})`).first().waitFor();
    await main.getByText('03-5555-0101').first().waitFor();
    await main.getByText(REQUEST).waitFor();
    // On paper the staff header and the buttons are gone.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.staff-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /印刷/ }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case-print-1280');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /PDFをダウンロード/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`case-${receiptNumber}.pdf`);
    const text = await pdfText(await readFile((await download.path())!));
    for (const part of [`相談記録${receiptNumber}`, NOTE, '03-5555-0101', REQUEST, '自動判定']) {
      expect(text).toContain(squash(part));
    }

    // Plain HTTP requests with the counselor's session: the status is decided before the page streams.
    for (const url of [`/cases/${UNKNOWN_CASE}`, `/cases/${UNKNOWN_CASE}/print`, '/cases/not-a-case']) {
      const missing = await page.request.get(url, { maxRedirects: 0 });
      expect({ url, status: missing.status() }).toEqual({ url, status: 404 });
      expect(await missing.text()).toContain('見つかりません');
    }
    for (const url of ['/admin/desk', '/admin/users', '/stats']) {
      const denied = await page.request.get(url, { maxRedirects: 0 });
      expect({ url, status: denied.status() }).toEqual({ url, status: 403 });
      expect(await denied.text()).toContain('このページを見る権限がありません');
    }
    const own = await page.request.get(`/cases/${caseId}/print`, { maxRedirects: 0 });
    expect(own.status()).toBe(200);

    // In the browser the same pages still say so in words.
    await page.goto('/admin/desk');
    await page.getByRole('heading', { level: 1, name: /このページを見る権限がありません/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});

describe("the desk's own name on letters", () => {
  it('warns an admin while the sender is the example, and prints the name the admin saves', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, admin, '/admin/desk');
    const notice = page.getByTestId('desk-identity-notice');
    // The stack runs without CENTRE_*: the letters would name Madoguchi's example desk.
    await notice.waitFor();
    expect(await notice.textContent()).toContain('紹介状の差出人がまだ仮の値です');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const name = `みなと市ネット相談室 ${run}`;
    const form = page.getByRole('form', { name: /窓口の名称と連絡先/ });
    const nameField = form.getByRole('textbox', { name: /窓口の名称/ });
    await nameField.fill('');
    await form.getByRole('button', { name: /名称と連絡先を保存/ }).click();
    // Field by field: the empty name is refused under its own field.
    await page.locator('#desk-identity-name-error').waitFor();
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');

    await nameField.fill(name);
    await form.getByRole('textbox', { name: /住所/ }).fill('〒231-0001 神奈川県みなと市海岸通2-2');
    await form.getByRole('textbox', { name: /電話番号/ }).fill('045-000-9876');
    await form.getByRole('button', { name: /名称と連絡先を保存/ }).click();
    await form.getByText(/窓口の名称と連絡先を保存しました/).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByTestId('desk-identity-notice').count()).toBe(0);
    await screenshot(page, 'desk-identity-1280');

    const letter = await page.request.get(`/api/staff/referrals/${referralId}/letter`);
    expect(letter.status()).toBe(200);
    const text = await pdfText(await letter.body());
    for (const part of [name, '045-000-9876', '最寄りの消費生活センター御中', 'ご依頼事項', REQUEST]) {
      expect(text).toContain(squash(part));
    }
    expect(text).not.toContain('ネットトラブル相談窓口');
    expect(text).not.toContain(NOTE);
  });
});
