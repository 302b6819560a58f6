// Duplicates and templates at the desk (1280 px for staff pages, a phone for the status page): a counselor merges
// a case the person sent again into the first one, and both receipt numbers with their access codes open the same
// conversation on the public status page; an admin creates a message template (an unknown placeholder is refused
// at the field), a counselor uses it in a message to the person with the receipt filled in, and the person reads
// it on their status page. axe stays at 0 serious/critical on the new pages and the case page's new panel.
import { randomBytes } from 'node:crypto';

import type { Page } from 'playwright-core';

import {
  clientAddressHeader,
  closeBrowser,
  newPage,
  screenshot,
  seriousAccessibilityViolations,
  stackDatabase,
} from './harness';
import { createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

const run = randomBytes(4).toString('hex');
const WIDE = { width: 1280, height: 900 };

let counselor: TStaffUser;
let admin: TStaffUser;

beforeAll(async () => {
  [counselor, admin] = await Promise.all([
    createStaffUser('counselor', `merge-${run}`, `相談員 ${run}`),
    createStaffUser('admin', `templates-${run}`, `管理者 ${run}`),
  ]);
});

afterAll(closeBrowser);

type TPair = { id: string; receiptNumber: string; accessCode: string };

async function intake(description: string): Promise<TPair> {
  const response = await fetch(`${process.env.E2E_API_URL}/api/v1/intakes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...clientAddressHeader() },
    body: JSON.stringify({ channel: 'web', description: `${description} (${run})` }),
  });
  expect(response.status).toBe(201);
  const pair = (await response.json()) as { receiptNumber: string; accessCode: string };
  const db = stackDatabase();
  try {
    const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber: pair.receiptNumber } });
    return { ...pair, id };
  } finally {
    await db.$disconnect();
  }
}

/** The person's status page on a phone, opened with one receipt number and access code. */
async function conversationOf(pair: TPair): Promise<string[]> {
  const page = await newPage();
  await page.goto('/status');
  await page.getByRole('textbox', { name: /受付番号/ }).fill(pair.receiptNumber);
  await page.getByRole('textbox', { name: /アクセスコード/ }).fill(pair.accessCode);
  await page.getByRole('button', { name: /確認する/ }).click();
  await page.getByTestId('status-label').waitFor();
  const items = await page
    .getByRole('region', { name: /相談員とのやりとり/ })
    .getByRole('listitem')
    .allTextContents();
  await page.context().close();
  return items;
}

async function postMessage(page: Page, text?: string): Promise<void> {
  await page.getByRole('radio', { name: /相談者へのメッセージ/ }).check();
  if (text !== undefined) {
    await page.getByRole('textbox', { name: /^メッセージ/ }).fill(text);
  }
  await page.getByRole('button', { name: /相談者に送る/ }).click();
  await page.getByRole('status').filter({ hasText: '確認ページに載せました' }).first().waitFor();
}

describe('merging duplicates and using templates', () => {
  it('merges a duplicate: both access codes open the same conversation on the status page', async () => {
    const first = await intake('SNSで知らない人から脅されています。');
    const again = await intake('前に相談しましたが、アクセスコードをなくしました。脅されています。');
    const page = await newPage({ viewport: WIDE });
    page.on('dialog', (dialog) => void dialog.accept());
    await signInStaff(page, counselor, `/cases/${first.id}`);

    const firstMessage = `明日の夕方にお電話します。(${run})`;
    await postMessage(page, firstMessage);

    const panel = page.getByTestId('merge-panel');
    // The merge form is folded on the case page: open it first.
    await panel.locator('summary', { hasText: '重複の統合' }).click();
    await panel.getByRole('textbox', { name: /統合する相談の受付番号/ }).fill(again.receiptNumber);
    await panel.getByRole('button', { name: /この相談に統合/ }).click();
    await panel.getByRole('status').filter({ hasText: '統合しました' }).waitFor();
    await panel.getByRole('link', { name: again.receiptNumber }).waitFor();
    await panel.getByRole('button', { name: /統合を取り消す/ }).waitFor();
    // The duplicate's timeline shows in the survivor's, marked as from it.
    await page.getByTestId('timeline-from-case').first().waitFor();
    expect(await page.getByTestId('timeline-from-case').first().textContent()).toContain(again.receiptNumber);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case-merged-panel');

    // The duplicate's page says where it went.
    await page.goto(`/cases/${again.id}`);
    await page.getByTestId('merge-panel').getByRole('link', { name: first.receiptNumber }).waitFor();

    // Both pairs open the survivor's conversation.
    const bySurvivor = await conversationOf(first);
    const byDuplicate = await conversationOf(again);
    expect(bySurvivor.some((text) => text.includes(firstMessage))).toBe(true);
    expect(byDuplicate).toEqual(bySurvivor);
  });

  it('an admin creates a template; a counselor uses it in a message the person then reads', async () => {
    const admin1 = await newPage({ viewport: WIDE });
    await signInStaff(admin1, admin, '/admin/templates');
    await admin1.getByRole('heading', { name: /定型文/, level: 1 }).waitFor();
    expect(await seriousAccessibilityViolations(admin1)).toEqual([]);

    const title = `受付のご連絡 ${run}`;
    await admin1.getByRole('combobox', { name: /種類/ }).selectOption('public_message');
    await admin1.getByRole('textbox', { name: /題名/ }).fill(title);
    const body = admin1.getByRole('textbox', { name: /本文/ });
    // An unknown placeholder is refused at the field.
    await body.fill('受付番号 {{receipt}} 、{{window.adress}}');
    await admin1.getByRole('button', { name: /追加 \/ Add/ }).click();
    await admin1.getByRole('alert').filter({ hasText: '{{window.adress}}' }).waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');

    await body.fill('受付番号 {{receipt}} のご相談を受け付けました。担当は {{counselor.name}} です。');
    await admin1.getByRole('button', { name: /追加 \/ Add/ }).click();
    await admin1.getByRole('status').filter({ hasText: '作成しました' }).waitFor();
    const link = admin1.getByRole('link', { name: title });
    await link.waitFor();
    await link.click();
    await admin1.getByRole('heading', { name: title, level: 1 }).waitFor();
    expect(await seriousAccessibilityViolations(admin1)).toEqual([]);
    await screenshot(admin1, 'admin-template-edit');

    const c = await intake('ネットで買った商品が届きません。');
    const page = await newPage({ viewport: WIDE });
    await signInStaff(page, counselor, `/cases/${c.id}`);
    await page.getByRole('radio', { name: /相談者へのメッセージ/ }).check();
    await page.getByRole('combobox', { name: /テンプレートを使う/ }).selectOption({ label: title });
    await page.getByRole('button', { name: /入れる/ }).click();
    const filled = `受付番号 ${c.receiptNumber} のご相談を受け付けました。担当は 相談員 ${run} です。`;
    const box = page.getByRole('textbox', { name: /^メッセージ/ });
    await page.waitForFunction(
      ([text]) => Array.from(document.querySelectorAll('textarea')).some((el) => el.value === text),
      [filled],
    );
    expect(await box.inputValue()).toBe(filled);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await postMessage(page);

    const conversation = await conversationOf(c);
    expect(conversation.some((text) => text.includes(filled))).toBe(true);
  });
});
