/** @jest-environment node */
import { contract } from '@madoguchi/shared';

import { callApi } from '../../lib/api-client';
import { SERVER_UNAVAILABLE } from './account-messages';
import { apiDisableTotp, apiLogin, apiMe, apiRefresh } from './auth-api';

jest.mock('../../lib/api-client', () => ({ callApi: jest.fn() }));

const call = jest.mocked(callApi);

beforeEach(() => {
  call.mockReset();
  call.mockResolvedValue({ ok: true, status: 200, data: undefined as never });
});

describe('auth-api', () => {
  it("calls the account routes with the session's own token, so restricted sessions are served too", async () => {
    await apiMe('access-1');
    await apiDisableTotp('access-2', '123456');
    expect(call).toHaveBeenNthCalledWith(
      1,
      contract.auth.me,
      {},
      expect.objectContaining({ token: 'access-1' }),
    );
    expect(call).toHaveBeenNthCalledWith(
      2,
      contract.auth.disableTotp,
      { body: { code: '123456' } },
      expect.objectContaining({ token: 'access-2' }),
    );
  });

  it("signs in with the person's address and browser, and no token", async () => {
    await apiLogin(
      { email: 'a@desk.test', password: 'correct horse' },
      { forwardedFor: '203.0.113.7', userAgent: 'x'.repeat(400) },
    );
    const [route, input, options] = call.mock.calls[0]!;
    expect(route).toBe(contract.auth.login);
    expect(input).toEqual({ body: { email: 'a@desk.test', password: 'correct horse' } });
    expect(options).toMatchObject({
      headers: { 'x-forwarded-for': '203.0.113.7', 'user-agent': 'x'.repeat(300) },
      messages: { unavailable: SERVER_UNAVAILABLE, unexpected: SERVER_UNAVAILABLE },
    });
    expect(options?.token).toBeUndefined();
  });

  it('refreshes with the refresh token in the body', async () => {
    await apiRefresh('refresh-token');
    expect(call).toHaveBeenCalledWith(
      contract.auth.refresh,
      { body: { refreshToken: 'refresh-token' } },
      expect.not.objectContaining({ token: expect.anything() }),
    );
  });
});
