'use server';

import { contract, type TLocalized } from '@madoguchi/shared';
import { z } from 'zod';

import { requirePermissionForAction } from '../admin/require-role';
import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { caseByReceipt } from './case-actions';
import { sendAction } from '../dashboard/send-action';

/*
 * Merging duplicate cases from the case page. The counselor names the duplicate by its receipt number (what
 * the person gives on the phone); the action finds it and merges it into the case on the page.
 */

const ZId = z.uuid();

const BAD_ID: TLocalized = { ja: '相談が見つかりません。', en: 'The case was not found.' };

export async function mergeDuplicate(input: {
  caseId: string;
  receiptNumber: string;
}): Promise<TActionResult> {
  const auth = await requirePermissionForAction('cases.merge');
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.caseId).success) {
    return invalid([], BAD_ID);
  }
  const found = await caseByReceipt(input.receiptNumber);
  if (!found.ok) {
    return found.result;
  }
  const duplicate = found.item;
  return sendAction(contract.caseMerges.merge, {
    params: { id: input.caseId },
    body: { duplicateId: duplicate.id },
    revalidate: `/cases/${input.caseId}`,
    success: () =>
      succeeded(
        {
          ja: `${duplicate.receiptNumber} をこの相談に統合しました。どちらの受付番号とアクセスコードでも、この相談の確認ページが開きます。`,
          en: `Merged ${duplicate.receiptNumber} into this case. Either receipt number and access code now opens this case's status page.`,
        },
        undefined,
      ),
  });
}

/** Undo the merge of `duplicateId` (within the undo window); `pageId` is the case page to refresh. */
export async function unmergeDuplicate(input: {
  duplicateId: string;
  pageId: string;
}): Promise<TActionResult> {
  const auth = await requirePermissionForAction('cases.merge');
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.duplicateId).success || !ZId.safeParse(input.pageId).success) {
    return invalid([], BAD_ID);
  }
  return sendAction(contract.caseMerges.unmerge, {
    params: { id: input.duplicateId },
    revalidate: `/cases/${input.pageId}`,
    success: () => succeeded({ ja: '統合を取り消しました。', en: 'The merge was undone.' }, undefined),
  });
}
