import type { TErrorReason, TFieldError, TLocalized } from '@madoguchi/shared';

import type { TApiFailure } from '../../lib/api-client';

/** What every staff server action returns; the client shows it in an aria-live region. */
export type TActionResult<T = undefined> =
  | { ok: true; message: TLocalized; data: T }
  | {
      ok: false;
      message: TLocalized;
      fields: TFieldError[];
      /** Someone else saved the case (or referral) first: reload, keep what was typed. */
      conflict: boolean;
      /** details.reason of the API error, e.g. eligibility_warning. */
      reason?: string;
      /** Eligibility warnings to acknowledge (referrals). */
      warnings?: TLocalized[];
    };

export const CONFLICT_MESSAGE: TLocalized = {
  ja: 'このケースは他の人が更新しました — 再読み込みしてください',
  en: 'This case changed — reload',
};

export const INVALID_INPUT_MESSAGE: TLocalized = {
  ja: '入力内容を確認してください。',
  en: 'Please check what you entered.',
};

export function succeeded<T>(message: TLocalized, data: T): TActionResult<T> {
  return { ok: true, message, data };
}

export function invalid(
  fields: TFieldError[],
  message: TLocalized = INVALID_INPUT_MESSAGE,
): TActionResult<never> {
  return { ok: false, message, fields, conflict: false };
}

/** Someone saved first: cases and referrals alike answer 409 with this reason. */
const VERSION_CONFLICT: TErrorReason = 'version_conflict';

export function fromApiError(
  error: Pick<TApiFailure, 'status' | 'message' | 'fields' | 'reason' | 'details'>,
): TActionResult<never> {
  const conflict = error.status === 409 && error.reason === VERSION_CONFLICT;
  const warnings = Array.isArray(error.details['warnings'])
    ? (error.details['warnings'] as unknown[]).filter(
        (w): w is TLocalized => typeof w === 'object' && w !== null && 'ja' in w && 'en' in w,
      )
    : undefined;
  return {
    ok: false,
    message: conflict ? CONFLICT_MESSAGE : error.message,
    fields: error.fields,
    conflict,
    reason: error.reason,
    warnings,
  };
}

/** The message for one field (dotted path), if the last result has one. */
export function fieldMessage(result: TActionResult<unknown> | null, path: string): TLocalized | undefined {
  if (!result || result.ok) {
    return undefined;
  }
  return result.fields.find((field) => field.path === path)?.message;
}
