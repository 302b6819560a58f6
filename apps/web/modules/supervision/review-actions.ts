'use server';

import { contract } from '@madoguchi/shared';
import { redirect } from 'next/navigation';
import { z } from 'zod';

import { requireStaff } from '../../lib/auth';
import { invalid, succeeded } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import type { TReviewState } from './review-state';

const REVIEWS_PAGE = '/stats/reviews';

function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * A supervisor's review of one case from the review queue (a plain form POST, or in place with JavaScript).
 * Recorded, the case leaves the queue and the page says which case was reviewed; refused, the form shows why.
 */
export async function reviewCase(previous: TReviewState, form: FormData): Promise<TReviewState> {
  await requireStaff();
  const attempt = previous.status === 'failed' ? previous.attempt + 1 : 1;
  const caseId = field(form, 'caseId') ?? '';
  if (!z.uuid().safeParse(caseId).success) {
    return {
      status: 'failed',
      attempt,
      result: invalid([], { ja: '相談が見つかりません。', en: 'The case was not found.' }),
    };
  }
  const result = await sendAction(contract.supervision.review, {
    params: { caseId },
    body: { verdict: field(form, 'verdict'), comment: field(form, 'comment') },
    revalidate: REVIEWS_PAGE,
    success: () => succeeded({ ja: '', en: '' }, undefined),
  });
  if (!result.ok) {
    return { status: 'failed', attempt, result };
  }
  const receipt = field(form, 'receiptNumber');
  redirect(receipt ? `${REVIEWS_PAGE}?reviewed=${encodeURIComponent(receipt)}` : REVIEWS_PAGE);
}
