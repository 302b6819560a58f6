// web-cases-page: the Next.js /cases page as signed-in staff open it. The web app runs from its production
// build (apps/web/.next, as `npm start` runs it: node server.mjs) against the bench's API; each staff member
// has an API session made in the database (as staff.ts does) carried in next-auth's encrypted session cookie,
// exactly as the web app's sign-in would set it (apps/web/modules/auth/session-token.ts).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type pg from 'pg';
import { freePort, repoRoot } from '@madoguchi/db/tooling';
import { startServer, type Server } from './processes';
import { BENCH_USER_AGENT } from './staff';

const WEB_DIR = path.join(repoRoot, 'apps', 'web');

/**
 * next-auth's own encoder (JWE, the web app's cookie format), loaded at run time: a type import of next-auth
 * brings Next's global ProcessEnv typing into every script of this project.
 */
const { encode } = createRequire(path.join(WEB_DIR, 'package.json'))('next-auth/jwt') as {
  encode: (params: { token: Record<string, unknown>; secret: string; maxAge: number }) => Promise<string>;
};
/** SESSION_MAX_AGE_S of the web app. */
const SESSION_MAX_AGE_S = 12 * 60 * 60;
/** next-auth's cookie name over http (NEXTAUTH_URL is http here). */
export const SESSION_COOKIE = 'next-auth.session-token';

/** Why the web app cannot run, or null when its production build is there. */
export function webBuildMissing(): string | null {
  return existsSync(path.join(WEB_DIR, '.next', 'BUILD_ID'))
    ? null
    : 'the web app is not built (apps/web/.next); run npx turbo run build --filter=@madoguchi/web first';
}

export async function startWeb(apiBaseUrl: string, secret: string): Promise<Server> {
  const port = await freePort();
  return startServer({
    name: 'web',
    command: process.execPath,
    args: [path.join(WEB_DIR, 'server.mjs')],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      TRUST_PROXY: 'false',
      API_URL: apiBaseUrl,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: secret,
    },
    port,
    readyPath: '/login',
  });
}

/**
 * Session cookies for `count` different counselors: an API session each (a day long, only the hashes stored)
 * wrapped in the web app's session token.
 */
export async function staffCookies(client: pg.Client, count: number, secret: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string; email: string; display_name: string }>(
    `SELECT id, email, display_name FROM users WHERE role = 'counselor' AND active ORDER BY email LIMIT $1`,
    [count],
  );
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const now = Date.now();
  const day = 24 * 60 * 60 * 1000;
  const cookies: string[] = [];
  for (const user of rows) {
    const accessToken = randomBytes(32).toString('base64url');
    const refreshToken = randomBytes(32).toString('base64url');
    await client.query(
      `INSERT INTO sessions (id, user_id, access_token_hash, refresh_token_hash, mfa_pending,
         access_expires_at, refresh_expires_at, user_agent, created_at, last_seen_at)
       VALUES (gen_random_uuid(), $1, $2, $3, false, now() + interval '1 day', now() + interval '1 day', $4, now(), now())`,
      [user.id, sha256(accessToken), sha256(refreshToken), BENCH_USER_AGENT],
    );
    const token = {
      sub: user.id,
      name: user.display_name,
      email: user.email,
      role: 'counselor',
      totpEnabled: true,
      mfaEnrolmentRequired: false,
      passwordChangeRequired: false,
      accessToken,
      refreshToken,
      accessExpiresAt: now + day,
      refreshExpiresAt: now + day,
      lastActivityAt: now,
    };
    const value = await encode({ token, secret, maxAge: SESSION_MAX_AGE_S });
    cookies.push(`${SESSION_COOKIE}=${value}`);
  }
  return cookies;
}
