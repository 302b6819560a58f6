/** @jest-environment node */
import type { TErrorCode } from '@madoguchi/shared';

import type { TApiResult } from '../../lib/api-client';
import { apiLogout, apiRefresh } from './auth-api';
import {
  decodeSessionToken,
  encodeSessionToken,
  IDLE_TIMEOUT_MS,
  isIdle,
  refreshIfDue,
  revokeApiSession,
  type TStaffToken,
  withAccountState,
} from './session-token';

jest.mock('../../lib/env', () => ({
  serverEnv: () => ({ NODE_ENV: 'test', API_URL: 'http://api.test', NEXTAUTH_SECRET: 's'.repeat(40) }),
}));
jest.mock('./auth-api', () => ({ apiRefresh: jest.fn(), apiLogout: jest.fn() }));

const refresh = jest.mocked(apiRefresh);
const logout = jest.mocked(apiLogout);

const NOW = Date.parse('2026-04-01T09:00:00Z');
const MINUTE = 60_000;

let counter = 0;
function token(overrides: Partial<TStaffToken> = {}): TStaffToken {
  counter += 1;
  return {
    sub: 'u1',
    name: '相談員 A',
    email: 'a@desk.test',
    role: 'counselor',
    totpEnabled: false,
    mfaEnrolmentRequired: false,
    passwordChangeRequired: false,
    accessToken: `access-${counter}`,
    refreshToken: `refresh-${counter}-${'x'.repeat(30)}`,
    accessExpiresAt: NOW + 10 * MINUTE,
    refreshExpiresAt: NOW + 11 * 60 * MINUTE,
    lastActivityAt: NOW,
    ...overrides,
  };
}

function failed(code: TErrorCode, status: number): TApiResult<never> {
  const message = { ja: '失敗', en: 'Failed' };
  return { ok: false, error: { code, status, message, fields: [], details: {}, requestId: 'req-1' } };
}

function rotated(n: number) {
  return {
    ok: true as const,
    status: 200,
    data: {
      user: {
        id: 'u1',
        email: 'a@desk.test',
        displayName: '相談員 A(改名)',
        role: 'supervisor' as const,
        active: true,
        totpEnabled: true,
      },
      accessToken: `new-access-${n}`,
      refreshToken: `new-refresh-${n}`,
      accessExpiresAt: new Date(NOW + 15 * MINUTE).toISOString(),
      refreshExpiresAt: new Date(NOW + 12 * 60 * MINUTE).toISOString(),
    },
  };
}

