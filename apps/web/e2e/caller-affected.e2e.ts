// A caller who is not the affected person: a parent writes about their 12-year-old on a phone (360 px). The
// form asks who it is about, so the age is the child's; triage judges the child (lines that take guardians) and
// never sends the parent to Childline; the counselor's case page shows the caller and the child as two blocks,
// and the phone intake form records a teacher calling about a pupil the same way.
import { randomBytes } from 'node:crypto';

import type { Page } from 'playwright-core';

import {
  closeBrowser,
  contentWidth,
  newPage,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  stackDatabase,
} from './harness';
import { createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

const run = randomBytes(4).toString('hex');
const DESKTOP = { width: 1280, height: 900 };
// Nothing in the words says who writes: only the answer to 「どなたのことですか」 tells a parent from the child.
const BULLYING = `クラスのLINEグループで悪口を書かれて、写真もさらされています。(e2e ${run})`;

let counselor: TStaffUser;

beforeAll(async () => {
  counselor = await createStaffUser('counselor', `caller-${run}`, `相談員 ${run}`);
});

afterAll(closeBrowser);

async function stepIs(page: Page, step: number): Promise<void> {
  await page.getByRole('heading', { level: 2, name: new RegExp(`ステップ ${step} / 5`) }).waitFor();
}

async function next(page: Page, step: number): Promise<void> {
  await page.getByRole('button', { name: /次へ/ }).click();
  await stepIs(page, step);
}

async function caseIdOf(receiptNumber: string): Promise<string> {
  const db = stackDatabase();
  try {
    const row = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });
    return row.id;
  } finally {
    await db.$disconnect();
  }
}

const childlineBanner = (page: Page) => page.getByRole('link', { name: /チャイルドライン 0120-99-7777/ });

describe('a caller who is not the affected person', () => {
  it('a parent about a 12-year-old: guardian lines, no Childline; the case page shows both blocks', async () => {
    const page = await newPage({ viewport: PHONE });
    await page.goto('/intake');
    await stepIs(page, 1);
    await page.getByRole('textbox', { name: /なにがあったか、書いてください/ }).fill(BULLYING);
    await next(page, 2);
    await next(page, 3);

    const who = page.getByRole('group', { name: /どなたのことですか/ });
    const age = page.getByRole('textbox', { name: /年齢/ });
    // A child of 12 writing about themself is offered Childline at once...
    await who.getByRole('radio', { name: /わたし自身のこと/ }).check();
    await age.fill('12');
    await childlineBanner(page).waitFor();
    // ...a parent is not: the age is now the child's, and the question says so.
    await who.getByRole('radio', { name: /わたしの子どものこと/ }).check();
    await page.getByRole('textbox', { name: /その人の年齢/ }).waitFor();
    await childlineBanner(page).waitFor({ state: 'detached' });
    await screenshot(page, 'intake-caller-parent');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await next(page, 4);
    await next(page, 5);
    // The summary before sending says who it is about.
    await page.getByRole('definition').filter({ hasText: 'わたしの子どものこと' }).waitFor();
    await page.getByRole('button', { name: /この内容で送る/ }).click();

    await page.getByRole('heading', { level: 1, name: /相談を受け付けました/ }).waitFor();
    const receiptNumber = ((await page.getByTestId('receipt-number').textContent()) ?? '').trim();
    await page.getByRole('article', { name: /24時間子供SOSダイヤル/ }).waitFor();
    await page.getByRole('article', { name: /子どもの人権110番/ }).waitFor();
    expect(await page.getByRole('article', { name: /チャイルドライン/ }).count()).toBe(0);
    expect(await childlineBanner(page).count()).toBe(0);
    await screenshot(page, 'intake-caller-parent-receipt');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);

    // The counselor's case page, on a phone: the caller (a parent) and the affected child, as two blocks.
    const staff = await newPage({ viewport: PHONE });
    const caseId = await caseIdOf(receiptNumber);
    await signInStaff(staff, counselor, `/cases/${caseId}`);
    await staff.getByRole('heading', { level: 1, name: new RegExp(receiptNumber) }).waitFor();
    const caller = staff.getByTestId('intake-caller');
    const affected = staff.getByTestId('intake-affected');
    expect(await caller.textContent()).toContain('親・保護者');
    expect(await affected.textContent()).toMatch(/年齢 \/ Age\s*12/);
    await screenshot(staff, 'case-caller-affected');
    expect(await seriousAccessibilityViolations(staff)).toEqual([]);
    expect(await contentWidth(staff)).toBeLessThanOrEqual(PHONE.width);
  });

  it('a counselor records a teacher calling about a pupil: two blocks on the phone form and the case page', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, counselor, '/cases/new');
    const callerBlock = page.getByRole('region', { name: /相談者/ });
    const affectedBlock = page.getByRole('region', { name: /被害にあった人/ });
    await callerBlock
      .getByRole('combobox', { name: /被害にあった人との関係/ })
      .selectOption({ label: '教員・学校 / Teacher or school' });
    await callerBlock.getByRole('textbox', { name: /名前/ }).fill(`鈴木先生 ${run}`);
    await affectedBlock.getByRole('textbox', { name: /年齢/ }).fill('10');
    await page.getByRole('textbox', { name: /相談内容/ }).fill(BULLYING);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /登録して受付番号/ }).click();
    await page.getByTestId('receipt-number').waitFor();

    await page.getByRole('link', { name: /この相談を開く/ }).click();
    const caller = page.getByTestId('intake-caller');
    await caller.waitFor({ state: 'attached' });
    expect(await caller.textContent()).toContain('教員・学校');
    expect(await caller.textContent()).toContain(`鈴木先生 ${run}`);
    expect(await page.getByTestId('intake-affected').textContent()).toMatch(/年齢 \/ Age\s*10/);
    await screenshot(page, 'case-caller-teacher');
  });
});
