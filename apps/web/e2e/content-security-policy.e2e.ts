// The Content-Security-Policy as a browser gets it: pages rendered per request (sign-in, the staff pages,
// the consultation form, the window directory) carry a fresh nonce and no 'unsafe-inline' for scripts,
// and still run every script of theirs; prerendered pages keep the static policy.
import { randomBytes } from 'node:crypto';

import type { Page } from 'playwright-core';

import { hashPassword } from '../../../packages/db/src/password';
import { closeBrowser, newPage, newTotpSecret, nextTotp, stackDatabase } from './harness';

const DESKTOP = { width: 1280, height: 900 };
const run = randomBytes(4).toString('hex');
const COUNSELOR = {
  email: `csp-${run}@staff-e2e.test`,
  password: `Csp-${run}-pass-phrase`,
  totpSecret: newTotpSecret(),
};

beforeAll(async () => {
  const db = stackDatabase();
  try {
    await db.user.create({
      data: {
        email: COUNSELOR.email,
        displayName: `csp ${run}`,
        role: 'counselor',
        passwordHash: await hashPassword(COUNSELOR.password),
        // Enrolled already, so sign-in leads to the queue whatever the desk's TOTP policy.
        totpSecret: COUNSELOR.totpSecret,
        totpEnabled: true,
      },
    });
  } finally {
    await db.$disconnect();
  }
});

afterAll(closeBrowser);

function scriptSrc(policy: string | undefined): string {
  return (
    (policy ?? '')
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('script-src ')) ?? ''
  );
}

function nonceOf(policy: string | undefined): string {
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc(policy))?.[1];
  if (!nonce) {
    throw new Error(`no nonce in ${policy}`);
  }
  return nonce;
}

/** Every CSP violation the page reports (the event and Chromium's console message), from the first byte. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) {
      violations.push(message.text());
    }
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  // Evaluated through the DevTools protocol, which the page's own policy does not apply to.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`,
      );
    });
  });
  return violations;
}

/** Resolves once React has hydrated the page, which needs every one of its scripts to have run. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Object.keys(document).some((key) => key.startsWith('__reactContainer$')), {
    timeout: 10_000,
  });
}

/** The header says nonce, strict-dynamic and no 'unsafe-inline'; every script tag of the HTML carries it. */
function expectNoncePolicy(policy: string | undefined, html: string): string {
  const scripts = scriptSrc(policy);
  expect(scripts).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}' 'strict-dynamic'$/);
  expect(scripts).not.toContain('unsafe-inline');
  const nonce = nonceOf(policy);
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) {
    expect(tag).toContain(`nonce="${nonce}"`);
  }
  return nonce;
}

describe('Content-Security-Policy', () => {
  it('sign-in and a staff page run under a fresh nonce, with no violation and no caching', async () => {
    const page = await newPage({ viewport: DESKTOP });
    const violations = await watchViolations(page);

    const login = await page.goto('/login');
    const loginHeaders = await login!.allHeaders();
    const loginNonce = expectNoncePolicy(loginHeaders['content-security-policy'], await login!.text());
    expect(loginHeaders['cache-control']).toContain('no-store');

    // Signing in needs the page's JavaScript (next-auth's signIn(), two steps on one page): it works
    // only if the nonce does.
    await hydrated(page);
    await page.getByRole('textbox', { name: /メールアドレス/ }).fill(COUNSELOR.email);
    await page.getByLabel(/パスワード/).fill(COUNSELOR.password);
    await page.getByRole('button', { name: /ログイン/ }).click();
    await page.getByRole('textbox', { name: /確認コード/ }).fill(await nextTotp(COUNSELOR.totpSecret));
    await page.getByRole('button', { name: /確認してログイン/ }).click();
    await page.waitForURL(/\/cases$/);
    const staffPath = '/cases';

    const staff = await page.reload();
    const staffHeaders = await staff!.allHeaders();
    const staffNonce = expectNoncePolicy(staffHeaders['content-security-policy'], await staff!.text());
    expect(staffHeaders['cache-control']).toContain('no-store');
    expect(staffNonce).not.toBe(loginNonce);
    await hydrated(page);

    // Two requests for the same page: two different nonces.
    const again = await page.request.get(staffPath);
    expect(again.url()).toMatch(new RegExp(`${staffPath}$`));
    const againNonce = nonceOf(again.headers()['content-security-policy']);
    expect(againNonce).not.toBe(staffNonce);
    expect(again.headers()['cache-control']).toContain('no-store');

    expect(violations).toEqual([]);
  });

  it('the consultation form and the directory get a nonce too, and keep working with JavaScript', async () => {
    const page = await newPage();
    const violations = await watchViolations(page);
    const intake = await page.goto('/intake');
    expectNoncePolicy((await intake!.allHeaders())['content-security-policy'], await intake!.text());
    // The step-by-step form exists only once React has hydrated.
    await hydrated(page);
    await page.getByRole('button', { name: /次へ/ }).waitFor();

    const windows = await page.goto('/windows');
    expectNoncePolicy((await windows!.allHeaders())['content-security-policy'], await windows!.text());
    await hydrated(page);
    expect(violations).toEqual([]);
  });

  it.each(['/', '/status'])('%s, prerendered, keeps the static policy (no nonce) and works', async (path) => {
    const page = await newPage();
    const violations = await watchViolations(page);
    const response = await page.goto(path);
    const policy = (await response!.allHeaders())['content-security-policy'];
    expect(scriptSrc(policy)).toBe("script-src 'self' 'unsafe-inline'");
    await page.getByRole('heading', { level: 1 }).waitFor();
    await hydrated(page);
    expect(violations).toEqual([]);
  });
});
