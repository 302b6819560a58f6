import type { TLocalized } from '@madoguchi/shared';
import type { ErrorCode } from './app-error';

/** The generic text per error code, for people; details carry the specifics. */
export const ERROR_MESSAGES: Record<ErrorCode, TLocalized> = {
  validation_failed: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' },
  invalid_json: { ja: '送信内容を読み取れませんでした。', en: 'The request body is not valid JSON.' },
  bad_request: { ja: 'リクエストが正しくありません。', en: 'The request is not valid.' },
  unauthenticated: { ja: 'ログインが必要です。', en: 'Please sign in.' },
  forbidden: { ja: 'この操作は許可されていません。', en: 'You are not allowed to do this.' },
  not_found: { ja: '見つかりませんでした。', en: 'Not found.' },
  conflict: {
    ja: '他の操作と重なりました。再読み込みしてください。',
    en: 'This conflicts with another change. Please reload.',
  },
  payload_too_large: { ja: '送信内容が大きすぎます。', en: 'The request is too large.' },
  uri_too_long: { ja: 'URLが長すぎます。', en: 'The URL is too long.' },
  unsupported_media_type: {
    ja: 'この形式の送信には対応していません。',
    en: 'This content type is not supported.',
  },
  rate_limited: {
    ja: '短い時間に多くの送信がありました。少し待ってからもう一度お試しください。',
    en: 'Too many requests. Please wait a moment and try again.',
  },
  internal: {
    ja: '申し訳ありません。システムで問題が起きました。',
    en: 'Sorry, something went wrong on our side.',
  },
  unavailable: {
    ja: 'ただいま混み合っているか障害のため、処理できませんでした(内容は保存されていません)。少し時間をおいて、もう一度お試しください。',
    en: 'We could not process this right now because of heavy load or a fault (nothing was saved). Please try again in a little while.',
  },
};
