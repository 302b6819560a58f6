import { randomUUID } from 'node:crypto';

import type { Locator, Page } from 'playwright-core';

import {
  apiJson,
  clientAddressHeader,
  closeBrowser,
  contentWidth,
  createStaffUser,
  newPage,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  stackDatabase,
  staffAccessToken,
} from './harness';

afterAll(closeBrowser);

const RECEIPT_NUMBER = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
const ACCESS_CODE = /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/;

const dangerBanner = (page: Page) =>
  page.getByRole('alert').filter({ hasText: 'いますぐ110番に電話してください' });

const COURT_PAPERS_LATER =
  /あとで裁判所から「特別送達」の封筒が届いたら、放っておかずにすぐ相談してください。/;

/** Where an element sits in the viewport (its top and bottom, in CSS pixels); fails if it is not rendered. */
async function box(locator: Locator): Promise<{ top: number; bottom: number }> {
  const found = await locator.boundingBox();
  if (!found) {
    throw new Error(`not rendered: ${locator.toString()}`);
  }
  return { top: found.y, bottom: found.y + found.height };
}

async function stepIs(page: Page, step: number): Promise<void> {
  await page.getByRole('heading', { level: 2, name: new RegExp(`ステップ ${step} / 5`) }).waitFor();
}

async function next(page: Page, step: number): Promise<void> {
  await page.getByRole('button', { name: /次へ/ }).click();
  await stepIs(page, step);
}

async function readReceipt(page: Page): Promise<{ receiptNumber: string; accessCode: string }> {
  await page.getByRole('heading', { level: 1, name: /相談を受け付けました/ }).waitFor();
  const receiptNumber = (await page.getByTestId('receipt-number').textContent()) ?? '';
  const accessCode = (await page.getByTestId('access-code').textContent()) ?? '';
  expect(receiptNumber).toMatch(RECEIPT_NUMBER);
  expect(accessCode).toMatch(ACCESS_CODE);
  return { receiptNumber, accessCode };
}

async function checkStatus(page: Page, receiptNumber: string, accessCode: string): Promise<string> {
  await page.goto('/status');
  await page.getByRole('textbox', { name: /受付番号/ }).fill(receiptNumber);
  await page.getByRole('textbox', { name: /アクセスコード/ }).fill(accessCode);
  await page.getByRole('button', { name: /確認する/ }).click();
  const label = page.getByTestId('status-label');
  await label.waitFor();
  return (await label.textContent()) ?? '';
}

