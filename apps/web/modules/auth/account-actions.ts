'use server';

import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type TErrorReason,
  type TLocalized,
} from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import type { TApiFailure } from '../../lib/api-client';
import { getStaffSession, requireStaff, saveStaffSession, type TStaffSession } from '../../lib/auth';
import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import {
  CODE_FORMAT,
  normaliseEnrolmentCode,
  normaliseTotpCode,
  passwordInputErrors,
  toFormFieldErrors,
  type TPasswordInput,
} from './account-messages';
import {
  apiChangePassword,
  apiConfirmTotpEnrolment,
  apiDisableTotp,
  apiMe,
  apiRegenerateRecoveryCodes,
  apiStartTotpEnrolment,
} from './auth-api';
import { ENROLMENT_PATH, forcedStep, forcedStepOfApiError, forcedStepPath } from './forced-step';
import { qrCode, type TQrCode } from './qr-code';
import { withAccountState } from './session-token';

/*
 * The staff account's server actions: change the password, enrol TOTP (with the enrolment code when the
 * session is held until it enrols), new recovery codes, turn TOTP off. The password change and enrolment
 * also serve the restricted sessions of a first sign-in, so they call the API with the session's token
 * directly (auth-api.ts) and then bring the session cookie in step with GET /auth/me.
 */

const ACCOUNT_PAGE = '/account';
const TOTP_ALREADY_ENABLED: TErrorReason = 'totp_already_enabled';
const DEFAULT_NEXT = '/cases';

function failure(error: TApiFailure): TActionResult<never> {
  if (error.status === 401) {
    // The session ended meanwhile (signed out elsewhere, deactivated).
    redirect('/login?reason=expired');
  }
  const step = forcedStepOfApiError(error);
  if (step) {
    redirect(forcedStepPath(step));
  }
  return invalid(toFormFieldErrors(error.fields), error.message);
}

function codeError(): TActionResult<never> {
  return invalid([{ path: 'code', code: 'format', message: CODE_FORMAT }]);
}

/**
 * Re-reads the account and rewrites the session cookie to match; returns the page the person goes to
 * next (the next forced step, or `fallback`). Without an answer from the API the given flags are kept.
 */
async function syncSession(
  session: TStaffSession,
  assumed: Partial<Pick<TStaffSession, 'passwordChangeRequired' | 'mfaEnrolmentRequired' | 'totpEnabled'>>,
  fallback: string,
): Promise<string> {
  const me = await apiMe(session.accessToken);
  const next = me.ok ? withAccountState(session, me.data) : { ...session, ...assumed };
  await saveStaffSession(next);
  const step = forcedStep(next);
  return step ? forcedStepPath(step) : fallback;
}

export type TPasswordChanged = { next: string | null };

/**
 * Changes the password. After a forced change the reply names the next page (the enrolment when the role
 * requires TOTP, else the dashboard); from the account page it is null and the form says it is done.
 */
export async function changePassword(input: TPasswordInput): Promise<TActionResult<TPasswordChanged>> {
  const session = await requireStaff({ during: 'password_change' });
  const values = {
    currentPassword: String(input.currentPassword ?? ''),
    newPassword: String(input.newPassword ?? ''),
    confirmPassword: String(input.confirmPassword ?? ''),
  };
  const errors = passwordInputErrors(values, PASSWORD_MIN_LENGTH);
  if (
    values.newPassword.length > PASSWORD_MAX_LENGTH ||
    values.currentPassword.length > PASSWORD_MAX_LENGTH
  ) {
    errors.push({
      path: 'newPassword',
      code: 'too_long',
      message: { ja: 'パスワードが長すぎます。', en: 'The password is too long.' },
    });
  }
  if (errors.length > 0) {
    return invalid(errors);
  }
  const result = await apiChangePassword(session.accessToken, {
    currentPassword: values.currentPassword,
    newPassword: values.newPassword,
  });
  if (!result.ok) {
    return failure(result.error);
  }
  const forced = session.passwordChangeRequired;
  const after = await syncSession(session, { passwordChangeRequired: false }, DEFAULT_NEXT);
  // The enrolment page then confirms the change before asking for the next step.
  const next = after === ENROLMENT_PATH ? `${ENROLMENT_PATH}?passwordChanged=1` : after;
  revalidatePath(ACCOUNT_PAGE);
  return succeeded(
    {
      ja: 'パスワードを変更しました。ほかの端末でのログインは終了しました。',
      en: 'Your password has been changed. Sign-ins on other devices have ended.',
    },
    { next: forced ? next : null },
  );
}

