// The register of personal-information files (個人情報ファイル簿) in a real browser: an admin reaches it from the
// menu, reads the entries and the recipients, saves the purpose of use, and the page passes axe.
import { randomBytes } from 'node:crypto';

import { closeBrowser, newPage, screenshot, seriousAccessibilityViolations } from './harness';
import { createStaffUser, signInStaff, type TStaffUser } from './harness/staff';

/** Staff work on office PCs: the dashboard is laid out for a desktop screen. */
const DESKTOP = { width: 1280, height: 900 };

const run = randomBytes(4).toString('hex');
let admin: TStaffUser;

beforeAll(async () => {
  admin = await createStaffUser('admin', `privacy-ad-${run}`, `管理者 ${run}`);
});

afterAll(closeBrowser);

describe('privacy register page', () => {
  it('an admin opens the register from the menu, reads it, and saves the purpose of use', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await signInStaff(page, admin, '/cases');
    await page
      .getByRole('link', { name: /個人情報ファイル簿/ })
      .first()
      .click();
    await page.waitForURL(/\/admin\/privacy$/);
    await page.getByRole('heading', { level: 1, name: /個人情報ファイル簿/ }).waitFor();
    await page.getByRole('heading', { name: /経常的提供先/ }).waitFor();
    // The recipients are the windows directory (seeded), each with its referral counts.
    expect(await page.getByRole('table').nth(1).getByRole('row').count()).toBeGreaterThan(1);
    expect(await page.getByRole('link', { name: /CSV に書き出す/ }).getAttribute('href')).toBe(
      '/api/staff/privacy/register',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const purpose = `相談への助言と同意を得た紹介のため ${run}`;
    await page.getByRole('textbox', { name: /利用目的/ }).fill(purpose);
    await page.getByRole('button', { name: /保存 \/ Save/ }).click();
    await page.getByText('個人情報ファイル簿を保存しました').waitFor();
    await page.reload();
    await page.getByRole('cell', { name: purpose }).waitFor();
    await screenshot(page, 'staff-privacy-register');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
