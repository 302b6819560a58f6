// Staff accounts in a real browser against the real stack: an admin creates a counselor, who signs in
// with the temporary password, must change it, must enrol TOTP with the enrolment code, keeps the
// recovery codes and reaches the dashboard; every role finds its account in the header; an admin sees
// and clears the back-off and sets the per-role two-factor policy.
import { randomBytes } from 'node:crypto';

import type { Page } from 'playwright-core';

import { hashPassword } from '../../../packages/db/src/password';
import {
  closeBrowser,
  contentWidth,
  newPage,
  newTotpSecret,
  nextTotp,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  stackDatabase,
} from './harness';

const DESKTOP = { width: 1280, height: 900 };

const run = randomBytes(4).toString('hex');
const ADMIN = {
  email: `account-admin-${run}@staff-e2e.test`,
  password: `Adm1n-${run}-account-phrase`,
  secret: newTotpSecret(),
};
const SUPERVISOR = {
  email: `account-sv-${run}@staff-e2e.test`,
  password: `Kanri-${run}-account-phrase`,
  secret: newTotpSecret(),
};
type TEnrolled = typeof ADMIN;

function apiUrl(path: string): string {
  const base = process.env.E2E_API_URL;
  if (!base) {
    throw new Error('E2E_API_URL is not set: run through jest -c jest.e2e.config.js');
  }
  return `${base}/api/v1${path}`;
}

/** Password, then the code from the app. */
async function signIn(page: Page, user: TEnrolled, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForURL(/\/login\?/);
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill(user.email);
  await page.getByLabel(/パスワード/).fill(user.password);
  await page.getByRole('button', { name: /ログイン/ }).click();
  await page.getByRole('textbox', { name: /確認コード/ }).fill(await nextTotp(user.secret));
  await page.getByRole('button', { name: /確認してログイン/ }).click();
}

function acceptDialogs(page: Page): void {
  page.on('dialog', (dialog) => void dialog.accept());
}

beforeAll(async () => {
  const db = stackDatabase();
  try {
    for (const [user, role] of [
      [ADMIN, 'admin'],
      [SUPERVISOR, 'supervisor'],
    ] as const) {
      await db.user.create({
        data: {
          email: user.email,
          displayName: `${role} ${run}`,
          role,
          passwordHash: await hashPassword(user.password),
          totpSecret: user.secret,
          totpEnabled: true,
        },
      });
    }
  } finally {
    await db.$disconnect();
  }
});

afterAll(closeBrowser);

