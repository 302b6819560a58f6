import { type TFieldError, type TLocalized, ZLocalized, ZRole } from '@madoguchi/shared';
import { z } from 'zod';

import { serverEnv } from '../../lib/env';

/*
 * The calls to the API's /auth/… routes, made from the web server only: by next-auth's authorize(), the
 * proxy (token refresh, idle sign-out), the sign-out event and the account's server actions (password,
 * two-factor). They take the access token explicitly instead of going through lib/staff-api.ts, because
 * they also serve restricted sessions (a temporary password, TOTP not yet enrolled) that staffApi sends
 * away. Nothing here runs in a browser, and no token leaves the server except inside the encrypted
 * session cookie.
 */

const TIMEOUT_MS = 10_000;

export const ZApiStaffUser = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: ZRole,
  active: z.boolean(),
  totpEnabled: z.boolean(),
});

const ZTokens = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  accessExpiresAt: z.iso.datetime({ offset: true }),
  refreshExpiresAt: z.iso.datetime({ offset: true }),
});
export type TApiTokens = z.infer<typeof ZTokens>;

export const ZLoginReply = z.discriminatedUnion('mfaRequired', [
  ZTokens.extend({
    mfaRequired: z.literal(false),
    user: ZApiStaffUser,
    /** The role requires TOTP and the user has not enrolled: the session may only enrol. */
    mfaEnrolmentRequired: z.boolean(),
    /** Signed in with a temporary password: the session may only change it. */
    passwordChangeRequired: z.boolean(),
  }),
  z.object({
    mfaRequired: z.literal(true),
    mfaToken: z.string(),
    mfaExpiresAt: z.iso.datetime({ offset: true }),
  }),
]);
export type TLoginReply = z.infer<typeof ZLoginReply>;

const ZRefreshReply = ZTokens.extend({ user: ZApiStaffUser });
export type TRefreshReply = z.infer<typeof ZRefreshReply>;

/** GET /auth/me: who is signed in, what the session must still do, and the state of two-factor. */
export const ZMeReply = ZApiStaffUser.extend({
  mfaEnrolmentRequired: z.boolean(),
  passwordChangeRequired: z.boolean(),
  recoveryCodesLeft: z.number().int().nonnegative(),
  /** The role's policy: when true, two-factor cannot be turned off. */
  totpRequiredForRole: z.boolean(),
});
export type TMeReply = z.infer<typeof ZMeReply>;

const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()).min(1) });

const ZErrorBody = z.object({
  code: z.string(),
  message: ZLocalized.optional(),
  details: z
    .object({
      reason: z.string().optional(),
      fields: z.array(z.object({ path: z.string(), code: z.string(), message: ZLocalized })).optional(),
    })
    .loose()
    .optional(),
});

export type TAuthFailure = {
  /** The API's error code; `unavailable` when it could not be reached or answered nonsense. */
  code: string;
  status: number;
  reason?: string;
  message?: TLocalized;
  /** Field errors of a validation_failed reply (path as in the request body). */
  fields?: TFieldError[];
};
export type TAuthResult<T> = { ok: true; data: T } | { ok: false; error: TAuthFailure };

type TCall<T> = {
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  accessToken?: string;
  headers?: Record<string, string>;
  schema?: z.ZodType<T>;
};

async function call<T>({
  method = 'POST',
  path,
  body,
  accessToken,
  headers,
  schema,
}: TCall<T>): Promise<TAuthResult<T>> {
  let response: Response;
  try {
    response = await fetch(`${serverEnv().API_URL}/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    console.error(`API ${method} ${path} failed:`, error instanceof Error ? error.message : error);
    return { ok: false, error: { code: 'unavailable', status: 0 } };
  }
  const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (response.ok) {
    if (!schema) {
      return { ok: true, data: undefined as T };
    }
    const parsed = schema.safeParse(payload);
    if (parsed.success) {
      return { ok: true, data: parsed.data };
    }
    console.error(`API ${method} ${path}: unexpected reply`, z.prettifyError(parsed.error));
    return { ok: false, error: { code: 'unavailable', status: 502 } };
  }
  const error = ZErrorBody.safeParse(payload);
  if (!error.success) {
    return { ok: false, error: { code: 'unavailable', status: response.status } };
  }
  return {
    ok: false,
    error: {
      code: error.data.code,
      status: response.status,
      reason: error.data.details?.reason,
      message: error.data.message,
      fields: error.data.details?.fields,
    },
  };
}

/** Headers that let the API's audit log and rate limits see the person's browser, not this server. */
export type TClientHeaders = { forwardedFor?: string; userAgent?: string };

function clientHeaders(client: TClientHeaders): Record<string, string> {
  return {
    ...(client.forwardedFor ? { 'x-forwarded-for': client.forwardedFor } : {}),
    ...(client.userAgent ? { 'user-agent': client.userAgent.slice(0, 300) } : {}),
  };
}

export function apiLogin(input: { email: string; password: string }, client: TClientHeaders) {
  return call({ path: '/auth/login', body: input, headers: clientHeaders(client), schema: ZLoginReply });
}

export function apiLoginTotp(
  input: { mfaToken: string; code?: string; recoveryCode?: string },
  client: TClientHeaders,
) {
  return call({ path: '/auth/login/totp', body: input, headers: clientHeaders(client), schema: ZLoginReply });
}

export function apiRefresh(refreshToken: string) {
  return call({ path: '/auth/refresh', body: { refreshToken }, schema: ZRefreshReply });
}

export function apiLogout(accessToken: string) {
  return call<undefined>({ path: '/auth/logout', accessToken });
}

export function apiMe(accessToken: string) {
  return call({ method: 'GET', path: '/auth/me', accessToken, schema: ZMeReply });
}

/** 204; the API signs out the user's other sessions and keeps this one. */
export function apiChangePassword(
  accessToken: string,
  input: { currentPassword: string; newPassword: string },
) {
  return call<undefined>({ path: '/auth/password', accessToken, body: input });
}

/**
 * A new secret (each call replaces an unfinished one). A session restricted to enrolment must send the
 * one-time enrolment code an administrator issued; a full session enrolling voluntarily sends none.
 */
export function apiStartTotpEnrolment(accessToken: string, input: { enrolmentCode?: string } = {}) {
  return call({
    path: '/auth/totp/enrol',
    accessToken,
    body: input,
    schema: z.object({ secret: z.string().min(16), otpauthUri: z.string().startsWith('otpauth://') }),
  });
}

export function apiConfirmTotpEnrolment(accessToken: string, code: string) {
  return call({ path: '/auth/totp/confirm', accessToken, body: { code }, schema: ZRecoveryCodes });
}

/** A new set of recovery codes for a current TOTP code; the old set stops working. */
export function apiRegenerateRecoveryCodes(accessToken: string, code: string) {
  return call({ path: '/auth/recovery-codes', accessToken, body: { code }, schema: ZRecoveryCodes });
}

/** 204; 403 when the role's policy requires TOTP. */
export function apiDisableTotp(accessToken: string, code: string) {
  return call<undefined>({ path: '/auth/totp/disable', accessToken, body: { code } });
}
