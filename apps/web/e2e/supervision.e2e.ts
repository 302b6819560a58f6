// Supervision in a real browser: a supervisor ticks three cases in the queue and assigns them to a counselor at
// once, sees that counselor's load on the workload page, and reviews a case that was closed without a referral,
// which then leaves the review queue.
import { randomBytes } from 'node:crypto';

import {
  apiJson,
  closeBrowser,
  createStaffUser,
  newPage,
  screenshot,
  seriousAccessibilityViolations,
  signInStaff,
  stackDatabase,
  staffAccessToken,
  type TStaffUser,
} from './harness';

/** Staff work on office PCs: the dashboard is laid out for a desktop screen. */
const DESKTOP = { width: 1280, height: 900 };

const run = randomBytes(4).toString('hex');
const TAG = `sv${run}`;
const COUNSELOR_NAME = `相談員 ${run}`;
/** A receipt number of our own (the alphabet has no 0/O/1/I). */
const RECEIPT = `RV${run.toUpperCase().replace(/[01]/g, 'Z')}`.slice(0, 8).padEnd(8, 'Q');
const CLOSED_RECEIPT = `${RECEIPT.slice(0, 4)}-${RECEIPT.slice(4)}`;

type TCase = { id: string; receiptNumber: string; version: number };
let supervisor: TStaffUser;
let counselor: TStaffUser;
const cases: TCase[] = [];

beforeAll(async () => {
  supervisor = await createStaffUser('supervisor', `sv-sup-${run}`, `監督者 ${run}`);
  counselor = await createStaffUser('counselor', `sv-cns-${run}`, COUNSELOR_NAME);
  const token = await staffAccessToken(supervisor);
  for (const n of [1, 2, 3]) {
    const created = await apiJson<{ case: TCase }>(
      'POST',
      '/cases',
      { channel: 'phone', description: `知らない番号から未納料金のSMSが届きました。(${run}-${n})` },
      token,
    );
    // A tag of this run, so the queue can show exactly these three.
    cases.push(
      await apiJson<TCase>(
        'PATCH',
        `/cases/${created.case.id}`,
        { version: created.case.version, tags: [TAG] },
        token,
      ),
    );
  }
  // Closed four weeks ago without any referral: the oldest in the review queue, so the first page shows it.
  const db = stackDatabase();
  try {
    await db.case.create({
      data: {
        receiptNumber: CLOSED_RECEIPT,
        accessCodeHash: 'not-a-real-hash',
        status: 'closed',
        urgency: 'normal',
        priority: 'normal',
        channel: 'phone',
        assigneeId: counselor.id,
        createdAt: new Date(Date.now() - 29 * 86_400_000),
        closedAt: new Date(Date.now() - 28 * 86_400_000),
      },
    });
  } finally {
    await db.$disconnect();
  }
});

afterAll(closeBrowser);

describe('supervision', () => {
  it('bulk-assigns three cases, shows the workload, and takes a reviewed case out of the review queue', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, supervisor, `/cases?tag=${TAG}`);

    // The queue: three rows, each with a labelled checkbox; tick them one by one.
    const rows = page.getByTestId('queue-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    for (const item of cases) {
      await page
        .getByRole('checkbox', {
          name: `受付番号 ${item.receiptNumber} を選択 / Select case ${item.receiptNumber}`,
        })
        .check();
    }
    await page.getByTestId('bulk-selected').getByText('3件を選択中').waitFor();
    expect(await page.getByRole('checkbox', { name: /このページの相談をすべて選択/ }).isChecked()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.locator('#bulk-assignee').selectOption({ label: COUNSELOR_NAME });
    await page.getByRole('button', { name: /担当を変更/ }).click();
    await page.getByTestId('bulk-result').getByText('3件を変更しました。').waitFor();
    // The queue shows the new assignee on all three, and the ticks are cleared.
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('[data-testid="queue-row"]')].filter((row) =>
          row.textContent?.includes(name),
        ).length === 3,
      COUNSELOR_NAME,
    );
    await page.getByTestId('bulk-selected').getByText('0件を選択中').waitFor();
    await screenshot(page, 'staff-queue-bulk-assigned');

    // A status the workflow refuses for these cases is reported per case, not as a failure of the whole batch.
    await page.getByRole('checkbox', { name: /このページの相談をすべて選択/ }).check();
    await page.locator('#bulk-status').selectOption('referred');
    await page.getByRole('button', { name: /状態を変更/ }).click();
    await page.getByTestId('bulk-refused').waitFor();
    expect(await page.getByTestId('bulk-refused').getByRole('listitem').count()).toBe(3);
    expect(await page.getByTestId('bulk-result').innerText()).toContain(
      '0件を変更しました。3件は変更できませんでした',
    );

    // The workload: the counselor holds the three open cases, all received today.
    await page.goto('/stats/workload');
    const row = page.getByTestId('workload-row').filter({ hasText: COUNSELOR_NAME });
    await row.waitFor();
    // Open, emergency, high, normal, low, <1 day, 1–7 days, >7 days, overdue follow-ups.
    const [open, ...rest] = (await row.getByRole('cell').allInnerTexts()).map((text) =>
      Number(text.replace(/\D+/g, '')),
    );
    const byUrgency = rest.slice(0, 4);
    expect({ open, urgencies: byUrgency.reduce((a, b) => a + b, 0), byAge: rest.slice(4) }).toEqual({
      open: 3,
      urgencies: 3,
      byAge: [3, 0, 0, 0],
    });
    const nav = page.getByRole('navigation', { name: /職員メニュー/ });
    expect(await nav.getByRole('link', { name: /担当状況/ }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: /^統計/ }).getAttribute('aria-current')).toBeNull();
    await screenshot(page, 'staff-workload');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The review queue lists the case closed without a referral; an "agree" review takes it out.
    await nav.getByRole('link', { name: /レビュー待ち/ }).click();
    await page.waitForURL(/\/stats\/reviews$/);
    await page.getByRole('link', { name: /紹介なしで終了/ }).click();
    await page.waitForURL(/reason=closed_without_referral/);
    const item = page.getByTestId('review-item').filter({ hasText: CLOSED_RECEIPT });
    await item.waitFor();
    expect(await item.getByRole('listitem').first().innerText()).toContain('紹介なしで終了');
    expect(await item.innerText()).toContain(COUNSELOR_NAME);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'staff-review-queue');

    // A concern needs a comment: refused in place, nothing recorded.
    await item.getByRole('radio', { name: /気になる点あり/ }).check();
    await item.getByRole('button', { name: /レビューを記録/ }).click();
    await item.locator('[aria-invalid="true"]').waitFor();
    await item.getByRole('textbox', { name: /コメント/ }).fill('紹介先を検討した記録を残してください');
    await item.getByRole('button', { name: /レビューを記録/ }).click();
    await page.getByTestId('review-done').getByText(CLOSED_RECEIPT, { exact: false }).waitFor();
    expect(await page.getByTestId('review-item').filter({ hasText: CLOSED_RECEIPT }).count()).toBe(0);
  });
});
