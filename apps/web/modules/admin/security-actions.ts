'use server';

import { contract, type TSecurityPolicy } from '@madoguchi/shared';
import { z } from 'zod';

import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import { requirePermissionForAction } from './require-role';

const SECURITY_PAGE = '/admin/security';

/** Requires or relaxes two-factor for counselors and supervisors (never admins); the API audits it. */
export async function updateSecurityPolicy(input: {
  counselor: boolean;
  supervisor: boolean;
}): Promise<TActionResult<TSecurityPolicy>> {
  const auth = await requirePermissionForAction('security.manage');
  if (!auth.ok) {
    return auth.result;
  }
  return sendAction(contract.security.updatePolicy, {
    body: { totpRequired: { counselor: input.counselor === true, supervisor: input.supervisor === true } },
    revalidate: SECURITY_PAGE,
    success: (policy) =>
      succeeded(
        {
          ja: '二要素認証の設定を保存しました(監査ログに記録されます)。',
          en: 'The two-factor settings have been saved (recorded in the audit log).',
        },
        policy,
      ),
  });
}

/** Clears one back-off entry, so that person can try again at once; the API audits it. */
export async function clearBackoff(input: { id: string }): Promise<TActionResult> {
  const auth = await requirePermissionForAction('security.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!z.uuid().safeParse(input.id).success) {
    return invalid([], { ja: '記録が見つかりません。', en: 'Entry not found.' });
  }
  return sendAction(contract.security.clearBackoff, {
    params: { id: input.id },
    revalidate: SECURITY_PAGE,
    success: () =>
      succeeded(
        {
          ja: '制限を解除しました(監査ログに記録されます)。',
          en: 'The back-off has been cleared (recorded in the audit log).',
        },
        undefined,
      ),
  });
}
