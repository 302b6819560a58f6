'use server';

import type { TLocalized } from '@madoguchi/shared';

import { requireStaff, saveStaffSession } from '../../lib/auth';
import { apiConfirmTotpEnrolment, apiStartTotpEnrolment } from './auth-api';

export type TEnrolStart =
  { ok: true; secret: string; otpauthUri: string } | { ok: false; message: TLocalized };
export type TEnrolConfirm = { ok: true; recoveryCodes: string[] } | { ok: false; message: TLocalized };

const UNAVAILABLE: TLocalized = {
  ja: 'いまサーバーにつながりません。少し時間をおいてからもう一度ためしてください。',
  en: 'The server cannot be reached right now. Please try again in a little while.',
};

/** Step 1: a new secret (each call replaces the previous one, so a half-done enrolment can restart). */
export async function startTotpEnrolment(): Promise<TEnrolStart> {
  const session = await requireStaff({ allowEnrolment: true });
  const result = await apiStartTotpEnrolment(session.accessToken);
  if (result.ok) {
    return { ok: true, ...result.data };
  }
  if (result.error.reason === 'totp_already_enabled') {
    return {
      ok: false,
      message: {
        ja: '二要素認証はすでに登録されています。',
        en: 'Two-factor authentication is already set up.',
      },
    };
  }
  return { ok: false, message: result.error.message ?? UNAVAILABLE };
}

/** Step 2: the first code from the app proves the secret was stored; the recovery codes come back once. */
export async function confirmTotpEnrolment(code: string): Promise<TEnrolConfirm> {
  const session = await requireStaff({ allowEnrolment: true });
  const normalized = code.normalize('NFKC').replace(/\s/g, '');
  if (!/^\d{6}$/.test(normalized)) {
    return {
      ok: false,
      message: { ja: '6桁の数字を入力してください。', en: 'Enter the 6 digits shown in the app.' },
    };
  }
  const result = await apiConfirmTotpEnrolment(session.accessToken, normalized);
  if (!result.ok) {
    if (result.error.code === 'validation_failed') {
      return {
        ok: false,
        message: {
          ja: 'コードが違います。アプリに表示されている、いまのコードを入力してください。',
          en: 'The code is not right. Enter the code the app shows now.',
        },
      };
    }
    return { ok: false, message: result.error.message ?? UNAVAILABLE };
  }
  await saveStaffSession({ ...session, totpEnabled: true, mfaEnrolmentRequired: false });
  return { ok: true, recoveryCodes: result.data.recoveryCodes };
}
