// Evidence on the counselor's case page (1280 px, office PCs): a counselor adds a PNG and a text file through
// the case page's form (a phone intake's files), sees them listed with size and SHA-256, unopenable while the
// virus scan is pending (and why); once clean the PNG's preview is pending until its copies are made, then its
// blurred thumb stays blurred until 「表示する」 loads the view copy, and the text file downloads
// with exactly the bytes whose hash the page shows (both openings audited). A refused file is named with the
// reason; without JavaScript the image stays hidden behind its download link and the form still uploads.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

import sharp from 'sharp';

import { formatFileSize } from '../../../packages/shared/src/file-size';

import {
  closeBrowser,
  contentWidth,
  newPage,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  stackDatabase,
} from './harness';
import { apiJson, createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

const DESKTOP = { width: 1280, height: 900 };
const run = randomBytes(4).toString('hex');

let counselor: TStaffUser;
let caseId: string;
let dir: string;

/** A real 16×16 PNG (one colour), so the browser can decode and draw it once shown. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const size = 16;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from('c0392b'.repeat(size), 'hex')]);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** As the page writes sizes (modules/evidence/format.ts). */

const PNG = png();
const TEXT = Buffer.from(`相手から届いたSMSの文面です。「至急連絡ください」(${run})\n`, 'utf8');
// A zip archive behind a PDF's name: the content decides, so it is refused.
const ZIP = Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.alloc(64)]);

beforeAll(async () => {
  counselor = await createStaffUser('counselor', `evidence-${run}`, `相談員 ${run}`);
  const created = await apiJson<{ receiptNumber: string }>('POST', '/intakes', {
    channel: 'web',
    description: `知らない番号から未納料金を払えというSMSが来ました。(${run})`,
    category: 'fictitious_billing',
    person: { age: 41, prefecture: '13' },
    contact: { preferred: 'phone', name: '佐藤', phone: '090-1234-5678' },
  });
  const db = stackDatabase();
  try {
    caseId = (
      await db.case.findUniqueOrThrow({
        where: { receiptNumber: created.receiptNumber },
        select: { id: true },
      })
    ).id;
  } finally {
    await db.$disconnect();
  }
  dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-evidence-'));
  await Promise.all([
    writeFile(path.join(dir, 'screenshot.png'), PNG),
    writeFile(path.join(dir, 'sms.txt'), TEXT),
    writeFile(path.join(dir, 'invoice.pdf'), ZIP),
  ]);
});

