import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@madoguchi/shared';
import { AppError } from '../../common/errors/app-error';

// ~49,000 passwords seen most often in breaches (zxcvbn-ts's common list), checked case-insensitively.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

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
  if (COMMON.has(lower) || (localPart && localPart.length >= 4 && lower.includes(localPart))) {
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
