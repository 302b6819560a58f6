import { createHash, randomBytes } from 'node:crypto';

/** 256-bit random bearer tokens; only their SHA-256 is stored, so a database leak yields no sessions. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const ACCESS_TTL_MS = 15 * 60_000;
/** A counselor's shift; the dashboard refreshes the access token while in use. */
export const REFRESH_TTL_MS = 12 * 60 * 60_000;
/** Between the password step and the TOTP step. */
export const MFA_STEP_TTL_MS = 5 * 60_000;
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCK_MS = 15 * 60_000;
