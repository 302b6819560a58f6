// The queue's search in a real browser: a counselor types a category's name (「架空請求」) and finds the
// cases of that category though their text never says it, each row showing the start of the person's
// words with the phone number masked; and a receipt number typed without its hyphen finds its case.
import { randomBytes } from 'node:crypto';

import type { Page } from 'playwright-core';

import {
  apiJson,
  closeBrowser,
  createStaffUser,
  newPage,
  screenshot,
  seriousAccessibilityViolations,
  signInStaff,
  staffAccessToken,
  type TStaffUser,
} from './harness';

/** Staff work on office PCs: the dashboard is laid out for a desktop screen. */
const DESKTOP = { width: 1280, height: 900 };

const run = randomBytes(4).toString('hex');
// Neither description says the name of its category.
const BILLING =
  `アダルトサイトで「登録完了」と表示され、090-4444-7777 に電話するよう書かれていました。` +
  `電話すると退会料を払えと言われました。(${run})`;
const BULLYING = `クラスのグループLINEから外されて、悪口を書き込まれています。(${run})`;

type TCase = { id: string; receiptNumber: string; version: number };
let counselor: TStaffUser;
let billing: TCase;
let bullying: TCase;

/** A consultation taken by phone, its category confirmed and the case taken by the counselor. */
async function arrangeCase(token: string, description: string, category: string): Promise<TCase> {
  const created = await apiJson<{ case: TCase }>('POST', '/cases', { channel: 'phone', description }, token);
  const confirmed = await apiJson<TCase>(
    'PUT',
    `/cases/${created.case.id}/categories`,
    { version: created.case.version, categories: [category], reason: '聞き取りの結果' },
    token,
  );
  const assigned = await apiJson<TCase>(
    'PATCH',
    `/cases/${created.case.id}`,
    { version: confirmed.version, assigneeId: 'me' },
    token,
  );
  return { ...created.case, version: assigned.version };
}

beforeAll(async () => {
  counselor = await createStaffUser('counselor', `qsearch-${run}`, `相談員 ${run}`);
  const token = await staffAccessToken(counselor);
  billing = await arrangeCase(token, BILLING, 'fictitious_billing');
  bullying = await arrangeCase(token, BULLYING, 'child_bullying');
});

afterAll(closeBrowser);

/** Types the words in the queue's search (with the assignee filter) and waits for the results: `count` rows. */
async function searchQueue(page: Page, words: string, assignee: 'me' | '', count: number): Promise<void> {
  const form = page.getByRole('search', { name: /相談の絞り込み/ });
  if (!(await form.isVisible())) {
    await page.getByText('絞り込み・検索').click();
  }
  await form.getByRole('searchbox', { name: /検索/ }).fill(words);
  await form.getByRole('combobox', { name: /担当/ }).selectOption(assignee);
  const before = page.url();
  await form.getByRole('button', { name: /絞り込む/ }).click();
  await page.waitForURL((url) => url.href !== before && url.searchParams.has('s'));
  await page.getByRole('heading', { name: new RegExp(`Results ${count}件`) }).waitFor();
}

describe('queue search', () => {
  it('finds a case by its category name, shows the excerpt masked, and by its receipt number without hyphen', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, counselor, '/cases');

    // 「架空請求」 among the counselor's own cases (other test files' cases share this stack).
    await searchQueue(page, '架空請求', 'me', 1);
    const rows = page.getByTestId('queue-row');
    const billingRow = rows.filter({ hasText: billing.receiptNumber });
    await billingRow.waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.filter({ hasText: bullying.receiptNumber }).count()).toBe(0);

    // The start of the person's words under the case number, on one line, the phone number masked.
    const excerpt = billingRow.getByTestId('queue-excerpt');
    await expect(excerpt.textContent()).resolves.toMatch(
      /アダルトサイトで「登録完了」と表示され、\[電話番号\] に電話するよう書かれていました。.*…$/,
    );
    expect(await excerpt.textContent()).not.toContain('\n');
    expect(await billingRow.textContent()).not.toMatch(/4444|7777/);
    expect(await excerpt.evaluate((element) => getComputedStyle(element).display)).toBe('block');
    await screenshot(page, 'queue-search-category');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // 「いじめ」 finds the other one.
    await searchQueue(page, 'いじめ', 'me', 1);
    await rows.filter({ hasText: bullying.receiptNumber }).waitFor();
    expect(await rows.count()).toBe(1);

    // The receipt number as a person reads it out, without the hyphen and in lower case, anyone's cases.
    const spoken = billing.receiptNumber.replace('-', '').toLowerCase();
    await searchQueue(page, spoken, '', 1);
    await billingRow.waitFor();
    expect(await rows.count()).toBe(1);
    expect(page.url()).not.toContain(spoken);
  });
});
