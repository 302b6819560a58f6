import { loginErrorMessage, safeCallbackPath } from './login-messages';

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
    expect(loginErrorMessage('CredentialsSignin').en).toContain('cannot be reached');
    expect(loginErrorMessage(undefined).en).toContain('cannot be reached');
  });
});