describe('a citizen sends a consultation', () => {
  it('with JavaScript: five steps with live guidance, the receipt, then its status', async () => {
    const page = await newPage();
    await page.goto('/intake');
    await stepIs(page, 1);

    await page.getByRole('radio', { name: /架空請求・ワンクリック詐欺/ }).check();
    await page
      .getByRole('textbox', { name: /なにがあったか、書いてください/ })
      .fill('スマホでアダルトサイトを見ていたら「登録完了」と出て、3日以内に9万円払うよう書かれていました。');
    // Live guidance from /triage/preview: what never to do, above the button that moves on.
    const doNot = page.getByRole('region', { name: /してはいけないこと/ });
    await doNot.getByText('お金を払わないでください。').waitFor();
    expect((await box(doNot)).bottom).toBeLessThanOrEqual(
      (await box(page.getByRole('button', { name: /次へ/ }))).top,
    );
    await screenshot(page, 'intake-js-step1');

    await next(page, 2);
    await page
      .getByRole('group', { name: /いま、あぶない目にあいそうですか/ })
      .getByRole('radio', { name: /いいえ/ })
      .check();
    await page
      .getByRole('group', { name: /もうお金をはらいましたか/ })
      .getByRole('radio', { name: /いいえ/ })
      .check();
    // No court papers yet: a one-line note on what to do if they come later.
    await page
      .getByRole('group', { name: /裁判所からの書類/ })
      .getByRole('radio', { name: /いいえ/ })
      .check();
    await page.getByText(COURT_PAPERS_LATER).waitFor();
    await page.getByRole('textbox', { name: /いくら請求されていますか/ }).fill('90000');
    await next(page, 3);
    await page.getByRole('textbox', { name: /年齢/ }).fill('16');
    await page.getByRole('link', { name: /チャイルドライン 0120-99-7777/ }).waitFor();
    await page.getByRole('combobox', { name: /住んでいる都道府県/ }).selectOption('13');
    await next(page, 4);
    await next(page, 5);
    await page.getByText('90,000 円').waitFor();
    await screenshot(page, 'intake-js-confirm');
    await page.getByRole('button', { name: /この内容で送る/ }).click();

    const { receiptNumber, accessCode } = await readReceipt(page);
    const consumer = page.getByRole('article', { name: /消費者ホットライン188/ });
    expect(await consumer.getByRole('link', { name: /^188/ }).getAttribute('href')).toBe('tel:188');
    const receiptDoNot = page.getByRole('region', { name: /してはいけないこと/ });
    await receiptDoNot.getByText('お金を払わないでください。').waitFor();
    // What never to do comes first, then the codes, then the windows.
    const doNotBox = await box(receiptDoNot);
    const codeBox = await box(page.getByTestId('access-code'));
    expect(doNotBox.bottom).toBeLessThanOrEqual(codeBox.top);
    expect(codeBox.bottom).toBeLessThanOrEqual((await box(consumer)).top);
    await page.getByText(COURT_PAPERS_LATER).waitFor();
    await screenshot(page, 'intake-js-receipt');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);

    // Lower case and no hyphen, as people copy from paper: still found.
    expect(await checkStatus(page, receiptNumber.toLowerCase().replace('-', ''), accessCode)).toContain(
      '新規',
    );
    await page.getByRole('heading', { level: 2, name: /相談員とのやりとり/ }).waitFor();
    await screenshot(page, 'status-result');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('with JavaScript: the 110 banner appears as soon as "in danger now" is answered yes', async () => {
    const page = await newPage();
    await page.goto('/intake');
    await page
      .getByRole('textbox', { name: /なにがあったか、書いてください/ })
      .fill('SNSで知り合った人に家を特定されたと言われました。');
    await next(page, 2);
    expect(await dangerBanner(page).count()).toBe(0);

    await page
      .getByRole('group', { name: /いま、あぶない目にあいそうですか/ })
      .getByRole('radio', { name: /はい/ })
      .check();

    await dangerBanner(page).waitFor({ timeout: 2_000 });
    expect(
      await dangerBanner(page)
        .getByRole('link', { name: /110番に電話する/ })
        .getAttribute('href'),
    ).toBe('tel:110');
    await screenshot(page, 'intake-js-danger');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('on a 360 x 800 phone, the receipt shows the 110 alert for danger written in the text without scrolling', async () => {
    const page = await newPage({ viewport: PHONE });
    await page.goto('/intake');
    // Only the text says it (the "in danger now" question is left unanswered).
    await page
      .getByRole('textbox', { name: /なにがあったか、書いてください/ })
      .fill('いま家の前に元交際相手がいて、殺すと言われています。助けてください。');
    // The live guidance shows the 110 banner from the text alone, above the button that moves on.
    const guidance = page.getByRole('complementary', { name: /いま、気をつけてほしいこと/ });
    await dangerBanner(page).waitFor();
    expect(await guidance.getByRole('alert').count()).toBe(1);
    expect((await box(guidance)).bottom).toBeLessThanOrEqual(
      (await box(page.getByRole('button', { name: /次へ/ }))).top,
    );
    for (let step = 2; step <= 5; step += 1) {
      await next(page, step);
    }
    await page.getByRole('button', { name: /この内容で送る/ }).click();

    await readReceipt(page);
    const alert = dangerBanner(page);
    expect(await alert.count()).toBe(1);
    const alertBox = await box(alert);
    expect(alertBox.top).toBeGreaterThanOrEqual(0);
    expect(alertBox.bottom).toBeLessThanOrEqual(PHONE.height);
    expect(await alert.getByRole('link', { name: /110番に電話する/ }).getAttribute('href')).toBe('tel:110');
    // Before the codes (which follow straight after the alerts and the "do not" list).
    expect(alertBox.bottom).toBeLessThanOrEqual((await box(page.getByTestId('access-code'))).top);
    await screenshot(page, 'intake-js-receipt-danger');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });

  it('without JavaScript: one page, one submit, the receipt, then its status', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto('/intake');
    expect(await page.getByRole('heading', { level: 2, name: /ステップ \d \/ 5/ }).count()).toBe(5);
    expect(await page.getByRole('button', { name: /次へ/ }).count()).toBe(0);
    await screenshot(page, 'intake-nojs');

    await page.getByRole('radio', { name: /フィッシング/ }).check();
    await page
      .getByRole('textbox', { name: /なにがあったか、書いてください/ })
      .fill('宅配業者を名乗るSMSのリンクから、カード番号を入力してしまいました。');
    await page
      .getByRole('group', { name: /名前・住所・電話番号・パスワード/ })
      .getByRole('radio', { name: /はい/ })
      .check();
    await page.getByRole('textbox', { name: /年齢/ }).fill('67');
    await page.getByRole('button', { name: /この内容で送る/ }).click();

    const { receiptNumber, accessCode } = await readReceipt(page);
    const antiphishing = page.getByRole('article', { name: /フィッシング/ }).first();
    await antiphishing.waitFor();
    await screenshot(page, 'intake-nojs-receipt');

    expect(await checkStatus(page, receiptNumber, accessCode)).toContain('新規');
  });

  it('without JavaScript: the same form sent twice (a double tap, a reload) opens one case', async () => {
    const marker = `二重送信のテスト ${randomUUID()}`;
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto('/intake');
    await page.getByRole('textbox', { name: /なにがあったか、書いてください/ }).fill(marker);

    // The browser's POST is sent to the server twice, exactly as it was (same hidden submission key).
    const replies: string[] = [];
    await page.route('**/intake', async (route) => {
      if (route.request().method() !== 'POST') {
        return route.continue();
      }
      const first = await route.fetch();
      const second = await route.fetch();
      for (const reply of [first, second]) {
        replies.push(/data-testid="receipt-number"[^>]*>([^<]+)</.exec(await reply.text())?.[1] ?? '(none)');
      }
      return route.fulfill({ response: second });
    });
    const sentFrom = new Date(Date.now() - 5_000);
    await page.getByRole('button', { name: /この内容で送る/ }).click();

    const { receiptNumber } = await readReceipt(page);
    expect(replies).toEqual([receiptNumber, receiptNumber]);
    // Descriptions are stored encrypted: the cases made since the send are read back as a counselor sees them (other
    // files' cases may be among them), and exactly one holds the marker.
    const db = stackDatabase();
    try {
      const recent = await db.case.findMany({
        where: { createdAt: { gte: sentFrom } },
        select: { id: true },
      });
      const token = await staffAccessToken(
        await createStaffUser('counselor', `dup-${randomUUID().slice(0, 8)}`),
      );
      const descriptions = await Promise.all(
        recent.map(
          async ({ id }) =>
            (
              await apiJson<{ intake: { description: string } | null }>(
                'GET',
                `/cases/${id}`,
                undefined,
                token,
              )
            ).intake?.description,
        ),
      );
      expect(descriptions.filter((description) => description?.includes(marker))).toHaveLength(1);
    } finally {
      await db.$disconnect();
    }
  });

  it('without JavaScript: the server names each problem at the top and at its field', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto('/intake');
    await page.getByRole('textbox', { name: /年齢/ }).fill('200');
    await page.getByRole('radio', { name: /電話で連絡してほしい/ }).check();
    await page.getByRole('button', { name: /この内容で送る/ }).click();

    const summary = page.getByRole('alert').filter({ hasText: '入力内容を確認してください' });
    await summary.waitFor();
    expect(
      await summary.getByRole('link', { name: /なにがあったか: ここに書いてください/ }).getAttribute('href'),
    ).toBe('#field-description');
    await summary.getByRole('link', { name: /電話番号: 電話での連絡を選んだときは/ }).waitFor();

    const description = page.getByRole('textbox', { name: /なにがあったか、書いてください/ });
    expect(await description.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await description.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ').at(-1)}`).textContent()).toContain(
      'ここに書いてください',
    );
    // What was typed is still there.
    expect(await page.getByRole('textbox', { name: /年齢/ }).inputValue()).toBe('200');
    await screenshot(page, 'intake-nojs-errors');
  });
});

describe('checking a consultation', () => {
  it('says when the pair is wrong, and during back-off keeps saying only that (no lock, nothing revealed)', async () => {
    const response = await fetch(`${process.env.E2E_API_URL}/api/v1/intakes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clientAddressHeader() },
      body: JSON.stringify({ channel: 'web', description: 'バックオフのテスト' }),
    });
    const { receiptNumber, accessCode } = (await response.json()) as {
      receiptNumber: string;
      accessCode: string;
    };

    const page = await newPage();
    const tryCode = async (code: string) => {
      await page.goto('/status');
      await page.getByRole('textbox', { name: /受付番号/ }).fill(receiptNumber);
      await page.getByRole('textbox', { name: /アクセスコード/ }).fill(code);
      await page.getByRole('button', { name: /確認する/ }).click();
      const alert = page.getByRole('alert').filter({ hasText: /違います|できません/ });
      await alert.waitFor();
      return (await alert.textContent()) ?? '';
    };

    expect(await tryCode('22222-22222')).toContain('受付番号またはアクセスコードが違います');
    await screenshot(page, 'status-wrong');
    for (let attempt = 2; attempt <= 5; attempt += 1) {
      expect(await tryCode('22222-22222')).toContain('受付番号またはアクセスコードが違います');
    }
    // Waiting now: even the right code gets the same answer, so a guesser learns nothing.
    const during = await tryCode(accessCode);
    expect(during).toContain('受付番号またはアクセスコードが違います');
    expect(during).toContain('数分おいて');
    await screenshot(page, 'status-backoff');
  });
});
