import type { TErrorReason, TLocalized } from '@madoguchi/shared';
import type { TApiFailure } from '../../lib/api-client';

/** What authorize() reports to the sign-in form (next-auth passes it on as `error`). */
export const LOGIN_ERROR_CODES = [
  'bad_credentials',
  'temporary_password_expired',
  'rate_limited',
  'mfa_required',
  'mfa_expired',
  'bad_code',
  'busy',
  'unavailable',
] as const;
export type TLoginErrorCode = (typeof LOGIN_ERROR_CODES)[number];

export const LOGIN_MESSAGES: Readonly<Record<Exclude<TLoginErrorCode, 'mfa_required'>, TLocalized>> = {
  // The API answers wrong credentials and its back-off after repeated failures alike (so nobody can tell, or
  // cause, a lock-out from outside): the message covers both.
  bad_credentials: {
    ja: 'メールアドレスまたはパスワードが違います。まちがいないはずのときは、数分待ってからもう一度ためしてください。',
    en: 'The e-mail address or password is not right. If you are sure they are, wait a few minutes and try again.',
  },
  temporary_password_expired: {
    ja: '仮パスワードの有効期限が切れています。管理者に新しい仮パスワードの発行を依頼してください。',
    en: 'The temporary password has expired. Ask an administrator for a new one.',
  },
  rate_limited: {
    ja: '短い時間にログインが続きました。少し待ってからもう一度ためしてください。',
    en: 'Too many sign-in attempts. Please wait a little and try again.',
  },
  mfa_expired: {
    ja: '確認コードの入力時間が過ぎました。もう一度メールアドレスとパスワードからログインしてください。',
    en: 'The time for the code has run out. Please sign in again with your e-mail address and password.',
  },
  bad_code: {
    ja: '確認コードが違います。認証アプリに表示されている、いまの6桁の数字を入力してください。',
    en: 'The code is not right. Enter the current 6-digit code from your authenticator app.',
  },
  // The API shed the attempt (503 + Retry-After): too many sign-ins at once, e.g. during an attack.
  busy: {
    ja: 'ただいまログインが混み合っています。数秒待ってから、もう一度ためしてください。',
    en: 'Sign-in is very busy right now. Please wait a few seconds and try again.',
  },
  unavailable: {
    ja: 'いまサーバーにつながりません。少し時間をおいてからもう一度ためしてください。',
    en: 'The server cannot be reached right now. Please try again in a little while.',
  },
};

/** Why someone lands on /login (query `reason`). */
export const LOGIN_NOTICES = {
  idle: {
    ja: '30分間操作がなかったため、安全のためにログアウトしました。もう一度ログインしてください。',
    en: 'You were signed out after 30 minutes without activity. Please sign in again.',
  },
  expired: {
    ja: 'ログインの有効期限が切れました。もう一度ログインしてください。',
    en: 'Your session has ended. Please sign in again.',
  },
  signedOut: { ja: 'ログアウトしました。', en: 'You have signed out.' },
} as const satisfies Record<string, TLocalized>;
export type TLoginNotice = keyof typeof LOGIN_NOTICES;

const TEMPORARY_PASSWORD_EXPIRED: TErrorReason = 'temporary_password_expired';

/** What a failed sign-in call means for the form. */
export function loginErrorCode(error: TApiFailure): TLoginErrorCode {
  if (error.code === 'rate_limited' || error.status === 429) {
    // Only the per-address throttle answers 429: wrong passwords and back-off look alike (401).
    return 'rate_limited';
  }
  if (error.code === 'unauthenticated' && error.reason === TEMPORARY_PASSWORD_EXPIRED) {
    return 'temporary_password_expired';
  }
  if (error.code === 'unauthenticated' || error.code === 'validation_failed') {
    return 'bad_credentials';
  }
  if (error.status === 503 && error.reason === 'overloaded') {
    // Shed by the API (its sign-in gate or the password-hashing bulkhead): reachable, only busy.
    return 'busy';
  }
  return 'unavailable';
}

export function loginErrorMessage(error: string | null | undefined): TLocalized {
  const known = LOGIN_ERROR_CODES.find((code) => code === error);
  if (!known || known === 'mfa_required') {
    return LOGIN_MESSAGES.unavailable;
  }
  return LOGIN_MESSAGES[known];
}

const DEFAULT_CALLBACK = '/cases';
const PARSE_BASE = 'http://madoguchi.invalid';

/**
 * Only paths of this app, and never the sign-in pages themselves: no open redirect through callbackUrl. The value
 * is read the way a browser reads it (the WHATWG URL parser drops tabs and newlines and takes a backslash for a
 * slash, so '/\t/evil.example' means '//evil.example'), and only a same-origin path survives, re-serialised.
 */
export function safeCallbackPath(raw: string | null | undefined): string {
  if (!raw || !raw.trimStart().startsWith('/')) {
    return DEFAULT_CALLBACK;
  }
  let url: URL;
  try {
    url = new URL(raw, PARSE_BASE);
  } catch {
    return DEFAULT_CALLBACK;
  }
  if (url.origin !== PARSE_BASE) {
    return DEFAULT_CALLBACK;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path.startsWith('//') || path.startsWith('/login') || path.startsWith('/api/')) {
    return DEFAULT_CALLBACK;
  }
  return path;
}