export type TEnrolmentSecret = { secret: string; otpauthUri: string; qr: TQrCode };

/**
 * Step 1 of enrolment: a new secret, its otpauth:// URI and the QR code of that URI (each call replaces
 * an unfinished enrolment, so it can restart). The enrolment code is sent when given; the API asks for
 * it when the session is held until it enrols.
 */
export async function startTotpEnrolment(input: {
  enrolmentCode?: string;
}): Promise<TActionResult<TEnrolmentSecret>> {
  const session = await requireStaff({ during: 'mfa_enrolment' });
  const enrolmentCode = normaliseEnrolmentCode(String(input.enrolmentCode ?? ''));
  const result = await apiStartTotpEnrolment(session.accessToken, enrolmentCode ? { enrolmentCode } : {});
  if (!result.ok) {
    if (result.error.reason === TOTP_ALREADY_ENABLED) {
      return invalid([], {
        ja: '二要素認証はすでに登録されています。',
        en: 'Two-factor authentication is already set up.',
      });
    }
    return failure(result.error);
  }
  return succeeded(
    { ja: 'キーを発行しました。', en: 'A key has been issued.' },
    { ...result.data, qr: qrCode(result.data.otpauthUri) },
  );
}

export type TRecoveryCodes = { recoveryCodes: string[]; next: string };

/** Step 2: the first code from the app proves the secret was stored; the recovery codes come back once. */
export async function confirmTotpEnrolment(input: { code: string }): Promise<TActionResult<TRecoveryCodes>> {
  const session = await requireStaff({ during: 'mfa_enrolment' });
  const code = normaliseTotpCode(String(input.code ?? ''));
  if (!code) {
    return codeError();
  }
  const result = await apiConfirmTotpEnrolment(session.accessToken, code);
  if (!result.ok) {
    return failure(result.error);
  }
  const next = await syncSession(session, { totpEnabled: true, mfaEnrolmentRequired: false }, DEFAULT_NEXT);
  revalidatePath(ACCOUNT_PAGE);
  return succeeded(
    { ja: '二要素認証を登録しました。', en: 'Two-factor authentication is on.' },
    { recoveryCodes: result.data.recoveryCodes, next },
  );
}

/** A new set of recovery codes for a current code from the app; the old set stops working. */
export async function regenerateRecoveryCodes(input: {
  code: string;
}): Promise<TActionResult<TRecoveryCodes>> {
  const session = await requireStaff();
  const code = normaliseTotpCode(String(input.code ?? ''));
  if (!code) {
    return codeError();
  }
  const result = await apiRegenerateRecoveryCodes(session.accessToken, code);
  if (!result.ok) {
    return failure(result.error);
  }
  revalidatePath(ACCOUNT_PAGE);
  return succeeded(
    {
      ja: '新しい回復コードを発行しました。前の回復コードはもう使えません。',
      en: 'New recovery codes have been issued. The previous ones no longer work.',
    },
    { recoveryCodes: result.data.recoveryCodes, next: ACCOUNT_PAGE },
  );
}

const TOTP_REQUIRED: TLocalized = {
  ja: 'この役割では二要素認証が必須のため、解除できません。',
  en: 'Two-factor authentication is required for your role and cannot be turned off.',
};

/** Turns TOTP off (roles whose policy allows it); a current code from the app confirms it. */
export async function disableTotp(input: { code: string }): Promise<TActionResult> {
  const session = await requireStaff();
  const code = normaliseTotpCode(String(input.code ?? ''));
  if (!code) {
    return codeError();
  }
  const result = await apiDisableTotp(session.accessToken, code);
  if (!result.ok) {
    if (result.error.status === 403 && !forcedStepOfApiError(result.error)) {
      return invalid([], TOTP_REQUIRED);
    }
    return failure(result.error);
  }
  await syncSession(session, { totpEnabled: false }, ACCOUNT_PAGE);
  revalidatePath(ACCOUNT_PAGE);
  return succeeded({ ja: '二要素認証を解除しました。', en: 'Two-factor authentication is off.' }, undefined);
}

/**
 * Brings the session cookie in step with the account (say an admin changed the role's policy meanwhile)
 * and names the page to go to: for the "continue" buttons of the step pages. Any signed-in session may
 * ask, restricted or not: it only re-reads its own account.
 */
export async function refreshAccountState(): Promise<{ next: string }> {
  const session = await getStaffSession();
  if (!session) {
    redirect('/login?reason=expired');
  }
  return { next: await syncSession(session, {}, DEFAULT_NEXT) };
}
