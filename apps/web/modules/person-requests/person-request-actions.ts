'use server';

import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { invalid, succeeded } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import type { TPersonRequestDecisionState } from './person-request-state';

const ZId = z.uuid();

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * A counselor completes or refuses a person's request (a plain form POST, or in place with JavaScript). The API
 * checks the reason (refusal) or the description of the change (correction), and a deletion shreds the case's
 * personal data; the case page is refreshed so the request shows as decided.
 */
export async function decidePersonRequest(
  _previous: TPersonRequestDecisionState,
  form: FormData,
): Promise<TPersonRequestDecisionState> {
  const caseId = text(form, 'caseId');
  const requestId = text(form, 'requestId');
  if (!ZId.safeParse(caseId).success || !ZId.safeParse(requestId).success) {
    return {
      status: 'failed',
      result: invalid([], { ja: '請求が見つかりません。', en: 'The request was not found.' }),
    };
  }
  const outcome = text(form, 'outcome');
  const result = await sendAction(contract.personRequests.decide, {
    params: { id: requestId },
    body: { outcome, reason: text(form, 'reason'), change: text(form, 'change') },
    revalidate: `/cases/${caseId}`,
    success: () =>
      succeeded(
        outcome === 'refused'
          ? {
              ja: '請求をお断りしました。理由はご本人に表示されます。',
              en: 'The request was refused; the person sees the reason.',
            }
          : { ja: '請求に対応しました。', en: 'The request was completed.' },
        undefined,
      ),
  });
  return result.ok ? { status: 'decided', result } : { status: 'failed', result };
}