afterAll(async () => {
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

/**
 * The copies the preview job makes after a clean scan (the browser stack has no clamd, so the verdict is set in
 * the database and the job is never queued): WebP copies as the job encodes them, written to the stack's
 * filesystem store and recorded as the job records them (the job itself: apps/api/test/evidence-derived.e2e-spec.ts).
 */
async function madePreviews(fileId: string, original: Buffer): Promise<void> {
  const store = path.resolve(__dirname, '../../api', process.env.EVIDENCE_DIR ?? '.data/evidence');
  const db = stackDatabase();
  try {
    for (const kind of ['view', 'thumb'] as const) {
      const { data, info } = await sharp(original).webp().toBuffer({ resolveWithObject: true });
      await writeFile(path.join(store, caseId, `${fileId}.${kind}`), data);
      await db.evidenceDerivative.create({
        data: {
          fileId,
          kind,
          storageKey: `${caseId}/${fileId}.${kind}`,
          contentType: 'image/webp',
          sizeBytes: data.length,
          sha256: sha256(data),
          width: info.width,
          height: info.height,
        },
      });
    }
    await db.evidenceFile.update({ where: { id: fileId }, data: { previewState: 'ready' } });
  } finally {
    await db.$disconnect();
  }
}

describe('evidence on the case page', () => {
  it('uploads, lists, hides images until shown, and downloads exactly the bytes it hashed', async () => {
    const page = await newPage({ viewport: DESKTOP });
    const evidenceRequests: string[] = [];
    const previewRequests: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/\/api\/staff\/cases\/[^/]+\/evidence\/[^/]+$/.test(pathname)) {
        evidenceRequests.push(request.url());
      }
      if (/\/api\/staff\/cases\/[^/]+\/evidence\/[^/]+\/preview\/\w+$/.test(pathname)) {
        previewRequests.push(pathname.split('/').at(-1)!);
      }
    });
    await signInStaff(page, counselor, `/cases/${caseId}`);
    const section = page.locator('section[aria-labelledby="evidence-title"]');
    await section.getByText('証拠ファイルはありません。').waitFor();

    // The counselor adds two files at once (a phone intake's screenshots and messages, sent by e-mail).
    await section.getByText('証拠ファイルを追加').click();
    await section
      .getByLabel(/ファイルを選ぶ/)
      .setInputFiles([path.join(dir, 'screenshot.png'), path.join(dir, 'sms.txt')]);
    await section.getByRole('button', { name: /追加する/ }).click();
    await page.waitForURL((url) => url.searchParams.get('evidence') === 'added');
    expect(await section.getByRole('status').filter({ hasText: '追加しました' }).textContent()).toContain(
      '2件のファイルを追加しました',
    );

    const pngItem = section.locator('li.evidence-file', { hasText: 'screenshot.png' });
    const textItem = section.locator('li.evidence-file', { hasText: 'sms.txt' });
    expect(await pngItem.textContent()).toContain(formatFileSize(PNG.length));
    expect(await pngItem.textContent()).toContain('画像(PNG)');
    expect(await pngItem.locator('code').textContent()).toBe(sha256(PNG));
    expect(await textItem.textContent()).toContain(formatFileSize(TEXT.length));
    expect(await textItem.textContent()).toContain('テキスト');
    expect(await textItem.locator('code').textContent()).toBe(sha256(TEXT));

    // Not scanned yet: nothing to open, and the page says why. The browser stack starts no clamd (the API's
    // suite tests the scanner with its own test signatures), so the API reports no scanner configured.
    for (const item of [pngItem, textItem]) {
      expect(await item.textContent()).toContain('ウイルス検査待ち');
      expect(await item.getByRole('link', { name: /ダウンロード/ }).count()).toBe(0);
    }
    expect(await pngItem.getByRole('button', { name: /表示する/ }).count()).toBe(0);
    if (!process.env.CLAMD_ADDRESS) {
      await section.getByText(/Scanner not configured/).waitFor();
      expect(await textItem.textContent()).toContain(
        'ウイルス検査の仕組みが設定されていないため、開けません',
      );
    }
    // The file route refuses too (the API answers 409), as an error page rather than a saved file.
    const textId = (await textItem.getAttribute('data-testid'))!.replace('evidence-file-', '');
    const pngId = (await pngItem.getAttribute('data-testid'))!.replace('evidence-file-', '');
    const refused = await page.request.get(`/api/staff/cases/${caseId}/evidence/${textId}`);
    expect(refused.status()).toBe(409);
    expect(await refused.text()).toContain('ダウンロードできませんでした');
    evidenceRequests.length = 0;

    // The browser stack has no clamd, so the scan cannot make the files clean here: mark them clean in the
    // database as the scan job would (the scanning itself is covered by apps/api's evidence tests).
    const db = stackDatabase();
    try {
      await db.evidenceFile.updateMany({
        where: { caseId },
        data: { scanState: 'clean', scannedAt: new Date() },
      });
    } finally {
      await db.$disconnect();
    }
    await page.reload();
    // Clean, but the job that makes its preview copies (queued by the scan's verdict) has not run.
    await pngItem.getByText('プレビュー作成中').waitFor();
    expect(await pngItem.locator('img').count()).toBe(0);
    await madePreviews(pngId, PNG);
    await page.reload();

    // The original is not loaded: only its derived thumb, blurred, until asked for.
    const show = pngItem.getByRole('button', { name: /表示する/ });
    expect(await show.getAttribute('aria-pressed')).toBe('false');
    const thumb = pngItem.getByTestId(`evidence-thumb-${pngId}`);
    expect(await thumb.getAttribute('src')).toBe(
      `/api/staff/cases/${caseId}/evidence/${pngId}/preview/thumb`,
    );
    expect(await thumb.evaluate((element) => getComputedStyle(element).filter)).toMatch(/^blur\(/);
    await page.waitForFunction((id) => {
      const element = document.querySelector<HTMLImageElement>(`[data-testid="evidence-thumb-${id}"]`);
      return element !== null && element.complete && element.naturalWidth === 16;
    }, pngId);
    expect(evidenceRequests).toEqual([]);
    expect(previewRequests).toEqual(['thumb']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'evidence-staff-hidden-1280');

    await show.click();
    expect(await show.getAttribute('aria-pressed')).toBe('true');
    const image = pngItem.getByTestId(`evidence-image-${pngId}`);
    await page.waitForFunction((id) => {
      const element = document.querySelector<HTMLImageElement>(`[data-testid="evidence-image-${id}"]`);
      return element !== null && element.complete && element.naturalWidth === 16;
    }, pngId);
    expect(await image.evaluate((element) => getComputedStyle(element).filter)).toBe('none');
    expect(previewRequests).toEqual(['thumb', 'view']);
    // Pressed again, it is blurred again (without loading it again).
    await show.click();
    expect(await show.getAttribute('aria-pressed')).toBe('false');
    expect(await image.evaluate((element) => getComputedStyle(element).filter)).toMatch(/^blur\(/);
    expect(previewRequests).toEqual(['thumb', 'view']);
    expect(evidenceRequests).toEqual([]);

    const shownHash = await textItem.locator('code').textContent();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      textItem.getByRole('link', { name: /ダウンロード/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('sms.txt');
    const bytes = await readFile((await download.path())!);
    expect(sha256(bytes)).toBe(shownHash);
    expect(bytes.equals(TEXT)).toBe(true);

    // The API recorded both openings: the image shown (its view copy) and the file downloaded.
    const audit = stackDatabase();
    try {
      const opened = await audit.auditLog.findMany({
        where: { caseId, action: { in: ['evidence.download', 'evidence.preview'] } },
        select: { action: true, entityId: true, actorId: true },
      });
      expect(opened.map((row) => `${row.action} ${row.entityId}`).sort()).toEqual(
        [`evidence.download ${textId}`, `evidence.preview ${pngId}`].sort(),
      );
      expect(new Set(opened.map((row) => row.actorId))).toEqual(new Set([counselor.id]));
    } finally {
      await audit.$disconnect();
    }

    // A hash is 64 characters without a break: on a phone it wraps instead of widening the page.
    await page.setViewportSize(PHONE);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);

    // A refused file: named, with the reason, and nothing kept.
    await section.getByText('証拠ファイルを追加').click();
    await section.getByLabel(/ファイルを選ぶ/).setInputFiles(path.join(dir, 'invoice.pdf'));
    await section.getByRole('button', { name: /追加する/ }).click();
    await page.waitForURL((url) => url.searchParams.get('evidence') === 'refused');
    const alert = await section.getByRole('alert').textContent();
    expect(alert).toContain('「invoice.pdf」は受け付けられない形式です');
    expect(alert).toContain('"invoice.pdf" is not an accepted format');
    expect(await section.locator('li.evidence-file').count()).toBe(2);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Without JavaScript (the same session): the image stays a blurred thumb with its download link, no dead
    // button, and the form still uploads.
    const plain = await newPage({ viewport: DESKTOP, javaScriptEnabled: false });
    await plain.context().addCookies(await page.context().cookies());
    await plain.goto(`/cases/${caseId}`);
    const plainSection = plain.locator('section[aria-labelledby="evidence-title"]');
    const plainPng = plainSection.locator('li.evidence-file', { hasText: 'screenshot.png' });
    expect(await plainPng.getByRole('button', { name: /表示する/ }).count()).toBe(0);
    expect(await plainPng.locator('img').getAttribute('class')).toContain('evidence-image--blurred');
    await plainPng.getByText('画像はぼかしてあります').waitFor();
    expect(await plainPng.getByRole('link', { name: /ダウンロード/ }).getAttribute('href')).toBe(
      `/api/staff/cases/${caseId}/evidence/${pngId}`,
    );
    await plainSection.getByText('証拠ファイルを追加').click();
    await plainSection.getByLabel(/ファイルを選ぶ/).setInputFiles({
      name: 'note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`電話で聞き取ったメモ(${run})\n`),
    });
    await plainSection.getByRole('button', { name: /追加する/ }).click();
    await plain.waitForURL((url) => url.searchParams.get('evidence') === 'added');
    expect(
      await plainSection.getByRole('status').filter({ hasText: '追加しました' }).textContent(),
    ).toContain('1件のファイルを追加しました');
    await plainSection.locator('li.evidence-file', { hasText: 'note.txt' }).waitFor();
  });

  it('refuses an upload posted from another site', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, counselor, `/cases/${caseId}`);
    const db = stackDatabase();
    const before = await db.evidenceFile.count({ where: { caseId } });
    const response = await page.request.post(`/api/staff/cases/${caseId}/evidence`, {
      headers: { origin: 'https://evil.example' },
      multipart: { file: { name: 'a.txt', mimeType: 'text/plain', buffer: TEXT } },
      maxRedirects: 0,
    });
    try {
      expect(response.status()).toBe(403);
      expect(await db.evidenceFile.count({ where: { caseId } })).toBe(before);
    } finally {
      await db.$disconnect();
    }
  });
});
