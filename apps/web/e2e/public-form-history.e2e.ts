import type { Locator, Page } from 'playwright-core';

import { closeBrowser, newPage, PHONE, screenshot, seriousAccessibilityViolations } from './harness';

afterAll(closeBrowser);

const DRAFT_KEY = 'madoguchi.intake-draft.v1';
const DESCRIPTION = 'スマホでアダルトサイトを見ていたら「登録完了」と出て、9万円払うよう書かれていました。';

/** Where an element sits in the viewport (CSS pixels); fails if it is not rendered. */
async function box(locator: Locator): Promise<{ top: number; bottom: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) {
    throw new Error(`not rendered: ${locator.toString()}`);
  }
  return { top: found.y, bottom: found.y + found.height, height: found.height };
}

async function stepIs(page: Page, step: number): Promise<void> {
  await page.getByRole('heading', { level: 2, name: new RegExp(`ステップ ${step} / 5`) }).waitFor();
}

async function next(page: Page, step: number): Promise<void> {
  await page.getByRole('button', { name: /次へ/ }).click();
  await stepIs(page, step);
}

const description = (page: Page) => page.getByRole('textbox', { name: /なにがあったか、書いてください/ });
const question = (page: Page, name: RegExp) => page.getByRole('group', { name });
const storedDraft = (page: Page) => page.evaluate((key) => window.sessionStorage.getItem(key), DRAFT_KEY);

describe('the consultation form on a 360 x 800 phone', () => {
  it('starts on the first screen; Back, Forward and a reload keep the answers; "clear" empties the tab', async () => {
    const page = await newPage({ viewport: PHONE });
    await page.goto('/');
    const start = page.getByRole('main').getByRole('link', { name: /^相談する/ });
    const startBox = await box(start);
    expect(startBox.top).toBeGreaterThanOrEqual(0);
    expect(startBox.bottom).toBeLessThanOrEqual(PHONE.height);
    await screenshot(page, 'landing-phone');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await start.click();
    await stepIs(page, 1);
    // The first kind of trouble, as a whole card, is on the first screen without scrolling.
    const cards = page.locator('.choice:has(input[name="category"])');
    const first = await box(cards.first());
    expect(first.bottom).toBeLessThanOrEqual(PHONE.height);
    // The eleven cards: compact (was 4.5 screens), each still a tap target of at least 44 px.
    const all = await box(page.getByRole('group', { name: /どんなことで困っていますか/ }));
    expect(all.height).toBeLessThanOrEqual(2.5 * PHONE.height);
    for (const card of await cards.all()) {
      expect((await box(card)).height).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, 'intake-phone-first-screen');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('radio', { name: /架空請求・ワンクリック詐欺/ }).check();
    await description(page).fill(DESCRIPTION);
    await next(page, 2);
    expect(page.url()).toMatch(/\/intake\?step=2$/);
    await question(page, /もうお金をはらいましたか/)
      .getByRole('radio', { name: /いいえ/ })
      .check();
    await page.getByRole('textbox', { name: /いくら請求されていますか/ }).fill('90000');
    await next(page, 3);

    // The phone's Back button: the step before, answers kept (not the landing page, not an empty form).
    await page.goBack();
    await stepIs(page, 2);
    expect(
      await question(page, /もうお金をはらいましたか/)
        .getByRole('radio', { name: /いいえ/ })
        .isChecked(),
    ).toBe(true);
    expect(await page.getByRole('textbox', { name: /いくら請求されていますか/ }).inputValue()).toBe('90000');
    await page.goBack();
    await stepIs(page, 1);
    expect(await description(page).inputValue()).toBe(DESCRIPTION);
    expect(await page.getByRole('radio', { name: /架空請求・ワンクリック詐欺/ }).isChecked()).toBe(true);
    // Forward goes on again; then the form's own "next".
    await page.goForward();
    await stepIs(page, 2);
    await next(page, 3);
    await page.getByRole('textbox', { name: /年齢/ }).fill('34');

    // A reload in the same tab: the same step, everything still there.
    await page.reload();
    await stepIs(page, 3);
    // The server renders the step from the address; the tab's draft is put back once the script runs.
    await page
      .waitForFunction(
        () => document.querySelector<HTMLInputElement>('input[name="person.age"]')?.value === '34',
        undefined,
        {
          timeout: 5_000,
        },
      )
      .catch(() => undefined);
    expect(await page.getByRole('textbox', { name: /年齢/ }).inputValue()).toBe('34');
    await page.goBack();
    await stepIs(page, 2);
    expect(await page.getByRole('textbox', { name: /いくら請求されていますか/ }).inputValue()).toBe('90000');
    expect(await storedDraft(page)).toContain('登録完了');
    // Kept in this tab only: never in localStorage or a cookie.
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    expect((await page.context().cookies()).map((cookie) => cookie.name)).toEqual([]);

    // "Clear this device": the draft and the form are emptied, back at step 1.
    await page.getByRole('button', { name: /この端末から消す/ }).click();
    await page.getByRole('status').filter({ hasText: 'この端末から消しました' }).waitFor();
    await stepIs(page, 1);
    expect(await description(page).inputValue()).toBe('');
    expect(await page.getByRole('radio', { name: /架空請求・ワンクリック詐欺/ }).isChecked()).toBe(false);
    expect(await storedDraft(page)).not.toContain('登録完了');
    await screenshot(page, 'intake-phone-cleared');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.reload();
    await stepIs(page, 1);
    expect(await description(page).inputValue()).toBe('');
  });

  it('forgets the draft once sent; a child (12) reads the receipt with furigana, an adult without', async () => {
    const send = async (page: Page, text: string, age: string) => {
      await page.goto('/intake');
      await description(page).fill(text);
      await next(page, 2);
      await next(page, 3);
      await page.getByRole('textbox', { name: /年齢/ }).fill(age);
      await next(page, 4);
      await next(page, 5);
      expect(await storedDraft(page)).toContain(text);
      await page.getByRole('button', { name: /この内容で送る/ }).click();
      await page.getByTestId('receipt-number').waitFor();
    };

    const child = await newPage({ viewport: PHONE });
    await send(child, 'クラスのグループLINEで、わたしの悪口を書かれています。', '12');
    expect(await child.locator('h1 rt').allTextContents()).toEqual(['そうだん', 'う', 'つ']);
    expect(await child.locator('#windows-title rt').count()).toBeGreaterThan(0);
    // The triage's guidance too (it comes from the fixed rules, read at build time).
    expect(await child.locator('.advice rt').count()).toBeGreaterThan(0);
    expect(await storedDraft(child)).toBeNull();
    await screenshot(child, 'intake-receipt-child-furigana');
    expect(await seriousAccessibilityViolations(child)).toEqual([]);
    // Reloading the receipt page shows an empty form, not the story.
    await child.reload();
    await stepIs(child, 1);
    expect(await description(child).inputValue()).toBe('');

    const adult = await newPage({ viewport: PHONE });
    await send(adult, DESCRIPTION, '40');
    await adult.getByRole('heading', { level: 1, name: /^相談を受け付けました/ }).waitFor();
    expect(await adult.locator('rt').count()).toBe(0);
  });
});
