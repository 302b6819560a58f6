// The person answers the desk from the status page, without JavaScript (a plain form POST): the reply shows in
// the conversation under "you", the case waiting for them is back in progress, and the counselor's case page
// shows it as the person's reply. With JavaScript: the same page passes axe, and an empty reply is named at
// the top (focused) and at the box.
import { randomBytes } from 'node:crypto';

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
import { createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

const run = randomBytes(4).toString('hex');
const DESK_MESSAGE = `お手元のSMSの画面を、消さずに残しておいてください。(${run})`;
const REPLY = `今日もまた同じ番号からSMSが来ました。画面は残してあります。(${run})`;

let counselor: TStaffUser;

beforeAll(async () => {
  counselor = await createStaffUser('counselor', `reply-${run}`, `相談員 ${run}`);
});

afterAll(closeBrowser);

/** A consultation from the public form, assigned to the counselor, who asked the person a question. */
async function awaitingCase(): Promise<{ id: string; receiptNumber: string; accessCode: string }> {
  const response = await fetch(`${process.env.E2E_API_URL}/api/v1/intakes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...clientAddressHeader() },
    body: JSON.stringify({ channel: 'web', description: `未納料金のSMSが何度も届きます (${run})` }),
  });
  expect(response.status).toBe(201);
  const { receiptNumber, accessCode } = (await response.json()) as {
    receiptNumber: string;
    accessCode: string;
  };
  const db = stackDatabase();
  try {
    const row = await db.case.update({
      where: { receiptNumber },
      data: { status: 'awaiting_client', assigneeId: counselor.id },
      select: { id: true },
    });
    await db.caseEvent.create({
      data: {
        caseId: row.id,
        kind: 'public_message',
        public: true,
        actorId: counselor.id,
        data: { body: DESK_MESSAGE },
      },
    });
    return { id: row.id, receiptNumber, accessCode };
  } finally {
    await db.$disconnect();
  }
}

describe('replying from the status page', () => {
  it('without JavaScript: the person replies, sees it in the conversation, and the counselor sees it', async () => {
    const c = await awaitingCase();
    const page = await newPage({ javaScriptEnabled: false });
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));

    await openStatus(page, c.receiptNumber, c.accessCode);
    expect(await page.getByTestId('status-label').textContent()).toContain('相談者の返事待ち');
    const conversation = page.getByRole('region', { name: /相談員とのやりとり/ });
    await conversation.getByText(DESK_MESSAGE).waitFor();

    // An empty reply is refused by the server, named at the top and at the box.
    await page.getByRole('button', { name: /返信を送る/ }).click();
    const summary = page.getByRole('alert').filter({ hasText: '返信を送れませんでした' });
    await summary.waitFor();
    expect(await summary.getByRole('link', { name: /相談員への返信/ }).getAttribute('href')).toBe(
      '#field-body',
    );
    const box = page.getByRole('textbox', { name: /相談員への返信/ });
    expect(await box.getAttribute('aria-invalid')).toBe('true');

    await box.fill(REPLY);
    await page.getByRole('button', { name: /返信を送る/ }).click();
    await page.getByRole('status').filter({ hasText: '返信を送りました' }).waitFor();
    const mine = page.getByRole('listitem').filter({ hasText: REPLY });
    await mine.waitFor();
    expect(await mine.textContent()).toMatch(/あなた/);
    // Oldest first: the desk's message, then the reply.
    const items = await page
      .getByRole('region', { name: /相談員とのやりとり/ })
      .getByRole('listitem')
      .allTextContents();
    expect(items.findIndex((text) => text.includes(DESK_MESSAGE))).toBeLessThan(
      items.findIndex((text) => text.includes(REPLY)),
    );
    expect(await page.getByTestId('status-label').textContent()).toContain('対応中');
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'status-reply-nojs-sent');

    // The access code travelled in POST bodies only.
    const code = c.accessCode.replace('-', '');
    for (const url of [...urls, page.url()]) {
      expect(url.replace(/-/g, '')).not.toContain(code);
    }

    const db = stackDatabase();
    try {
      const row = await db.case.findUniqueOrThrow({ where: { id: c.id }, select: { status: true } });
      expect(row.status).toBe('in_progress');
      expect(await db.caseEvent.count({ where: { caseId: c.id, kind: 'person_reply' } })).toBe(1);
    } finally {
      await db.$disconnect();
    }

    const staff = await newPage({ viewport: { width: 1280, height: 900 } });
    await signInStaff(staff, counselor, `/cases/${c.id}`);
    const entry = staff.locator('.timeline__item--person_reply');
    await entry.getByText(REPLY).waitFor();
    expect(await entry.textContent()).toContain('ご本人からの返信');
    expect(await entry.textContent()).toContain('Reply from the person');
    await screenshot(staff, 'case-timeline-person-reply');
  });

  it('a child who consulted reads the page with furigana; the toggle turns it off and on, without JavaScript', async () => {
    const response = await fetch(`${process.env.E2E_API_URL}/api/v1/intakes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clientAddressHeader() },
      body: JSON.stringify({
        channel: 'web',
        description: `クラスのグループで悪口を書かれています (${run})`,
        person: { age: 11 },
      }),
    });
    const { receiptNumber, accessCode } = (await response.json()) as {
      receiptNumber: string;
      accessCode: string;
    };
    const page = await newPage({ javaScriptEnabled: false });
    await openStatus(page, receiptNumber, accessCode);
    const title = page.getByRole('heading', { level: 1 });
    const readings = () => title.locator('rt').allTextContents();
    expect(await readings()).toEqual(['そうだん', 'じょうきょう']);
    expect(await page.getByTestId('status-label').locator('rt').count()).toBeGreaterThan(0);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'status-furigana');

    const toggle = page.getByRole('button', { name: /ふりがなをつける/ });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    await page.getByRole('button', { name: /ふりがなをつける/, pressed: false }).waitFor();
    expect(await readings()).toEqual([]);
    await page.getByRole('button', { name: /ふりがなをつける/ }).click();
    await page.getByRole('button', { name: /ふりがなをつける/, pressed: true }).waitFor();
    expect(await readings()).toEqual(['そうだん', 'じょうきょう']);
  });

  it('with JavaScript: an adult turns furigana on, and the page passes axe with it', async () => {
    const c = await awaitingCase();
    const page = await newPage();
    await openStatus(page, c.receiptNumber, c.accessCode);
    const title = page.getByRole('heading', { level: 1 });
    expect(await title.locator('rt').count()).toBe(0);
    await page.getByRole('button', { name: /ふりがなをつける/, pressed: false }).click();
    await page.getByRole('button', { name: /ふりがなをつける/, pressed: true }).waitFor();
    expect(await title.locator('rt').allTextContents()).toEqual(['そうだん', 'じょうきょう']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('with JavaScript: the conversation and the form pass axe; an empty reply moves focus to the summary', async () => {
    const c = await awaitingCase();
    const page = await newPage();
    await openStatus(page, c.receiptNumber, c.accessCode);
    await page.getByRole('textbox', { name: /相談員への返信/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /返信を送る/ }).click();
    const summary = page.getByRole('alert').filter({ hasText: '返信を送れませんでした' });
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('textbox', { name: /相談員への返信/ }).fill(REPLY);
    await page.getByRole('button', { name: /返信を送る/ }).click();
    const sent = page.getByRole('status').filter({ hasText: '返信を送りました' });
    await sent.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
    await page.getByRole('listitem').filter({ hasText: REPLY }).waitFor();
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});
