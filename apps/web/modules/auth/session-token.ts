import { randomBytes } from 'node:crypto';

import { type TAuthTokens, type TRefreshReply, ZRole } from '@madoguchi/shared';
import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';

import { serverEnv } from '../../lib/env';
import { apiLogout, apiRefresh } from './auth-api';

/*
 * The staff session as it lives in next-auth's encrypted JWT cookie (JWE, A256GCM, httpOnly). It holds
 * the API's access and refresh tokens: they never reach browser JavaScript, and only this server can
 * read them. Used by next-auth's callbacks (lib/auth.ts), by the proxy (refresh, idle timeout) and by
 * server code that calls the API (lib/staff-api.ts).
 */

/** Signed out after this long without a request (shared office PCs; WCAG 2.2.1: warned first, see IdleWarning). */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** The warning appears this long before the idle sign-out. */
export const IDLE_WARNING_MS = 5 * 60 * 1000;
/** The cookie lives as long as the API's refresh token (12 h); the idle rule ends it much sooner. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;
/** Refresh the API access token (15 min) once less than this is left. */
export const REFRESH_MARGIN_MS = 3 * 60 * 1000;
/** Activity is written back into the cookie at most this often, not on every request. */
export const ACTIVITY_WRITE_EVERY_MS = 60 * 1000;

/** Request headers the proxy sets for the page it forwards to; any value a browser sends is dropped. */
export const SIGNED_OUT_HEADER = 'x-madoguchi-signed-out';
export const PATH_HEADER = 'x-madoguchi-path';

export const ZStaffToken = z.object({
  sub: z.string(),
  name: z.string(),
  email: z.string(),
  role: ZRole,
  totpEnabled: z.boolean(),
  /**
   * Staff whose role requires TOTP and who have not enrolled may only enrol (the API refuses everything else with
   * mfa_enrolment_required); see forced-step.ts.
   */
  mfaEnrolmentRequired: z.boolean(),
  /** Signed in with a temporary password: the only page is the password change (password_change_required). */
  passwordChangeRequired: z.boolean(),
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Epoch milliseconds. */
  accessExpiresAt: z.number(),
  refreshExpiresAt: z.number(),
  lastActivityAt: z.number(),
});
export type TStaffToken = z.infer<typeof ZStaffToken>;

export type TStaffUserView = Pick<TStaffToken, 'sub' | 'name' | 'email' | 'role'>;

/** The session-token cookie, named and set exactly as next-auth does (authOptions.cookies uses these). */
export function sessionCookie() {
  const secure = serverEnv().NEXTAUTH_URL?.startsWith('https://') ?? false;
  return {
    name: secure ? '__Secure-next-auth.session-token' : 'next-auth.session-token',
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  };
}

const DEV_SECRET_KEY = Symbol.for('madoguchi.devSessionSecret');

/**
 * NEXTAUTH_SECRET, which lib/env.ts requires in production. In development and tests without one, a
 * random secret for the life of the process (kept on globalThis so the proxy and the route handlers,
 * bundled apart, agree): sessions end on restart, and nothing guessable ever signs a cookie.
 */
export function sessionSecret(): string {
  const configured = serverEnv().NEXTAUTH_SECRET;
  if (configured) {
    return configured;
  }
  const store = globalThis as unknown as Record<symbol, string | undefined>;
  store[DEV_SECRET_KEY] ??= randomBytes(32).toString('base64url');
  return store[DEV_SECRET_KEY];
}

export async function encodeSessionToken(token: TStaffToken): Promise<string> {
  return encode({ token, secret: sessionSecret(), maxAge: SESSION_MAX_AGE_S });
}

/** The session in a cookie value, or null when it is missing, forged, expired or of another shape. */
export async function decodeSessionToken(value: string | undefined): Promise<TStaffToken | null> {
  if (!value) {
    return null;
  }
  try {
    const parsed = ZStaffToken.safeParse(await decode({ token: value, secret: sessionSecret() }));
    return parsed.success ? parsed.data : null;
  } catch {
    // Expired, or encrypted with another secret (rotated NEXTAUTH_SECRET): simply not signed in.
    return null;
  }
}

export function isIdle(token: Pick<TStaffToken, 'lastActivityAt'>, now = Date.now()): boolean {
  return now - token.lastActivityAt >= IDLE_TIMEOUT_MS;
}

export function withTokens(token: TStaffToken, tokens: TAuthTokens): TStaffToken {
  return {
    ...token,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAt: Date.parse(tokens.accessExpiresAt),
    refreshExpiresAt: Date.parse(tokens.refreshExpiresAt),
  };
}

