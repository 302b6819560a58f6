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
  ])('%s → %s', (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });
});

describe('loginErrorMessage', () => {
  it('explains known failures and falls back to "unavailable" for anything else', () => {
    expect(loginErrorMessage('bad_credentials').ja).toContain('パスワードが違います');
    expect(loginErrorMessage('CredentialsSignin').en).toContain('cannot be reached');
    expect(loginErrorMessage(undefined).en).toContain('cannot be reached');
  });
});
