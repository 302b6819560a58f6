'use server';

import { randomUUID } from 'node:crypto';

import { listWindows, submitIntake } from '../../lib/api';
import { receiptFurigana } from './furigana';
import { enteredAge, intakeBody, valuesFromFormData } from './intake-form-data';
import type { TIntakeFormState } from './intake-form-state';

// The API's own rule for Idempotency-Key.
const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

const ALREADY_SENT = {
  ja: 'この相談は、すでに一度送られています。内容を変えて、新しい相談として送るときは、もう一度「この内容で送る」を押してください。',
  en: 'This consultation was already sent once. To send the changed text as a new consultation, press "Send" again.',
};

/**
 * The consultation form's submit: a plain form POST without JavaScript, a server action call with it.
 * The form carries a random key made when the page was rendered, so a double tap or a reload of the
 * result page returns the first receipt instead of opening a second case.
 */
export async function submitIntakeAction(
  _previous: TIntakeFormState,
  form: FormData,
): Promise<TIntakeFormState> {
  const values = valuesFromFormData(form);
  const submitted = form.get('idempotencyKey');
  const idempotencyKey =
    typeof submitted === 'string' && KEY_PATTERN.test(submitted) ? submitted : randomUUID();

  const body = intakeBody(values);
  const result = await submitIntake(body, idempotencyKey);
  if (!result.ok) {
    if (result.error.code === 'conflict') {
      // The key already opened a case with other content (back button, edit, send). Sending again is a
      // deliberate second consultation, so it gets a key of its own.
      return {
        status: 'failed',
        attempt: randomUUID(),
        values,
        idempotencyKey: randomUUID(),
        message: ALREADY_SENT,
        fields: [],
      };
    }
    return {
      status: 'failed',
      attempt: randomUUID(),
      values,
      idempotencyKey,
      message: result.error.message,
      fields: result.error.fields,
      unavailable: result.error.code === 'unavailable',
      ...(result.error.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: result.error.retryAfterSeconds }),
    };
  }

  // The receipt names windows by slug; the directory adds how to reach them. If it cannot be read, the
  // receipt still shows the reasons and links to the directory.
  const directory = await listWindows();
  const bySlug = new Map(directory.ok ? directory.data.map((window) => [window.slug, window]) : []);
  const windows = result.data.triage.recommendations.flatMap((recommendation) => {
    const window = bySlug.get(recommendation.windowSlug);
    return window ? [window] : [];
  });
  const age = enteredAge(values);
  const furigana = receiptFurigana(age, result.data.triage);
  return {
    status: 'submitted',
    receipt: result.data,
    windows,
    age,
    courtPapersReceived: body.answers?.courtPapersReceived,
    ...(furigana ? { furigana } : {}),
  };
}
