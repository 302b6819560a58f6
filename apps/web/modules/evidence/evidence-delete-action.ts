'use server';

import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { invalid, succeeded } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import type { TEvidenceDeleteState } from './evidence-delete-state';

const ZId = z.uuid();

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * An admin deletes one of the case's evidence files, with a reason (a plain form POST, or in place with
 * JavaScript). The API decides who may (admins only) and checks the reason; the case page is refreshed, so the
 * file shows as deleted.
 */
export async function deleteEvidence(
  _previous: TEvidenceDeleteState,
  form: FormData,
): Promise<TEvidenceDeleteState> {
  const caseId = text(form, 'caseId');
  const fileId = text(form, 'fileId');
  if (!ZId.safeParse(caseId).success || !ZId.safeParse(fileId).success) {
    return {
      status: 'failed',
      result: invalid([], { ja: 'ファイルが見つかりません。', en: 'The file was not found.' }),
    };
  }
  const result = await sendAction(contract.evidence.remove, {
    params: { id: caseId, fileId },
    body: { reason: text(form, 'reason') },
    revalidate: `/cases/${caseId}`,
    success: () =>
      succeeded({ ja: '証拠ファイルを削除しました。', en: 'The evidence file was deleted.' }, undefined),
  });
  return result.ok ? { status: 'deleted', result } : { status: 'failed', result };
}