/** What GET /auth/me says about the account, as far as the session cookie keeps it. */
export type TAccountState = {
  displayName: string;
  email: string;
  role: TStaffToken['role'];
  totpEnabled: boolean;
  mfaEnrolmentRequired: boolean;
  passwordChangeRequired: boolean;
};

/** The session brought in step with the account after a step is done (password changed, TOTP enrolled). */
export function withAccountState(token: TStaffToken, account: TAccountState): TStaffToken {
  return {
    ...token,
    name: account.displayName,
    email: account.email,
    role: account.role,
    totpEnabled: account.totpEnabled,
    mfaEnrolmentRequired: account.mfaEnrolmentRequired && !account.totpEnabled,
    passwordChangeRequired: account.passwordChangeRequired,
  };
}

export type TRefreshOutcome =
  | { ok: true; token: TStaffToken }
  /** The API refused the refresh token (revoked, expired, deactivated user): the session is over. */
  | { ok: false; ended: true }
  /** The API could not be reached: keep the session and try again on the next request. */
  | { ok: false; ended: false };

// Several requests of one page (RSC fetches, prefetches, a server action) can arrive together carrying
// the same cookie. The API rotates refresh tokens, so only the first refresh may reach it; the others
// wait for its result, and requests still carrying the old cookie shortly afterwards get the same
// answer. Kept on globalThis: a single `next start` process serves the proxy and the route handlers.
const REFRESH_RESULT_TTL_MS = 60 * 1000;
const REFRESH_STORE_KEY = Symbol.for('madoguchi.refreshInFlight');
type TRefreshEntry = { at: number; result: Promise<TRefreshOutcomeRaw> };
type TRefreshOutcomeRaw = { ok: true; data: TRefreshReply } | { ok: false; ended: boolean };

function refreshStore(): Map<string, TRefreshEntry> {
  const store = globalThis as unknown as Record<symbol, Map<string, TRefreshEntry> | undefined>;
  store[REFRESH_STORE_KEY] ??= new Map();
  return store[REFRESH_STORE_KEY];
}

async function refreshOnce(refreshToken: string): Promise<TRefreshOutcomeRaw> {
  const store = refreshStore();
  const now = Date.now();
  for (const [key, entry] of store) {
    if (now - entry.at > REFRESH_RESULT_TTL_MS) {
      store.delete(key);
    }
  }
  const existing = store.get(refreshToken);
  if (existing) {
    return existing.result;
  }
  const result = apiRefresh(refreshToken).then((reply): TRefreshOutcomeRaw => {
    if (reply.ok) {
      return { ok: true, data: reply.data };
    }
    return { ok: false, ended: reply.error.status === 401 || reply.error.status === 403 };
  });
  store.set(refreshToken, { at: now, result });
  const settled = await result;
  if (!settled.ok && !settled.ended) {
    // A network failure is not remembered: the next request tries again.
    store.delete(refreshToken);
  }
  return settled;
}

/** New API tokens when the access token is close to expiring; the token unchanged otherwise. */
export async function refreshIfDue(token: TStaffToken, now = Date.now()): Promise<TRefreshOutcome> {
  if (token.accessExpiresAt - now > REFRESH_MARGIN_MS) {
    return { ok: true, token };
  }
  if (token.refreshExpiresAt <= now) {
    return { ok: false, ended: true };
  }
  const outcome = await refreshOnce(token.refreshToken);
  if (!outcome.ok) {
    // Unreachable API but a still-valid access token: carry on with it.
    if (!outcome.ended && token.accessExpiresAt > now) {
      return { ok: true, token };
    }
    return { ok: false, ended: outcome.ended };
  }
  const { user, ...tokens } = outcome.data;
  return {
    ok: true,
    token: {
      ...withTokens(token, tokens),
      // A renamed user or changed role shows at the next refresh (a role change also ends sessions).
      name: user.displayName,
      email: user.email,
      role: user.role,
      totpEnabled: user.totpEnabled,
    },
  };
}

/**
 * Ends the API session behind a cookie (sign-out, idle timeout). With an expired access token the
 * session is refreshed first, since logout needs a live token. Failures are logged and swallowed:
 * the cookie is cleared either way, and an unreachable API's session expires on its own.
 */
export async function revokeApiSession(token: TStaffToken, now = Date.now()): Promise<void> {
  let accessToken = token.accessToken;
  if (token.accessExpiresAt - now < 10_000) {
    const refreshed = await refreshOnce(token.refreshToken);
    if (!refreshed.ok) {
      return;
    }
    accessToken = refreshed.data.accessToken;
  }
  const result = await apiLogout(accessToken);
  if (!result.ok && result.error.status !== 401) {
    console.error('Sign-out: the API session could not be revoked', result.error.code);
  }
}
