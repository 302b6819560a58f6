// Requests from the person (開示・訂正・利用停止, issue 17 item 3), in the browser: on the status page, without
// JavaScript, the person downloads their data (JSON and PDF; the counselor's internal note is in neither) and asks
// for deletion; the counselor completes the request on the case page; the person's status page then says the
// data was deleted. With JavaScript, the section passes axe.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import type { Page } from 'playwright-core';

import {
  clientAddressHeader,
  closeBrowser,
  contentWidth,
  newPage,
  openStatus,
  pdfText,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  stackDatabase,
} from './harness';
import { createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

const run = randomBytes(4).toString('hex');
const DESCRIPTION = `副業サイトに登録したら、登録料を払うように何度も言われています (${run})`;
const NAME = `山本さくら${run}`;
const NOTE = `内部メモ ${run}: 家族には知られたくないとのこと`;
const DESK_MESSAGE = `やりとりの画面を保存しておいてください (${run})`;
const DESKTOP = { width: 1280, height: 900 };

let counselor: TStaffUser;

beforeAll(async () => {
  counselor = await createStaffUser('counselor', `person-requests-${run}`, `相談員 ${run}`);
});

afterAll(closeBrowser);

/** A consultation from the public form with contact details, assigned, with a note and a public message. */
async function consultation(): Promise<{ id: string; receiptNumber: string; accessCode: string }> {
  const response = await fetch(`${process.env.E2E_API_URL}/api/v1/intakes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...clientAddressHeader() },
    body: JSON.stringify({
      channel: 'web',
      description: DESCRIPTION,
      contact: { preferred: 'email', name: NAME, email: `sakura-${run}@example.jp` },
    }),
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
      data: { status: 'in_progress', assigneeId: counselor.id },
      select: { id: true },
    });
    await db.caseEvent.createMany({
      data: [
        { caseId: row.id, kind: 'note', actorId: counselor.id, data: { body: NOTE } },
        {
          caseId: row.id,
          kind: 'public_message',
          public: true,
          actorId: counselor.id,
          data: { body: DESK_MESSAGE },
        },
      ],
    });
    return { id: row.id, receiptNumber, accessCode };
  } finally {
    await db.$disconnect();
  }
}

async function download(page: Page, name: RegExp): Promise<{ filename: string; body: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  return { filename: file.suggestedFilename(), body: await readFile((await file.path())!) };
}

describe('the person’s data and requests', () => {
  it('without JavaScript: download, ask for deletion; the counselor completes it; the status page says it was deleted', async () => {
    const c = await consultation();
    const page = await newPage({ javaScriptEnabled: false });
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await openStatus(page, c.receiptNumber, c.accessCode);
    const section = page.getByRole('region', { name: /あなたのデータ/ });
    await section.waitFor();

    const json = await download(page, /JSON.*でダウンロード/);
    expect(json.filename).toBe(`madoguchi-${c.receiptNumber}.json`);
    const data = JSON.parse(json.body.toString('utf8')) as {
      receiptNumber: string;
      submitted: { description: string; contact: { name: string } } | null;
      conversation: { from: string; body: string }[];
    };
    expect(data.receiptNumber).toBe(c.receiptNumber);
    expect(data.submitted?.description).toBe(DESCRIPTION);
    expect(data.submitted?.contact.name).toBe(NAME);
    expect(data.conversation.map((entry) => entry.body)).toEqual([DESK_MESSAGE]);
    expect(json.body.toString('utf8')).not.toContain(NOTE);

    const pdf = await download(page, /PDFでダウンロード/);
    expect(pdf.filename).toBe(`madoguchi-${c.receiptNumber}.pdf`);
    const text = await pdfText(pdf.body);
    expect(text).toContain(c.receiptNumber);
    expect(text).toContain(NAME);
    expect(text).not.toContain(run + ': 家族');
    expect(text).not.toContain('家族には知られたくない');
    // Still on the status page: the files were saved, nothing navigated away.
    await section.waitFor();

    // The deletion request, with its warning and an optional reason.
    const deletion = page.getByRole('region', { name: /データの利用停止・削除をお願いする/ });
    await deletion.getByText(/元にもどせません/).waitFor();
    await deletion
      .getByRole('textbox', { name: /理由/ })
      .fill('家族と共用のスマホなので、記録を残したくありません。');
    await deletion.getByRole('button', { name: /利用停止・削除をお願いする/ }).click();
    await page.getByRole('status').filter({ hasText: '請求を受け付けました' }).waitFor();
    const listed = page.getByTestId('person-request');
    await listed
      .filter({ hasText: '利用停止・削除' })
      .filter({ hasText: '受け付けました(確認中)' })
      .waitFor();
    // One deletion at a time: its form is gone while the request waits.
    expect(await page.getByRole('region', { name: /データの利用停止・削除をお願いする/ }).count()).toBe(0);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'status-person-request-sent');

    // The access code travelled in POST bodies only.
    const code = c.accessCode.replace('-', '');
    for (const url of [...urls, page.url()]) {
      expect(url.replace(/-/g, '')).not.toContain(code);
    }

    // The counselor sees the waiting request on the case page and completes it.
    const staff = await newPage({ viewport: DESKTOP });
    await signInStaff(staff, counselor, `/cases/${c.id}`);
    const requests = staff.getByRole('region', { name: /ご本人からの請求/ });
    const item = requests.getByTestId('person-request');
    await item.getByText('家族と共用のスマホなので、記録を残したくありません。').waitFor();
    expect(await item.textContent()).toContain('受け付けました(確認中)');
    await item.locator('summary').filter({ hasText: '対応済みにする' }).click();
    await item.getByText(/元に戻せない形で削除します/).waitFor();
    await item.getByRole('button', { name: /削除して対応済みにする/ }).click();
    await staff
      .getByRole('region', { name: /ご本人からの請求/ })
      .getByTestId('person-request')
      .filter({ hasText: '対応しました' })
      .waitFor();
    await screenshot(staff, 'case-person-request-completed');

    const db = stackDatabase();
    try {
      const row = await db.case.findUniqueOrThrow({
        where: { id: c.id },
        select: { shreddedAt: true, intake: { select: { description: true, contact: true } } },
      });
      expect(row.shreddedAt).not.toBeNull();
      expect(row.intake?.description).toBe('');
      expect(row.intake?.contact).toBeNull();
    } finally {
      await db.$disconnect();
    }

    // The person looks again: the page says the data was deleted, and the request is done.
    await openStatus(page, c.receiptNumber, c.accessCode);
    const notice = page.getByTestId('data-deleted');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('削除しました');
    expect(await notice.textContent()).toContain('was deleted');
    await page.getByTestId('person-request').filter({ hasText: '対応しました' }).waitFor();
    expect(await page.getByRole('region', { name: /内容の訂正をお願いする/ }).count()).toBe(0);
    await screenshot(page, 'status-person-data-deleted');
  });

  it('with JavaScript: a correction without text is named at the top (focused) and at the box; the section passes axe', async () => {
    const c = await consultation();
    const page = await newPage();
    await openStatus(page, c.receiptNumber, c.accessCode);
    const correction = page.getByRole('region', { name: /内容の訂正をお願いする/ });
    await correction.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await correction.getByRole('button', { name: /訂正をお願いする/ }).click();
    const summary = page.getByRole('alert').filter({ hasText: '請求を送れませんでした' });
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert');
    expect(await summary.getByRole('link', { name: /どこが違っていて/ }).getAttribute('href')).toBe(
      '#person-request-correction-text',
    );
    const box = page.getByRole('textbox', { name: /どこが違っていて/ });
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await box.fill('連絡先のメールアドレスが一文字違っていました。');
    await page.getByRole('button', { name: /訂正をお願いする/ }).click();
    await page.getByRole('status').filter({ hasText: '請求を受け付けました' }).waitFor();
    await page.getByTestId('person-request').filter({ hasText: '訂正' }).waitFor();
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});
