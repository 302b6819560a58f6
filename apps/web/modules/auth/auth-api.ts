import {
  contract,
  type TLoginRequest,
  type TLoginTotpRequest,
  type TRoute,
  type TRouteInput,
} from '@madoguchi/shared';

import { callApi } from '../../lib/api-client';
import { SERVER_UNAVAILABLE } from './account-messages';

/*
 * The calls to the API's /auth/… routes, made from the web server only: by next-auth's authorize(), the
 * proxy (token refresh, idle sign-out), the sign-out event and the account's server actions (password,
 * two-factor). They take the access token explicitly instead of going through lib/staff-api.ts, because
 * they also serve restricted sessions (a temporary password, TOTP not yet enrolled) that staffCall sends
 * away. Nothing here runs in a browser, and no token leaves the server except inside the encrypted
 * session cookie.
 */

const routes = contract.auth;

/** Sign-in and the proxy's refresh wait on these: a person is looking at a spinner. */
const TIMEOUT_MS = 10_000;

/** Headers that let the API's audit log and rate limits see the person's browser, not this server. */
export type TClientHeaders = { forwardedFor?: string; userAgent?: string };

function clientHeaders(client: TClientHeaders): Record<string, string> {
  return {
    ...(client.forwardedFor ? { 'x-forwarded-for': client.forwardedFor } : {}),
    ...(client.userAgent ? { 'user-agent': client.userAgent.slice(0, 300) } : {}),
  };
}

function authCall<R extends TRoute>(
  route: R,
  input: TRouteInput<R>,
  options: { token?: string; headers?: Record<string, string> } = {},
) {
  return callApi(route, input, {
    ...options,
    timeoutMs: TIMEOUT_MS,
    messages: { unavailable: SERVER_UNAVAILABLE, unexpected: SERVER_UNAVAILABLE },
  });
}

export function apiLogin(input: TLoginRequest, client: TClientHeaders) {
  return authCall(routes.login, { body: input }, { headers: clientHeaders(client) });
}

export function apiLoginTotp(input: TLoginTotpRequest, client: TClientHeaders) {
  return authCall(routes.loginTotp, { body: input }, { headers: clientHeaders(client) });
}

export function apiRefresh(refreshToken: string) {
  return authCall(routes.refresh, { body: { refreshToken } });
}

export function apiLogout(accessToken: string) {
  return authCall(routes.logout, {}, { token: accessToken });
}

export function apiMe(accessToken: string) {
  return authCall(routes.me, {}, { token: accessToken });
}

/** 204; the API signs out the user's other sessions and keeps this one. */
export function apiChangePassword(
  accessToken: string,
  input: { currentPassword: string; newPassword: string },
) {
  return authCall(routes.changePassword, { body: input }, { token: accessToken });
}

/**
 * A new secret (each call replaces an unfinished one). A session restricted to enrolment must send the
 * one-time enrolment code an administrator issued; a full session enrolling voluntarily sends none.
 */
export function apiStartTotpEnrolment(accessToken: string, input: { enrolmentCode?: string } = {}) {
  return authCall(routes.startTotpEnrolment, { body: input }, { token: accessToken });
}

export function apiConfirmTotpEnrolment(accessToken: string, code: string) {
  return authCall(routes.confirmTotpEnrolment, { body: { code } }, { token: accessToken });
}

/** A new set of recovery codes for a current TOTP code; the old set stops working. */
export function apiRegenerateRecoveryCodes(accessToken: string, code: string) {
  return authCall(routes.regenerateRecoveryCodes, { body: { code } }, { token: accessToken });
}

/** 204; 403 when the role's policy requires TOTP. */
export function apiDisableTotp(accessToken: string, code: string) {
  return authCall(routes.disableTotp, { body: { code } }, { token: accessToken });
}
