import { type TSignedIn, ZLoginRequest } from '@madoguchi/shared';
import type { AuthOptions, User } from 'next-auth';
import { decode, encode } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';

import { apiLogin, apiLoginTotp, type TClientHeaders } from '../modules/auth/auth-api';
import { forcedStep, forcedStepPath, type TForcedStep } from '../modules/auth/forced-step';
import { loginErrorCode, type TLoginErrorCode } from '../modules/auth/login-messages';
import {
  decodeSessionToken,
  encodeSessionToken,
  isIdle,
  PATH_HEADER,
  revokeApiSession,
  SESSION_MAX_AGE_S,
  sessionCookie,
  sessionSecret,
  SIGNED_OUT_HEADER,
  type TStaffToken,
  ZStaffToken,
} from '../modules/auth/session-token';
import { trustedForwardedFor } from '../modules/security/forwarded-for';

/*
 * Staff sign-in with next-auth (JWT sessions, two Credentials providers):
 *   'password': e-mail + password → POST /auth/login. Without TOTP the session starts here. With TOTP the
 *               API's short-lived mfaToken goes into an encrypted httpOnly cookie scoped to /api/auth (so
 *               browser JavaScript never holds it) and sign-in answers `mfa_required`.
 *   'totp':     the 6-digit code (or a recovery code) + that cookie → POST /auth/login/totp.
 * The session cookie carries the API tokens; the proxy refreshes them and enforces the idle timeout.
 */

const MFA_STEP_COOKIE = 'madoguchi.mfa-step';
const MFA_STEP_SALT = 'madoguchi.mfa-step';
const MFA_STEP_PATH = '/api/auth';

const ZMfaStep = z.object({ mfaToken: z.string(), expiresAt: z.number() });

/** authorize() reports failures by throwing; next-auth hands the message to signIn() as `error`. */
class LoginError extends Error {
  constructor(readonly code: TLoginErrorCode) {
    super(code);
  }
}

function clientOf(headers: Record<string, unknown> | undefined): TClientHeaders {
  const header = (name: string) => {
    const value = headers?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  return { forwardedFor: trustedForwardedFor(header('x-forwarded-for')), userAgent: header('user-agent') };
}

function mfaStepCookieOptions(maxAgeSeconds: number) {
  const { secure } = sessionCookie().options;
  return { httpOnly: true, sameSite: 'strict' as const, path: MFA_STEP_PATH, secure, maxAge: maxAgeSeconds };
}

/** The user object authorize() hands to the jwt callback: the whole session token, ready to store. */
function toAuthorizedUser(reply: TSignedIn): User {
  const token: TStaffToken = {
    sub: reply.user.id,
    name: reply.user.displayName,
    email: reply.user.email,
    role: reply.user.role,
    totpEnabled: reply.user.totpEnabled,
    mfaEnrolmentRequired: reply.mfaEnrolmentRequired && !reply.user.totpEnabled,
    passwordChangeRequired: reply.passwordChangeRequired,
    accessToken: reply.accessToken,
    refreshToken: reply.refreshToken,
    accessExpiresAt: Date.parse(reply.accessExpiresAt),
    refreshExpiresAt: Date.parse(reply.refreshExpiresAt),
    lastActivityAt: Date.now(),
  };
  return {
    id: reply.user.id,
    name: reply.user.displayName,
    email: reply.user.email,
    staffToken: token,
  } as User;
}

async function authorizePassword(
  credentials: Record<string, string> | undefined,
  headers: Record<string, unknown> | undefined,
): Promise<User> {
  const input = ZLoginRequest.safeParse({ email: credentials?.email, password: credentials?.password });
  if (!input.success) {
    throw new LoginError('bad_credentials');
  }
  const result = await apiLogin(input.data, clientOf(headers));
  if (!result.ok) {
    throw new LoginError(loginErrorCode(result.error));
  }
  if (!result.data.mfaRequired) {
    return toAuthorizedUser(result.data);
  }
  const expiresAt = Date.parse(result.data.mfaExpiresAt);
  const maxAge = Math.max(1, Math.floor((expiresAt - Date.now()) / 1000));
  const value = await encode({
    token: { mfaToken: result.data.mfaToken, expiresAt },
    secret: sessionSecret(),
    salt: MFA_STEP_SALT,
    maxAge,
  });
  (await cookies()).set(MFA_STEP_COOKIE, value, mfaStepCookieOptions(maxAge));
  throw new LoginError('mfa_required');
}

async function authorizeTotp(
  credentials: Record<string, string> | undefined,
  headers: Record<string, unknown> | undefined,
): Promise<User> {
  const jar = await cookies();
  let step: z.infer<typeof ZMfaStep> | null = null;
  try {
    const raw = jar.get(MFA_STEP_COOKIE)?.value;
    const parsed = ZMfaStep.safeParse(
      raw ? await decode({ token: raw, secret: sessionSecret(), salt: MFA_STEP_SALT }) : null,
    );
    step = parsed.success ? parsed.data : null;
  } catch {
    step = null;
  }
  if (!step || step.expiresAt <= Date.now()) {
    throw new LoginError('mfa_expired');
  }
  const code = credentials?.code?.replace(/\s/g, '').normalize('NFKC');
  const recoveryCode = credentials?.recoveryCode?.trim().normalize('NFKC');
  const input = code ? { code } : recoveryCode ? { recoveryCode } : null;
  if (!input || (code !== undefined && !/^\d{6}$/.test(code))) {
    throw new LoginError('bad_code');
  }
  const result = await apiLoginTotp({ mfaToken: step.mfaToken, ...input }, clientOf(headers));
  if (!result.ok) {
    throw new LoginError(result.error.code === 'unauthenticated' ? 'bad_code' : loginErrorCode(result.error));
  }
  jar.set(MFA_STEP_COOKIE, '', mfaStepCookieOptions(0));
  return toAuthorizedUser(result.data);
}

/** Built per request (not at import) so `next build` needs no secret and tests can set the env. */
export function authOptions(): AuthOptions {
  const cookie = sessionCookie();
  return {
    secret: sessionSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    cookies: { sessionToken: cookie },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        id: 'password',
        name: 'password',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        authorize: (credentials, req) => authorizePassword(credentials, req.headers),
      }),
      CredentialsProvider({
        id: 'totp',
        name: 'totp',
        credentials: { code: { type: 'text' }, recoveryCode: { type: 'text' } },
        authorize: (credentials, req) => authorizeTotp(credentials, req.headers),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          // Sign-in: the token is exactly what authorize() prepared (and nothing next-auth adds).
          return ZStaffToken.parse((user as { staffToken?: unknown }).staffToken);
        }
        return token;
      },
      session({ session, token }) {
        // What /api/auth/session would show to browser code: a name and a role, never a token.
        const staff = ZStaffToken.safeParse(token);
        return {
          expires: session.expires,
          user: staff.success ? { name: staff.data.name, email: staff.data.email } : undefined,
        };
      },
    },
    events: {
      async signOut({ token }) {
        const staff = ZStaffToken.safeParse(token);
        if (staff.success) {
          await revokeApiSession(staff.data);
        }
      },
    },
  };
}

