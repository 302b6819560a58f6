'use server';

import { randomUUID } from 'node:crypto';

import {
  canonicalAccessCode,
  canonicalReceiptNumber,
  type TFieldError,
  type TIntakeStatus,
  toFieldErrors,
  ZIntakeStatusRequest,
  ZPersonReply,
} from '@madoguchi/shared';

import { intakeStatus, replyToDesk } from '../../lib/api';
import { statusFurigana } from '../intake/furigana';
import type { TFuriganaMap } from '../intake/furigana-types';
import { sendPersonRequest } from './person-request-actions';
import type { TStatusFormState, TStatusFormValues } from './status-form-state';

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

const REPLY_NOT_SENT = {
  ja: '返信を送れませんでした。下の内容をたしかめてください。',
  en: 'Your reply was not sent. Please check the message below.',
};

/** A key per filled-in form (a hidden field), so the same POST sent twice records the reply once. */
const REPLY_KEY = /^[0-9a-f-]{36}$/;

/**
 * Receipt number + access code → the case's status, without JavaScript too (a plain form POST). The same
 * action takes the person's reply (intent=reply) and their correction or deletion request (intent=request): the pair comes back in hidden fields of
 * the POST body (never the URL), the API checks it exactly like a look-up.
 */
export async function checkStatusAction(
  _previous: TStatusFormState,
  form: FormData,
): Promise<TStatusFormState> {
  if (text(form, 'intent') === 'reply') {
    return sendReply(form);
  }
  if (text(form, 'intent') === 'request') {
    return sendPersonRequest(form, furiganaOf);
  }
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
  return {
    status: 'found',
    result: result.data,
    credentials: values,
    replyKey: randomUUID(),
    furigana: furiganaOf(form, result.data),
  };
}

/**
 * The page's readings when it shows furigana: asked for (`furigana=on` from the toggle or kept by the reply
 * form), else when the API says a child consulted; `furigana=off` turns them off for anyone.
 */
function furiganaOf(form: FormData, result: TIntakeStatus): TFuriganaMap | undefined {
  const asked = text(form, 'furigana');
  const on = asked === 'on' || (asked !== 'off' && result.readingAid);
  return on ? statusFurigana(result) : undefined;
}

async function sendReply(form: FormData): Promise<TStatusFormState> {
  const credentials: TStatusFormValues = {
    receiptNumber: text(form, 'receiptNumber'),
    accessCode: text(form, 'accessCode'),
  };
  const body = text(form, 'body');
  const attempt = randomUUID();
  const sentKey = text(form, 'replyKey');
  const key = REPLY_KEY.test(sentKey) ? sentKey : randomUUID();
  const notSent = async (
    code: string,
    message: typeof CHECK_INPUT,
    fields: readonly TFieldError[],
  ): Promise<TStatusFormState> => {
    // The conversation is shown again around the error, from a fresh look-up with the same pair.
    const current = await intakeStatus(credentials);
    if (!current.ok) {
      return lookupFailed(credentials, current.error);
    }
    return {
      status: 'found',
      result: current.data,
      credentials,
      // The same key again: the text was not recorded, and a resend of this form is the same request.
      replyKey: key,
      reply: { status: 'failed', attempt, code, message, fields, body },
      furigana: furiganaOf(form, current.data),
    };
  };

  const parsed = ZPersonReply.safeParse({ ...credentials, body });
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error);
    if (fields.some((field) => field.path !== 'body')) {
      // The hidden pair was changed: start again from the look-up.
      return lookupFailed(credentials, { code: 'validation_failed', message: CHECK_INPUT, fields: [] });
    }
    return notSent('validation_failed', REPLY_NOT_SENT, fields);
  }
  const sent = await replyToDesk(parsed.data, key);
  if (sent.ok) {
    return {
      status: 'found',
      result: sent.data,
      credentials,
      replyKey: randomUUID(),
      reply: { status: 'sent', attempt },
      furigana: furiganaOf(form, sent.data),
    };
  }
  if (sent.error.code === 'not_found') {
    // Wrong pair (or back-off): the look-up's own answer, and the form to enter the numbers again.
    return lookupFailed(credentials, sent.error);
  }
  return notSent(sent.error.code, sent.error.message, sent.error.fields);
}

function lookupFailed(
  values: TStatusFormValues,
  error: { code: string; message: typeof CHECK_INPUT; fields: readonly TFieldError[] },
): TStatusFormState {
  return {
    status: 'failed',
    attempt: randomUUID(),
    code: error.code,
    values,
    message: error.message,
    fields: error.fields,
  };
}
