import type { TLocalized } from '@madoguchi/shared';
import { AppError } from '../../common/errors/app-error';

export function caseNotFound(id: string): AppError {
  return new AppError('not_found', {
    message: `No case ${id}`,
    userMessage: { ja: 'この相談は見つかりませんでした。', en: 'This case was not found.' },
  });
}

/** Someone saved the case after this client read it: reload, then redo the change. */
export function versionConflict(currentVersion: number): AppError {
  return new AppError('conflict', {
    message: 'The case was changed by someone else since it was read',
    userMessage: {
      ja: 'ほかの人がこの相談を先に更新しました。画面を読み込み直してから、もう一度変更してください。',
      en: 'Someone else updated this case first. Reload it, then make your change again.',
    },
    details: { reason: 'version_conflict', currentVersion },
  });
}

/** A closed case takes no new referral and is never moved to `referred`: reopening needs its own reason. */
export function caseClosedForReferral(id: string, action: 'create' | 'send'): AppError {
  return new AppError('conflict', {
    message: `Case ${id} is closed; cannot ${action} a referral`,
    userMessage: {
      ja: '終了した相談では紹介できません。先に相談を再開してください。',
      en: 'This case is closed. Reopen it before referring.',
    },
    details: { reason: 'case_closed' },
  });
}

/** The case is a duplicate merged into another: it is worked through its survivor until the merge is undone. */
export function caseMergedConflict(id: string): AppError {
  return new AppError('conflict', {
    message: `Case ${id} is merged into another case`,
    userMessage: {
      ja: 'この相談は別の相談に統合されています。統合先の相談で対応するか、統合を取り消してください。',
      en: 'This case is merged into another. Work on the case it was merged into, or undo the merge.',
    },
    details: { reason: 'case_merged' },
  });
}

/** A 400 shaped like the validation pipe's, for rules that need the stored case to check. */
export function fieldError(
  path: string,
  code: string,
  message: TLocalized,
  extra: Record<string, unknown> = {},
): AppError {
  return new AppError('validation_failed', {
    message: `Request validation failed: ${path} (${code})`,
    details: { ...extra, fields: [{ path, code, message }] },
  });
}

export const REASON_REQUIRED: TLocalized = {
  ja: '理由を書いてください',
  en: 'Please give a reason for this change',
};
