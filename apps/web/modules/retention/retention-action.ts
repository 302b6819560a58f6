'use server';

import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { invalid, succeeded } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import type { TRetentionState } from './retention-state';

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * An admin or supervisor sets the case's retention class, or places or releases a legal hold with a reason (a
 * plain form POST, or in place with JavaScript). The API decides who may and checks the reason.
 */
export async function setRetention(_previous: TRetentionState, form: FormData): Promise<TRetentionState> {
  const caseId = text(form, 'caseId');
  if (!z.uuid().safeParse(caseId).success) {
    return {
      status: 'done',
      result: invalid([], { ja: '相談が見つかりません。', en: 'The case was not found.' }),
    };
  }
  const reason = text(form, 'reason').trim();
  const result = await sendAction(contract.retention.set, {
    params: { id: caseId },
    body: { retentionClass: text(form, 'retentionClass'), ...(reason ? { reason } : {}) },
    revalidate: `/cases/${caseId}`,
    success: () =>
      succeeded({ ja: '保存期間の区分を保存しました。', en: 'The retention class was saved.' }, undefined),
  });
  return { status: 'done', result };
}