describe('staff accounts', () => {
  it('a new counselor changes the temporary password and enrols TOTP with the enrolment code at the first sign-in', async () => {
    // The admin adds the counselor and is shown, once, what to hand over.
    const admin = await newPage({ viewport: DESKTOP });
    await signIn(admin, ADMIN, '/admin/users');
    await admin.waitForURL(/\/admin\/users$/);
    const counselorEmail = `new-counselor-${run}@staff-e2e.test`;
    const create = admin.getByRole('form', { name: /職員を追加/ });
    await create.getByRole('textbox', { name: /表示名/ }).fill(`新人相談員 ${run}`);
    await create.getByRole('textbox', { name: /メールアドレス/ }).fill(counselorEmail);
    await create.getByRole('combobox', { name: /役割/ }).selectOption('counselor');
    await create.getByRole('button', { name: /追加して/ }).click();
    const handover = admin.getByRole('region', { name: /本人に渡すもの/ });
    await handover.waitFor();
    const temporaryPassword = (await handover.getByTestId('temporary-password').textContent())!;
    const enrolmentCode = (await handover.getByTestId('enrolment-code').textContent())!;
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    expect(enrolmentCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await handover.textContent()).toContain('別々の方法で');
    expect(await handover.textContent()).toMatch(/有効期限: .+(日本時間)/);
    await screenshot(admin, 'staff-users-handover');
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);

    // The counselor signs in with the temporary password, on a phone-sized screen.
    const page = await newPage({ viewport: PHONE });
    await page.goto('/cases');
    await page.waitForURL(/\/login\?/);
    await page.getByRole('textbox', { name: /メールアドレス/ }).fill(counselorEmail);
    await page.getByLabel(/パスワード/).fill(temporaryPassword);
    await page.getByRole('button', { name: /ログイン/ }).click();

    // Step 1: only the password change (and a sign-out), whatever page is asked for.
    await page.waitForURL(/\/account\/password$/);
    await page.getByRole('heading', { level: 1, name: /パスワードの変更/ }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.getByRole('button', { name: /ログアウト/ }).waitFor();
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'staff-forced-password');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto('/cases');
    await page.waitForURL(/\/account\/password$/);

    const newPassword = `Shin-${run}-kotoba-no-pasu`;
    const form = page.getByRole('form', { name: /パスワードの変更/ });
    await form.getByLabel(/仮パスワード/).fill(temporaryPassword);
    await form.getByLabel(/^新しいパスワード \//).fill(newPassword);
    await form.getByLabel(/新しいパスワード.確認/).fill(`${newPassword}-typo`);
    await form.getByRole('button', { name: /パスワードを変更する/ }).click();
    await form.getByRole('alert').filter({ hasText: '一致しません' }).waitFor();
    await form.getByLabel(/新しいパスワード.確認/).fill(newPassword);
    await form.getByRole('button', { name: /パスワードを変更する/ }).click();

    // Step 2: only the enrolment, which needs the enrolment code.
    await page.waitForURL(/\/login\/enrol\?passwordChanged=1$/);
    await page.getByRole('status').filter({ hasText: 'パスワードを変更しました' }).waitFor();
    await page.goto('/account');
    await page.waitForURL(/\/login\/enrol$/);
    await page.getByRole('button', { name: /登録をはじめる/ }).click();
    await page.getByRole('alert').filter({ hasText: '登録コード' }).waitFor();
    expect(await page.getByRole('textbox', { name: /登録コード/ }).getAttribute('aria-invalid')).toBe('true');
    // Typed in lower case, as people do.
    await page.getByRole('textbox', { name: /登録コード/ }).fill(enrolmentCode.toLowerCase());
    await page.getByRole('button', { name: /登録をはじめる/ }).click();

    const qr = page.getByRole('img', { name: /QRコード/ });
    await qr.waitFor();
    expect(await qr.locator('path').count()).toBe(1);
    const secretText = page.getByTestId('totp-secret');
    const secret = (await secretText.getAttribute('data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect((await secretText.textContent())!.replace(/\s/g, '')).toBe(secret.replace(/=+$/, ''));
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'staff-enrol-totp');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('textbox', { name: /確認コード/ }).fill(await nextTotp(secret));
    await page.getByRole('button', { name: /登録を完了する/ }).click();
    await page.getByRole('heading', { name: /回復コード/ }).waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await screenshot(page, 'staff-recovery-codes');
    await page.getByRole('checkbox', { name: /回復コードを保管しました/ }).check();
    await page.getByRole('button', { name: /ダッシュボードへ進む/ }).click();
    await page.waitForURL(/\/cases$/);

    // The account, from the header menu: two-factor on, ten recovery codes, and no way to turn it off
    // (required for counselors by default).
    await page.getByRole('link', { name: /アカウント/ }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { level: 1, name: /アカウント/ }).waitFor();
    const twoFactor = page.getByRole('region', { name: /二要素認証/ });
    await twoFactor.getByText('登録済み').waitFor();
    expect(await twoFactor.getByTestId('recovery-codes-left').textContent()).toBe('10');
    expect(await twoFactor.getByRole('button', { name: /解除/ }).count()).toBe(0);
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'staff-account');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The new password and the app's code sign in from now on.
    const later = await newPage({ viewport: DESKTOP });
    await signIn(later, { email: counselorEmail, password: newPassword, secret }, '/cases');
    await later.waitForURL(/\/cases$/);
  });

  it('every role reaches its account from the header menu', async () => {
    for (const [user, role] of [
      [ADMIN, 'admin'],
      [SUPERVISOR, 'supervisor'],
    ] as const) {
      const page = await newPage({ viewport: PHONE });
      await signIn(page, user, '/cases');
      await page.waitForURL(/\/cases$/);
      const link = page.getByRole('banner').getByRole('link', { name: /アカウント/ });
      expect(await link.isVisible()).toBe(true);
      await link.click();
      await page.waitForURL(/\/account$/);
      await page.getByText(`${role} ${run}`).first().waitFor();
      expect(await link.getAttribute('aria-current')).toBe('page');
      await page.getByRole('form', { name: /パスワードの変更/ }).waitFor();
    }
  });

  it('says an expired temporary password needs a new one from an administrator', async () => {
    const email = `expired-${run}@staff-e2e.test`;
    const password = `Kari-${run}-expired-pass`;
    const db = stackDatabase();
    try {
      await db.user.create({
        data: {
          email,
          displayName: `expired ${run}`,
          role: 'counselor',
          passwordHash: await hashPassword(password),
          passwordTemporaryUntil: new Date(Date.now() - 60_000),
        },
      });
    } finally {
      await db.$disconnect();
    }
    const page = await newPage({ viewport: PHONE });
    await page.goto('/login');
    await page.getByRole('textbox', { name: /メールアドレス/ }).fill(email);
    await page.getByLabel(/パスワード/).fill(password);
    await page.getByRole('button', { name: /ログイン/ }).click();
    await page.getByRole('alert').filter({ hasText: '仮パスワードの有効期限が切れています' }).waitFor();
    expect(page.url()).toMatch(/\/login$/);
  });

  it('an admin sees the back-off after failed sign-ins and clears it, and sets the two-factor policy per role', async () => {
    const typed = `nobody-${run}@staff-e2e.test`;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(apiUrl('/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: typed, password: 'not the password at all' }),
      });
      expect(response.status).toBe(401);
    }

    const page = await newPage({ viewport: DESKTOP });
    acceptDialogs(page);
    await signIn(page, ADMIN, '/admin/security');
    await page.waitForURL(/\/admin\/security$/);
    await page.getByRole('heading', { level: 1, name: /セキュリティ/ }).waitFor();

    const row = page.getByTestId('backoff-row').filter({ hasText: typed });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('2');
    await screenshot(page, 'staff-admin-security');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await row.getByRole('button', { name: /解除/ }).click();
    await row.waitFor({ state: 'detached' });

    // Relax two-factor for supervisors (audited), then require it again.
    const policy = page.getByRole('form', { name: /二要素認証を必須にする役割/ });
    const supervisors = policy.getByRole('checkbox', { name: /スーパーバイザー/ });
    expect(await supervisors.isChecked()).toBe(true);
    expect(await policy.getByRole('checkbox', { name: /管理者/ }).isDisabled()).toBe(true);
    await supervisors.uncheck();
    await policy.getByRole('button', { name: /保存/ }).click();
    await policy.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    await page.reload();
    expect(await page.getByRole('checkbox', { name: /スーパーバイザー/ }).isChecked()).toBe(false);
    await page.getByRole('checkbox', { name: /スーパーバイザー/ }).check();
    await page
      .getByRole('form', { name: /二要素認証を必須にする役割/ })
      .getByRole('button', { name: /保存/ })
      .click();
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    await page.reload();
    expect(await page.getByRole('checkbox', { name: /スーパーバイザー/ }).isChecked()).toBe(true);
  });
});
