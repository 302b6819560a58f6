import type { TLocalized } from '@madoguchi/shared';

/** What authorize() reports to the sign-in form (next-auth passes it on as `error`). */
export const LOGIN_ERROR_CODES = [
  'bad_credentials',
  'locked',
  'rate_limited',
  'mfa_required',
  'mfa_expired',
  'bad_code',
  'unavailable',
] as const;
export type TLoginErrorCode = (typeof LOGIN_ERROR_CODES)[number];

export const LOGIN_MESSAGES: Readonly<Record<Exclude<TLoginErrorCode, 'mfa_required'>, TLocalized>> = {
  bad_credentials: {
    ja: 'メールアドレスまたはパスワードが違います。',
    en: 'The e-mail address or password is not right.',
  },
  locked: {
    ja: 'ログインの失敗が続いたため、15分間ロックされています。時間をおいてからもう一度ためすか、管理者に連絡してください。',
    en: 'Too many failed sign-ins: the account is locked for 15 minutes. Try again later or contact an administrator.',
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

export function loginErrorMessage(error: string | null | undefined): TLocalized {
  const known = LOGIN_ERROR_CODES.find((code) => code === error);
  if (!known || known === 'mfa_required') {
    return LOGIN_MESSAGES.unavailable;
  }
  return LOGIN_MESSAGES[known];
}

/** Only paths of this app, and never the sign-in pages themselves: no open redirect through callbackUrl. */
export function safeCallbackPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) {
    return '/cases';
  }
  if (raw.startsWith('/login') || raw.startsWith('/api/')) {
    return '/cases';
  }
  return raw;
}
