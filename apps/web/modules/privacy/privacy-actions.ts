'use server';

import { contract, toFieldErrors, ZUpdatePrivacyRegister, type TPrivacyRegister } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';

import { staffCall } from '../../lib/staff-api';
import { requirePermissionForAction } from '../admin/require-role';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';

/** PUT /privacy/register: the register's file name, purpose of use and notes (the API audits the change). */
export async function updatePrivacyRegister(
  input: Record<string, unknown>,
): Promise<TActionResult<TPrivacyRegister>> {
  const auth = await requirePermissionForAction('privacy.manage');
  if (!auth.ok) {
    return auth.result;
  }
  const body = ZUpdatePrivacyRegister.safeParse(input);
  if (!body.success) {
    return invalid(toFieldErrors(body.error));
  }
  const result = await staffCall(contract.privacy.updateRegister, { body: body.data });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath('/admin/privacy');
  return succeeded(
    {
      ja: '個人情報ファイル簿を保存しました(監査ログに記録されます)。',
      en: 'The register has been saved (recorded in the audit log).',
    },
    result.data,
  );
}