describe('session token', () => {
  beforeEach(() => {
    refresh.mockReset();
    logout.mockReset();
  });

  it('round-trips through the encrypted cookie value and refuses tampering', async () => {
    const original = token();
    const value = await encodeSessionToken(original);
    expect(value).not.toContain(original.accessToken);
    await expect(decodeSessionToken(value)).resolves.toMatchObject(original);
    await expect(decodeSessionToken(`${value.slice(0, -4)}AAAA`)).resolves.toBeNull();
    await expect(decodeSessionToken(undefined)).resolves.toBeNull();
  });

  it('refuses a cookie of the old shape, without the password-change flag', async () => {
    const { passwordChangeRequired: _, ...old } = token();
    const value = await encodeSessionToken(old as TStaffToken);
    await expect(decodeSessionToken(value)).resolves.toBeNull();
  });

  it('takes the account state after a step: flags, name and role, keeping the tokens', () => {
    const current = token({ passwordChangeRequired: true, mfaEnrolmentRequired: true });
    const account = {
      displayName: '相談員 B',
      email: 'b@desk.test',
      role: 'counselor' as const,
      totpEnabled: false,
      mfaEnrolmentRequired: true,
      passwordChangeRequired: false,
    };
    expect(withAccountState(current, account)).toEqual({
      ...current,
      name: '相談員 B',
      email: 'b@desk.test',
      passwordChangeRequired: false,
      mfaEnrolmentRequired: true,
    });
    // Enrolled: never held on the enrolment page again, whatever a stale flag says.
    expect(withAccountState(current, { ...account, totpEnabled: true }).mfaEnrolmentRequired).toBe(false);
  });

  it('is idle after 30 minutes without activity', () => {
    expect(isIdle({ lastActivityAt: NOW }, NOW + IDLE_TIMEOUT_MS - 1)).toBe(false);
    expect(isIdle({ lastActivityAt: NOW }, NOW + IDLE_TIMEOUT_MS)).toBe(true);
  });

  it('leaves a fresh access token alone', async () => {
    const current = token();
    await expect(refreshIfDue(current, NOW)).resolves.toEqual({ ok: true, token: current });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('refreshes shortly before expiry, taking the rotated tokens and the current name and role', async () => {
    refresh.mockResolvedValue(rotated(1));
    const current = token({ accessExpiresAt: NOW + MINUTE });
    const outcome = await refreshIfDue(current, NOW);
    expect(outcome).toEqual({
      ok: true,
      token: expect.objectContaining({
        accessToken: 'new-access-1',
        refreshToken: 'new-refresh-1',
        accessExpiresAt: NOW + 15 * MINUTE,
        name: '相談員 A(改名)',
        role: 'supervisor',
        lastActivityAt: current.lastActivityAt,
      }),
    });
  });

  it('sends one refresh for requests that arrive together with the same cookie', async () => {
    let release: (value: ReturnType<typeof rotated>) => void = () => undefined;
    refresh.mockReturnValue(new Promise((resolve) => (release = resolve)));
    const current = token({ accessExpiresAt: NOW + MINUTE });

    const all = Promise.all([
      refreshIfDue(current, NOW),
      refreshIfDue(current, NOW),
      refreshIfDue(current, NOW),
    ]);
    release(rotated(2));
    const outcomes = await all;

    expect(refresh).toHaveBeenCalledTimes(1);
    expect(outcomes.map((outcome) => outcome.ok && outcome.token.accessToken)).toEqual([
      'new-access-2',
      'new-access-2',
      'new-access-2',
    ]);
    // A request still carrying the old cookie a moment later gets the same tokens, not a refused refresh.
    await expect(refreshIfDue(current, NOW + 1000)).resolves.toMatchObject({
      ok: true,
      token: { accessToken: 'new-access-2' },
    });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('ends the session when the API refuses the refresh token', async () => {
    refresh.mockResolvedValue(failed('unauthenticated', 401));
    await expect(refreshIfDue(token({ accessExpiresAt: NOW - 1 }), NOW)).resolves.toEqual({
      ok: false,
      ended: true,
    });
  });

  it('keeps a still-valid session when the API is unreachable, and tries again next time', async () => {
    refresh.mockResolvedValue(failed('unavailable', 0));
    const current = token({ accessExpiresAt: NOW + MINUTE });
    await expect(refreshIfDue(current, NOW)).resolves.toEqual({ ok: true, token: current });
    await refreshIfDue(current, NOW);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('ends the session once the refresh token itself has expired, without asking the API', async () => {
    const current = token({ accessExpiresAt: NOW - MINUTE, refreshExpiresAt: NOW - 1 });
    await expect(refreshIfDue(current, NOW)).resolves.toEqual({ ok: false, ended: true });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('revokes the API session on sign-out, refreshing first when the access token has expired', async () => {
    logout.mockResolvedValue({ ok: true, status: 204, data: undefined });
    await revokeApiSession(token({ accessToken: 'live-access' }), NOW);
    expect(logout).toHaveBeenLastCalledWith('live-access');

    refresh.mockResolvedValue(rotated(3));
    await revokeApiSession(token({ accessExpiresAt: NOW - MINUTE }), NOW);
    expect(logout).toHaveBeenLastCalledWith('new-access-3');
  });
});
