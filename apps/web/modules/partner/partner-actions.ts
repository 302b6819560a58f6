'use server';

import { randomUUID } from 'node:crypto';

import {
  contract,
  PARTNER_LINK_TOKEN_PATTERN,
  type TFieldError,
  type TLocalized,
  toFieldErrors,
  ZPartnerAcknowledge,
  ZPartnerComplete,
  ZPartnerDecline,
  ZPartnerLinkAction,
} from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';

import { publicCall } from '../../lib/api';
import { TEXT_FIELD, type TPartnerFormState } from './partner-form-state';

const CHECK_INPUT: TLocalized = { ja: '入力をお確かめください。', en: 'Please check what you entered.' };
const UNKNOWN: TLocalized = {
  ja: 'このリンクは見つかりませんでした。紹介状に印刷されたURLを、もう一度お確かめください。',
  en: 'This link was not found. Please check the URL printed on the referral letter.',
};

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * One of the window's answers (acknowledge, complete, decline), from a plain form POST too: the token and the action
 * come as hidden fields, the text is checked with the route's own schema before anything is sent.
 */
export async function answerPartnerLink(
  _previous: TPartnerFormState,
  form: FormData,
): Promise<TPartnerFormState> {
  const token = text(form, 'token');
  const parsedAction = ZPartnerLinkAction.safeParse(text(form, 'action'));
  const action = parsedAction.success ? parsedAction.data : 'acknowledge';
  // Each form's field is named after its action too (`complete-outcomeNote`), so ids stay unique on the page.
  const typed = text(form, `${action}-${TEXT_FIELD[action]}`);
  const failed = (
    message: TLocalized,
    fields: readonly TFieldError[],
    reason?: string,
  ): TPartnerFormState => ({
    status: 'failed',
    attempt: randomUUID(),
    action,
    reason,
    message,
    fields,
    text: typed,
  });
  if (!parsedAction.success || !PARTNER_LINK_TOKEN_PATTERN.test(token)) {
    return failed(UNKNOWN, [], 'partner_link_unknown');
  }

  const params = { token };
  let result;
  if (action === 'acknowledge') {
    const body = ZPartnerAcknowledge.safeParse({ note: typed });
    if (!body.success) {
      return failed(CHECK_INPUT, toFieldErrors(body.error));
    }
    result = await publicCall(contract.partnerLinks.acknowledge, { params, body: body.data });
  } else if (action === 'complete') {
    const body = ZPartnerComplete.safeParse({ outcomeNote: typed });
    if (!body.success) {
      return failed(CHECK_INPUT, toFieldErrors(body.error));
    }
    result = await publicCall(contract.partnerLinks.complete, { params, body: body.data });
  } else {
    const body = ZPartnerDecline.safeParse({ reason: typed });
    if (!body.success) {
      return failed(CHECK_INPUT, toFieldErrors(body.error));
    }
    result = await publicCall(contract.partnerLinks.decline, { params, body: body.data });
  }
  if (!result.ok) {
    return failed(result.error.message, result.error.fields, result.error.reason);
  }
  // The page shows the referral's new state and the actions left.
  revalidatePath(`/p/${token}`);
  return { status: 'done', answer: result.data };
}
