// Staff members for browser tests: created in the stack's database already enrolled in two-factor (as if
// they had enrolled at their first sign-in), signed in through the login page or through the API.
import type { Page } from 'playwright-core';

import type { Role } from '../../../../packages/db/src/generated/prisma/client';
import { hashPassword } from '../../../../packages/db/src/password';
import { stackDatabase } from './database';
import { clientAddressHeader } from './browser';
import { newTotpSecret, nextTotp } from './totp';

export type TStaffUser = { id: string; email: string; password: string; secret: string; displayName: string };

/**
 * A new staff member of `role`; `tag` (a test file's prefix and run id) keeps e-mail and name unique. In the
 * suite's stack's database unless `databaseUrl` names another.
 */
export async function createStaffUser(
  role: Role,
  tag: string,
  displayName = `${role} ${tag}`,
  databaseUrl?: string,
): Promise<TStaffUser> {
  const user = {
    email: `${tag}@staff-e2e.test`,
    password: `Pass-${tag}-phrase`,
    secret: newTotpSecret(),
    displayName,
  };
  const db = stackDatabase(databaseUrl);
  try {
    const created = await db.user.create({
      data: {
        email: user.email,
        displayName,
        role,
        passwordHash: await hashPassword(user.password),
        totpSecret: user.secret,
        totpEnabled: true,
      },
    });
    return { ...user, id: created.id };
  } finally {
    await db.$disconnect();
  }
}

/** Opens `path` (a query may follow), signs in on the login page it is sent to (password, then the code) and waits for it. */
export async function signInStaff(page: Page, user: TStaffUser, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForURL(/\/login\?/);
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill(user.email);
  await page.getByLabel(/パスワード/).fill(user.password);
  await page.getByRole('button', { name: /ログイン/ }).click();
  await page.getByRole('textbox', { name: /確認コード/ }).fill(await nextTotp(user.secret));
  await page.getByRole('button', { name: /確認してログイン/ }).click();
  const target = new URL(path, 'http://localhost').pathname;
  await page.waitForURL((url) => url.pathname === target);
}

/** An API call as a test arranges data: JSON in and out, an error for any status but 2xx. */
export async function apiJson<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const base = process.env.E2E_API_URL;
  if (!base) {
    throw new Error('E2E_API_URL is not set: run through jest -c jest.e2e.config.js');
  }
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      // Arranged intakes count against a client address of their own, not the one every test shares.
      ...clientAddressHeader(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/** The staff member's API access token: password, then a code, through the API. */
export async function staffAccessToken(user: TStaffUser): Promise<string> {
  const login = await apiJson<{ mfaToken: string }>('POST', '/auth/login', {
    email: user.email,
    password: user.password,
  });
  const signedIn = await apiJson<{ accessToken: string }>('POST', '/auth/login/totp', {
    mfaToken: login.mfaToken,
    code: await nextTotp(user.secret),
  });
  return signedIn.accessToken;
}
