// Server side only: called from the status page's server action (status-actions.ts).
import { randomUUID } from 'node:crypto';

import {
  type TFieldError,
  type TIntakeStatus,
  type TLocalized,
  toFieldErrors,
  ZPersonRequestCreate,
  ZPersonRequestKind,
} from '@madoguchi/shared';

import { createPersonRequest, intakeStatus } from '../../lib/api';
import type { TFuriganaMap } from '../intake/furigana-types';
import type { TStatusFormState, TStatusFormValues } from './status-form-state';

const REQUEST_NOT_SENT: TLocalized = {
  ja: '請求を送れませんでした。下の内容をたしかめてください。',
  en: 'Your request was not sent. Please check the message below.',
};
const CHECK_INPUT: TLocalized = { ja: '入力をたしかめてください。', en: 'Please check what you entered.' };

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * The status page's correction or deletion request (intent=request, a plain form POST): the pair comes back in
 * hidden fields of the POST body, the API checks it exactly like a look-up. The page comes back with the
 * request listed (or the refusal named at the form), from the same pair.
 */
export async function sendPersonRequest(
  form: FormData,
  furiganaOf: (form: FormData, result: TIntakeStatus) => TFuriganaMap | undefined,
): Promise<TStatusFormState> {
  const credentials: TStatusFormValues = {
    receiptNumber: text(form, 'receiptNumber'),
    accessCode: text(form, 'accessCode'),
  };
  const attempt = randomUUID();
  const kind = ZPersonRequestKind.safeParse(text(form, 'kind'));
  const lookupFailed = (error: { code: string; message: TLocalized; fields: readonly TFieldError[] }) =>
    ({
      status: 'failed',
      attempt,
      code: error.code,
      values: credentials,
      message: error.message,
      fields: error.fields,
    }) satisfies TStatusFormState;
  if (!kind.success) {
    return lookupFailed({ code: 'validation_failed', message: CHECK_INPUT, fields: [] });
  }
  const typed = text(form, 'text');
  const notSent = async (code: string, message: TLocalized, fields: readonly TFieldError[]) => {
    // The page is shown again around the error, from a fresh look-up with the same pair.
    const current = await intakeStatus(credentials);
    if (!current.ok) {
      return lookupFailed(current.error);
    }
    return {
      status: 'found',
      result: current.data,
      credentials,
      replyKey: randomUUID(),
      request: { status: 'failed', attempt, kind: kind.data, code, message, fields, text: typed },
      furigana: furiganaOf(form, current.data),
    } satisfies TStatusFormState;
  };

  const parsed = ZPersonRequestCreate.safeParse({ ...credentials, kind: kind.data, text: typed });
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error);
    if (fields.some((field) => field.path !== 'text')) {
      // The hidden pair was changed: start again from the look-up.
      return lookupFailed({ code: 'validation_failed', message: CHECK_INPUT, fields: [] });
    }
    return notSent('validation_failed', REQUEST_NOT_SENT, fields);
  }
  const sent = await createPersonRequest(parsed.data);
  if (sent.ok) {
    return {
      status: 'found',
      result: sent.data,
      credentials,
      replyKey: randomUUID(),
      request: { status: 'sent', attempt, kind: kind.data },
      furigana: furiganaOf(form, sent.data),
    };
  }
  if (sent.error.code === 'not_found') {
    // Wrong pair (or back-off): the look-up's own answer, and the form to enter the numbers again.
    return lookupFailed(sent.error);
  }
  // A field the API refused (a correction without text) is named at the form under the same title as ours.
  const title = sent.error.code === 'validation_failed' ? REQUEST_NOT_SENT : sent.error.message;
  return notSent(sent.error.code, title, sent.error.fields);
}
