import type { TFieldError, TLocalized } from '@madoguchi/shared';

/*
 * Messages and input checks of the account's forms (password, two-factor), shared by the server actions
 * and their tests. The API checks everything again; these only spare a round trip and say it plainly.
 */

export const SERVER_UNAVAILABLE: TLocalized = {
  ja: 'いまサーバーにつながりません。少し時間をおいてからもう一度ためしてください。',
  en: 'The server cannot be reached right now. Please try again in a little while.',
};

export const CODE_FORMAT: TLocalized = {
  ja: '認証アプリに表示されている6桁の数字を入力してください。',
  en: 'Enter the 6 digits shown in your authenticator app.',
};

export const CODE_WRONG: TLocalized = {
  ja: 'コードが違います。認証アプリに表示されている、いまのコードを入力してください。',
  en: 'The code is not right. Enter the code the app shows now.',
};

export const ENROLMENT_CODE_REQUIRED: TLocalized = {
  ja: '管理者から受け取った登録コードを入力してください。',
  en: 'Enter the enrolment code you received from an administrator.',
};

export const ENROLMENT_CODE_WRONG: TLocalized = {
  ja: '登録コードが違うか、有効期限が切れています。確かめて入力するか、管理者に新しい登録コードを依頼してください。',
  en: 'The enrolment code is wrong or has expired. Check it, or ask an administrator for a new one.',
};

/** A 6-digit TOTP code as people type it (full-width digits, spaces), or null when it cannot be one. */
export function normaliseTotpCode(raw: string): string | null {
  const code = raw.normalize('NFKC').replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/** An enrolment code such as `K7QP-4MZT-8WXY` as typed (full width, lower case, spaces); the API compares it. */
export function normaliseEnrolmentCode(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase();
}

export type TPasswordInput = { currentPassword: string; newPassword: string; confirmPassword: string };

/** Form-level checks of a password change; the strength rules (length, common passwords) are the API's. */
export function passwordInputErrors(input: TPasswordInput, minLength: number): TFieldError[] {
  const errors: TFieldError[] = [];
  if (!input.currentPassword) {
    errors.push({
      path: 'currentPassword',
      code: 'required',
      message: { ja: '今のパスワードを入力してください。', en: 'Enter your current password.' },
    });
  }
  if ([...input.newPassword].length < minLength) {
    errors.push({
      path: 'newPassword',
      code: 'too_short',
      message: {
        ja: `新しいパスワードは${minLength}文字以上にしてください。`,
        en: `Use at least ${minLength} characters for the new password.`,
      },
    });
  }
  if (input.confirmPassword !== input.newPassword) {
    errors.push({
      path: 'confirmPassword',
      code: 'mismatch',
      message: {
        ja: '確認のために入力したパスワードが、新しいパスワードと一致しません。',
        en: 'The confirmation does not match the new password.',
      },
    });
  } else if (input.currentPassword && input.newPassword === input.currentPassword) {
    errors.push({
      path: 'newPassword',
      code: 'unchanged',
      message: {
        ja: '今のパスワードとは違うパスワードにしてください。',
        en: 'Choose a password different from the current one.',
      },
    });
  }
  return errors;
}

/**
 * The API's field errors on the form's fields: its password policy names the field `password` (or
 * `newPassword`); the TOTP code and the enrolment code keep their names. A wrong TOTP or enrolment code
 * gets a message that says what to do next.
 */
export function toFormFieldErrors(fields: readonly TFieldError[]): TFieldError[] {
  return fields.map((field) => {
    if (field.path === 'password') {
      return { ...field, path: 'newPassword' };
    }
    if (field.path === 'code' && field.code === 'wrong') {
      return { ...field, message: CODE_WRONG };
    }
    if (field.path === 'enrolmentCode') {
      return {
        ...field,
        message: field.code === 'required' ? ENROLMENT_CODE_REQUIRED : ENROLMENT_CODE_WRONG,
      };
    }
    return field;
  });
}
