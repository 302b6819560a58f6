'use server';

import { randomUUID } from 'node:crypto';

import {
  canonicalAccessCode,
  canonicalReceiptNumber,
  type TFieldError,
  toFieldErrors,
  ZIntakeStatusRequest,
} from '@madoguchi/shared';

import { intakeStatus } from '../../lib/api';
import type { TStatusFormState } from './status-form-state';

const CHECK_INPUT = { ja: '入力をたしかめてください。', en: 'Please check what you entered.' };

// Receipt numbers and access codes never contain 0, O, 1 or I (easily confused on paper): saying so
// helps a person who misread their note, and a code that cannot be ours never counts towards the lock.
const RECEIPT_FORMAT = {
  ja: '受付番号は、英字と数字の8文字です(例: K7QP-4MZT)。0(ゼロ)・O(オー)・1(いち)・I(アイ)は使っていません。',
  en: 'The receipt number has 8 letters and digits (for example K7QP-4MZT). It never contains 0, O, 1 or I.',
};
const ACCESS_CODE_FORMAT = {
  ja: 'アクセスコードは、英字と数字の10文字です(例: 7EDAH-F42E7)。0(ゼロ)・O(オー)・1(いち)・I(アイ)は使っていません。',
  en: 'The access code has 10 letters and digits (for example 7EDAH-F42E7). It never contains 0, O, 1 or I.',
};

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Receipt number + access code → the case's status, without JavaScript too (a plain form POST). */
export async function checkStatusAction(
  _previous: TStatusFormState,
  form: FormData,
): Promise<TStatusFormState> {
  const values = { receiptNumber: text(form, 'receiptNumber'), accessCode: text(form, 'accessCode') };
  const failed = (
    code: string,
    message: typeof CHECK_INPUT,
    fields: readonly TFieldError[],
  ): TStatusFormState => ({
    status: 'failed',
    attempt: randomUUID(),
    code,
    values,
    message,
    fields,
  });

  const parsed = ZIntakeStatusRequest.safeParse(values);
  if (!parsed.success) {
    return failed('validation_failed', CHECK_INPUT, toFieldErrors(parsed.error));
  }
  const fields: TFieldError[] = [];
  if (!canonicalReceiptNumber(parsed.data.receiptNumber)) {
    fields.push({ path: 'receiptNumber', code: 'invalid_format', message: RECEIPT_FORMAT });
  }
  if (!canonicalAccessCode(parsed.data.accessCode)) {
    fields.push({ path: 'accessCode', code: 'invalid_format', message: ACCESS_CODE_FORMAT });
  }
  if (fields.length > 0) {
    return failed('validation_failed', CHECK_INPUT, fields);
  }

  const result = await intakeStatus(parsed.data);
  if (!result.ok) {
    return failed(result.error.code, result.error.message, result.error.fields);
  }
  return { status: 'found', result: result.data };
}
