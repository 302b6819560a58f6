// The person sends evidence from the status page and from the receipt: without JavaScript (a plain multipart
// form, answered on a result page) and with it (progress, several files, the answer in place). Each file's
// SHA-256 shown to the person is the hash of the file's real bytes; a file whose content is not an accepted
// type is refused by name with a 4xx, never a 5xx, and nothing of it is kept.
import { createHash, randomBytes } from 'node:crypto';

import type { Page, Response } from 'playwright-core';

import {
  clientAddressHeader,
  closeBrowser,
  contentWidth,
  newPage,
  openStatus,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  stackDatabase,
} from './harness';

const run = randomBytes(4).toString('hex');

/** A 1×1 PNG (a real one: the API decides the type by the content). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const TEXT = Buffer.from(
  `2026年12月1日 09:12 「未納料金があります。本日中にご連絡ください」(${run})\n`,
  'utf8',
);
/** A Windows program under an image's name: the content decides, so it is refused. */
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(62),
  Buffer.from('This program cannot be run in DOS mode.'),
]);

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

afterAll(closeBrowser);

async function newCase(): Promise<{ receiptNumber: string; accessCode: string }> {
  const response = await fetch(`${process.env.E2E_API_URL}/api/v1/intakes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...clientAddressHeader() },
    body: JSON.stringify({ channel: 'web', description: `未納料金のSMSが何度も届きます (${run})` }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { receiptNumber: string; accessCode: string };
}

async function storedFiles(receiptNumber: string) {
  const db = stackDatabase();
  try {
    const rows = await db.evidenceFile.findMany({
      where: { case: { receiptNumber } },
      select: { originalName: true, sha256: true, sizeBytes: true },
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    });
    // The name the file was sent with is stored encrypted (issue 17; the pages show it opened): it is checked to be.
    return rows.map(({ originalName, ...row }) => ({
      nameEncrypted: originalName.startsWith('enc:v1:'),
      ...row,
    }));
  } finally {
    await db.$disconnect();
  }
}

/** Every answer of the web server to the page, to check none was a 5xx. */
function recordStatuses(page: Page): number[] {
  const statuses: number[] = [];
  page.on('response', (response: Response) => statuses.push(response.status()));
  return statuses;
}

describe('the person sends evidence', () => {
  it('without JavaScript, from the status page: the result page shows the PNG’s real SHA-256', async () => {
    const c = await newCase();
    const page = await newPage({ javaScriptEnabled: false });
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await openStatus(page, c.receiptNumber, c.accessCode);

    const picker = page.getByLabel(/送るファイルを選ぶ/);
    await picker.setInputFiles({ name: 'sms-screen.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: /ファイルを送る/ }).click();
    await page.waitForURL(/\/status\/evidence\/result\?r=/);

    const result = page.getByRole('status');
    await result.getByText('1件のファイルを受け取りました').waitFor();
    expect(await result.textContent()).toContain('sms-screen.png');
    expect(await page.getByTestId('evidence-sha256').textContent()).toBe(sha256(PNG));
    expect(await result.textContent()).toContain('画像(PNG)');
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'evidence-person-nojs-result');

    // The receipt number and access code travelled in POST bodies only.
    const [receipt, code] = [c.receiptNumber, c.accessCode].map((value) => value.replace('-', ''));
    for (const url of [...urls, page.url()]) {
      expect(url.replace(/-/g, '')).not.toContain(receipt);
      expect(url.replace(/-/g, '')).not.toContain(code);
    }
    // A reload shows the same answer and sends nothing again.
    await page.reload();
    expect(await page.getByTestId('evidence-sha256').textContent()).toBe(sha256(PNG));
    expect(await storedFiles(c.receiptNumber)).toEqual([
      { nameEncrypted: true, sha256: sha256(PNG), sizeBytes: PNG.length },
    ]);
  });

  it('with JavaScript: two files at once, both shown in place with their hashes; the page passes axe', async () => {
    const c = await newCase();
    const page = await newPage();
    await openStatus(page, c.receiptNumber, c.accessCode);
    const picker = page.getByLabel(/送るファイルを選ぶ/);
    await picker.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'evidence-person-js-form');

    await picker.setInputFiles([
      { name: 'sms-screen.png', mimeType: 'image/png', buffer: PNG },
      { name: 'sms.txt', mimeType: 'text/plain', buffer: TEXT },
    ]);
    await page.getByRole('button', { name: /ファイルを送る/ }).click();
    const result = page.getByRole('status').filter({ hasText: '2件のファイルを受け取りました' });
    await result.waitFor();
    expect(page.url()).toMatch(/\/status$/);
    const hashes = await page.getByTestId('evidence-sha256').allTextContents();
    expect(hashes.sort()).toEqual([sha256(PNG), sha256(TEXT)].sort());
    expect(await result.textContent()).toContain('sms.txt');
    expect(await result.textContent()).toContain('テキスト');
    // Focus went to the answer, so a screen reader reads it next.
    await page.waitForFunction(() => document.activeElement?.classList.contains('evidence-outcome'));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'evidence-person-js-received');
    expect((await storedFiles(c.receiptNumber)).map((file) => file.sha256).sort()).toEqual(
      [sha256(PNG), sha256(TEXT)].sort(),
    );
  });

  it('a program named .png is refused by name with a clear message and a 4xx, and nothing is kept', async () => {
    const c = await newCase();
    const page = await newPage();
    const statuses = recordStatuses(page);
    await openStatus(page, c.receiptNumber, c.accessCode);
    await page
      .getByLabel(/送るファイルを選ぶ/)
      .setInputFiles([{ name: 'photo.png', mimeType: 'image/png', buffer: EXE }]);
    const upload = page.waitForResponse((response) => response.url().endsWith('/status/evidence'));
    await page.getByRole('button', { name: /ファイルを送る/ }).click();
    expect((await upload).status()).toBe(415);

    const alert = page.getByRole('alert').filter({ hasText: 'ファイルを送れませんでした' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('「photo.png」は受け付けられない形式です');
    expect(await page.getByTestId('evidence-refused-file').textContent()).toBe('photo.png');
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'evidence-person-js-refused');
    // The consultation itself is untouched: the status page still shows it.
    expect(await page.getByTestId('status-label').count()).toBe(1);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(await storedFiles(c.receiptNumber)).toEqual([]);

    // Without JavaScript: the same refusal on the result page.
    const plain = await newPage({ javaScriptEnabled: false });
    const plainStatuses = recordStatuses(plain);
    await openStatus(plain, c.receiptNumber, c.accessCode);
    await plain
      .getByLabel(/送るファイルを選ぶ/)
      .setInputFiles([{ name: 'photo.png', mimeType: 'image/png', buffer: EXE }]);
    await plain.getByRole('button', { name: /ファイルを送る/ }).click();
    await plain.waitForURL(/\/status\/evidence\/result\?r=/);
    expect(await plain.getByRole('alert').textContent()).toContain('「photo.png」は受け付けられない形式です');
    expect(plainStatuses.filter((status) => status >= 500)).toEqual([]);
    expect(await storedFiles(c.receiptNumber)).toEqual([]);
  });

  it('a file over the size limit is refused by name while it streams, with a 4xx, with and without JavaScript', async () => {
    const c = await newCase();
    // 11 MB of PNG: over the 10 MB default; the API stops reading it at the limit.
    const big = Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]);
    const page = await newPage();
    const statuses = recordStatuses(page);
    await openStatus(page, c.receiptNumber, c.accessCode);
    await page.getByLabel(/送るファイルを選ぶ/).setInputFiles([
      { name: 'sms-screen.png', mimeType: 'image/png', buffer: PNG },
      { name: 'huge.png', mimeType: 'image/png', buffer: big },
    ]);
    await page.getByRole('button', { name: /ファイルを送る/ }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'ファイルを送れませんでした' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('「huge.png」は大きすぎます');
    expect(statuses.filter((status) => status >= 500)).toEqual([]);

    const plain = await newPage({ javaScriptEnabled: false });
    const plainStatuses = recordStatuses(plain);
    await openStatus(plain, c.receiptNumber, c.accessCode);
    await plain
      .getByLabel(/送るファイルを選ぶ/)
      .setInputFiles([{ name: 'huge.png', mimeType: 'image/png', buffer: big }]);
    await plain.getByRole('button', { name: /ファイルを送る/ }).click();
    await plain.waitForURL(/\/status\/evidence\/result\?r=/);
    expect(await plain.getByRole('alert').textContent()).toContain('「huge.png」は大きすぎます');
    expect(plainStatuses.filter((status) => status >= 500)).toEqual([]);
    // All or nothing: the small file sent with the big one was not kept either.
    expect(await storedFiles(c.receiptNumber)).toEqual([]);
  });

  it('without JavaScript, from the receipt right after sending the consultation', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto('/intake');
    await page.getByRole('radio', { name: /フィッシング/ }).check();
    await page
      .getByRole('textbox', { name: /なにがあったか、書いてください/ })
      .fill(`宅配業者を名乗るSMSのリンクから、カード番号を入力してしまいました。(${run})`);
    await page
      .getByRole('group', { name: /名前・住所・電話番号・パスワード/ })
      .getByRole('radio', { name: /はい/ })
      .check();
    await page.getByRole('textbox', { name: /年齢/ }).fill('67');
    await page.getByRole('button', { name: /この内容で送る/ }).click();
    const receiptNumber = (await page.getByTestId('receipt-number').textContent())!.trim();

    await page.getByLabel(/送るファイルを選ぶ/).setInputFiles({
      name: 'sms.txt',
      mimeType: 'text/plain',
      buffer: TEXT,
    });
    await page.getByRole('button', { name: /ファイルを送る/ }).click();
    await page.waitForURL(/\/status\/evidence\/result\?r=/);
    expect(await page.getByTestId('evidence-sha256').textContent()).toBe(sha256(TEXT));
    expect(await storedFiles(receiptNumber)).toEqual([
      { nameEncrypted: true, sha256: sha256(TEXT), sizeBytes: TEXT.length },
    ]);
  });
});
