import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@madoguchi/shared';
import { AppError } from '../../common/errors/app-error';

let common: Set<string> | undefined;

/**
 * ~49,000 passwords seen most often in breaches (zxcvbn-ts's common list), compared case-insensitively.
 * Loaded when a password is first set: the package holds every zxcvbn dictionary, ~14 MB resident that an API
 * process serving intakes and the queue never needs (docs/performance.md, "Memory").
 */
function commonPasswords(): Set<string> {
  if (!common) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
    common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  }
  return common;
}

/** NIST 800-63B style: length and a blocklist, no composition rules. */
export function assertAcceptablePassword(password: string, context: { email?: string } = {}): void {
  const problems: { code: string; message: { ja: string; en: string } }[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push({
      code: 'too_short',
      message: {
        ja: `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください`,
        en: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
      },
    });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push({
      code: 'too_long',
      message: { ja: 'パスワードが長すぎます', en: 'The password is too long' },
    });
  }
  const lower = password.toLowerCase();
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  if (commonPasswords().has(lower) || (localPart && localPart.length >= 4 && lower.includes(localPart))) {
    problems.push({
      code: 'too_common',
      message: {
        ja: 'よく使われるパスワードやメールアドレスを含むパスワードは使えません',
        en: 'This password is too common or contains your e-mail name',
      },
    });
  }
  if (problems.length > 0) {
    throw new AppError('validation_failed', {
      message: 'Password rejected by policy',
      details: { fields: problems.map((p) => ({ path: 'password', ...p })) },
    });
  }
}
