// Supervision in a real browser: a supervisor looks up who touched a case by the receipt number the person
// quotes on the phone, reads the log in words instead of action codes, and takes the filtered log away as CSV.
// The statistics charts are read at a legible size.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import type { Page } from 'playwright-core';

import { closeBrowser, newPage, screenshot, seriousAccessibilityViolations, stackDatabase } from './harness';
import { createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

/** Staff work on office PCs: the dashboard is laid out for a desktop screen. */
const DESKTOP = { width: 1280, height: 900 };

const run = randomBytes(4).toString('hex');
let supervisor: TStaffUser;
const COUNSELOR_NAME = `相談員 ${run}`;
/** A receipt number of our own (the alphabet has no 0/O/1/I). */
const RECEIPT = `AU${run.toUpperCase().replace(/[01]/g, 'Z')}`.slice(0, 8).padEnd(8, 'Q');
const RECEIPT_PRINTED = `${RECEIPT.slice(0, 4)}-${RECEIPT.slice(4)}`;

beforeAll(async () => {
  supervisor = await createStaffUser('supervisor', `audit-sv-${run}`, `監督者 ${run}`);
  const db = stackDatabase();
  try {
    const counselor = await db.user.create({
      data: {
        email: `audit-sodan-${run}@staff-e2e.test`,
        displayName: COUNSELOR_NAME,
        role: 'counselor',
        passwordHash: 'not-a-real-hash',
      },
    });
    const found = await db.case.create({
      data: {
        receiptNumber: RECEIPT_PRINTED,
        accessCodeHash: 'not-a-real-hash',
        urgency: 'normal',
        priority: 'normal',
        channel: 'phone',
      },
    });
    // What the API writes when a counselor records and then opens the case; another case's row must not show.
    const other = await db.case.create({
      data: {
        receiptNumber: `${RECEIPT_PRINTED.slice(0, 5)}ZZZZ`,
        accessCodeHash: 'not-a-real-hash',
        urgency: 'normal',
        priority: 'normal',
        channel: 'web',
      },
    });
    for (const [action, caseId] of [
      ['case.create', found.id],
      ['case.read', found.id],
      ['case.note_add', other.id],
    ] as const) {
      await db.auditLog.create({
        data: {
          action,
          entity: 'case',
          entityId: caseId,
          caseId,
          actorId: counselor.id,
          actorRole: 'counselor',
          ip: '192.0.2.20',
        },
      });
    }
  } finally {
    await db.$disconnect();
  }
});

afterAll(closeBrowser);

async function signInAsSupervisor(path: string): Promise<Page> {
  const page = await newPage({ viewport: DESKTOP });
  await signInStaff(page, supervisor, path);
  return page;
}

describe('audit log page', () => {
  it('a supervisor finds a case’s rows by its receipt number, reads them as words, and exports them', async () => {
    const page = await signInAsSupervisor('/admin/audit');
    await page.waitForURL(/\/admin\/audit$/);
    // Typed as read out over the phone: lower case, no hyphen.
    await page.getByRole('textbox', { name: /受付番号または相談ID/ }).fill(RECEIPT.toLowerCase());
    await page.getByRole('button', { name: /絞り込む/ }).click();
    await page.waitForURL(/caseRef=/);

    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(3); // the header and the case's two rows
    const actions = await page.getByRole('table').getByRole('rowheader').allInnerTexts();
    expect(actions.map((text) => text.split('\n')[0])).toEqual(['相談を閲覧した', '相談を登録した']);
    expect(actions[0]).toContain('Viewed a case');
    expect(await page.getByRole('table').getByRole('link', { name: RECEIPT_PRINTED }).count()).toBe(2);
    expect(await page.getByRole('table').getByText(COUNSELOR_NAME).count()).toBe(2);
    await screenshot(page, 'staff-audit-log');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /CSV に書き出す/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await readFile((await download.path())!);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日時(日本時間),操作した人,操作コード,操作,受付番号,対象,IPアドレス');
    // The supervisor's own look at this case's log is on it too, newest first.
    expect(lines.slice(1).map((line) => line.split(',').slice(1, 5))).toEqual([
      [`監督者 ${run}`, 'audit.read', '監査ログを閲覧した', RECEIPT_PRINTED],
      [COUNSELOR_NAME, 'case.read', '相談を閲覧した', RECEIPT_PRINTED],
      [COUNSELOR_NAME, 'case.create', '相談を登録した', RECEIPT_PRINTED],
    ]);
  });

  it('says what is wrong with a receipt number that cannot be one, next to the field', async () => {
    const page = await signInAsSupervisor('/admin/audit?caseRef=K7QP-0000');
    await page.waitForURL(/\/admin\/audit\?caseRef=/);
    const field = page.getByRole('textbox', { name: /受付番号または相談ID/ });
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('受付番号(例: K7QP-4MZT)か相談IDを入れてください').first().waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});

describe('statistics charts', () => {
  it('print their labels at 13 px or more on screen', async () => {
    const page = await signInAsSupervisor('/stats');
    await page.waitForURL(/\/stats$/);
    const chart = page.getByTestId('chart-urgency');
    await chart.waitFor();
    // The size as drawn: the font size times whatever scale the SVG is drawn at.
    const sizes = await chart.locator('svg text').evaluateAll((texts) =>
      texts.map((text) => {
        const svg = (text as SVGTextElement).ownerSVGElement!;
        return parseFloat(getComputedStyle(text).fontSize) * (svg.getScreenCTM()?.a ?? 1);
      }),
    );
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(13);
  });
});
