/** @jest-environment node */
import { NextRequest } from 'next/server';

import { encodeSessionToken, type TStaffToken } from './modules/auth/session-token';
import { proxy } from './proxy';

jest.mock('./lib/env', () => ({
  serverEnv: () => ({ NODE_ENV: 'test', API_URL: 'http://api.test', NEXTAUTH_SECRET: 's'.repeat(40) }),
}));
jest.mock('./modules/auth/auth-api', () => ({ apiRefresh: jest.fn(), apiLogout: jest.fn() }));

function token(overrides: Partial<TStaffToken> = {}): TStaffToken {
  const now = Date.now();
  return {
    sub: 'u1',
    name: '新人',
    email: 'new@desk.test',
    role: 'counselor',
    totpEnabled: false,
    mfaEnrolmentRequired: false,
    passwordChangeRequired: false,
    accessToken: 'access',
    refreshToken: `refresh-${'x'.repeat(30)}`,
    accessExpiresAt: now + 10 * 60_000,
    refreshExpiresAt: now + 11 * 60 * 60_000,
    lastActivityAt: now,
    ...overrides,
  };
}

async function request(path: string, staff: TStaffToken): Promise<Response> {
  const cookie = `next-auth.session-token=${await encodeSessionToken(staff)}`;
  return proxy(new NextRequest(`http://web.test${path}`, { headers: { cookie } }));
}

describe('proxy: sessions that must finish a step first', () => {
  it('sends a temporary password to the password change from every page, the enrolment page included', async () => {
    const staff = token({ passwordChangeRequired: true, mfaEnrolmentRequired: true });
    for (const path of ['/cases', '/account', '/admin/users', '/login/enrol']) {
      const response = await request(path, staff);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('http://web.test/account/password');
    }
    expect((await request('/account/password', staff)).headers.get('location')).toBeNull();
  });

  it('then keeps an unenrolled session on the enrolment page', async () => {
    const staff = token({ mfaEnrolmentRequired: true });
    const response = await request('/cases/new', staff);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://web.test/login/enrol');
    expect((await request('/login/enrol', staff)).headers.get('location')).toBeNull();
  });

  it('lets a full session through, and leaves the API routes to the API', async () => {
    expect((await request('/account', token())).headers.get('location')).toBeNull();
    const held = token({ passwordChangeRequired: true });
    expect((await request('/api/staff/keepalive', held)).headers.get('location')).toBeNull();
  });
});
