import type { TApiFailure } from '../../lib/api-client';
import { loginErrorCode, loginErrorMessage, safeCallbackPath } from './login-messages';

describe('safeCallbackPath', () => {
  it.each([
    ['/cases/123?tab=x', '/cases/123?tab=x'],
    ['/admin/users', '/admin/users'],
    [undefined, '/cases'],
    ['', '/cases'],
    ['https://evil.example/', '/cases'],
    ['//evil.example/path', '/cases'],
    ['/\\evil.example', '/cases'],
    ['javascript:alert(1)', '/cases'],
    ['/login?callbackUrl=/x', '/cases'],
    ['/api/auth/signout', '/cases'],
    // Known bypasses: browsers drop tabs and newlines and read backslashes as slashes.
    ['/\t/evil.example', '/cases'],
    ['/\n/evil.example', '/cases'],
    ['/\r\n/evil.example', '/cases'],
    ['\t//evil.example', '/cases'],
    [' //evil.example', '/cases'],
    ['\\/evil.example', '/cases'],
    ['/\\/evil.example', '/cases'],
    ['///evil.example', '/cases'],
    ['/\t\\evil.example', '/cases'],
    ['/%2F/evil.example', '/%2F/evil.example'], // an encoded slash stays a path of this app
    ['/%09/evil.example', '/%09/evil.example'],
    ['http:/evil.example', '/cases'],
    ['/cases?x=1#top', '/cases?x=1#top'],
    ['/Login', '/Login'],
  ])('%j → %s', (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });
});

describe('loginErrorMessage', () => {
  it('explains known failures and falls back to "unavailable" for anything else', () => {
    expect(loginErrorMessage('bad_credentials').ja).toContain('パスワードが違います');
    expect(loginErrorMessage('temporary_password_expired').ja).toContain(
      '仮パスワードの有効期限が切れています',
    );
    expect(loginErrorMessage('temporary_password_expired').en).toContain('Ask an administrator');
    expect(loginErrorMessage('busy').ja).toContain('混み合っています');
    expect(loginErrorMessage('CredentialsSignin').en).toContain('cannot be reached');
    expect(loginErrorMessage(undefined).en).toContain('cannot be reached');
  });
});

describe('loginErrorCode', () => {
  const failure = (status: number, code: TApiFailure['code'], reason?: string): TApiFailure => ({
    status,
    code,
    reason,
    message: { ja: '', en: '' },
    fields: [],
    details: reason ? { reason } : {},
    requestId: 'req-1',
  });

  it('tells a shed sign-in (busy, try again in seconds) from an API that cannot be reached', () => {
    expect(loginErrorCode(failure(503, 'unavailable', 'overloaded'))).toBe('busy');
    expect(loginErrorCode(failure(503, 'unavailable'))).toBe('unavailable');
    expect(loginErrorCode(failure(0, 'unavailable'))).toBe('unavailable');
    expect(loginErrorCode(failure(429, 'rate_limited'))).toBe('rate_limited');
    expect(loginErrorCode(failure(401, 'unauthenticated'))).toBe('bad_credentials');
    expect(loginErrorCode(failure(401, 'unauthenticated', 'temporary_password_expired'))).toBe(
      'temporary_password_expired',
    );
  });
});