export type TStaffSession = TStaffToken;

/**
 * The signed-in staff member of this request, or null. Reads the cookie the proxy has already
 * refreshed; checks idleness and expiry again, so a page never relies on the proxy alone.
 */
export const getStaffSession = cache(async (): Promise<TStaffSession | null> => {
  const token = await decodeSessionToken((await cookies()).get(sessionCookie().name)?.value);
  const now = Date.now();
  if (!token || isIdle(token, now) || token.refreshExpiresAt <= now) {
    return null;
  }
  return token;
});

/** /login with the reason the proxy gave (idle or expired) and the page to come back to. */
async function loginUrl(): Promise<string> {
  const incoming = await headers();
  const query = new URLSearchParams({
    reason: incoming.get(SIGNED_OUT_HEADER) === 'idle' ? 'idle' : 'expired',
  });
  const path = incoming.get(PATH_HEADER);
  // Only pages are worth coming back to; a server action's POST path is the page it was on anyway.
  if (path?.startsWith('/') && !path.startsWith('//')) {
    query.set('callbackUrl', path);
  }
  return `/login?${query.toString()}`;
}

/**
 * Every staff page and server action starts here: signed in, and not held by a step the session must
 * finish first (a temporary password to change, TOTP to enrol). Only the page and actions of that step
 * pass `during` to be let in; a full session is let in everywhere.
 */
export async function requireStaff(options: { during?: TForcedStep } = {}): Promise<TStaffSession> {
  const session = await getStaffSession();
  if (!session) {
    redirect(await loginUrl());
  }
  const step = forcedStep(session);
  if (step && step !== options.during) {
    redirect(forcedStepPath(step));
  }
  return session;
}

/** Rewrites the session cookie (server actions and route handlers only: pages cannot set cookies). */
export async function saveStaffSession(token: TStaffSession): Promise<void> {
  const cookie = sessionCookie();
  (await cookies()).set(cookie.name, await encodeSessionToken(token), {
    ...cookie.options,
    maxAge: SESSION_MAX_AGE_S,
  });
}
