'use server';

import {
  contract,
  toFieldErrors,
  ZDeskIdentity,
  ZDeskSettings,
  type TDeskIdentityView,
  type TDeskSettings,
} from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';

import { staffCall } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { requirePermissionForAction } from './require-role';

/** PUT /desk/settings: the desk's opening hours and response targets (the API audits the change). */
export async function updateDeskSettings(
  input: Record<string, unknown>,
): Promise<TActionResult<TDeskSettings>> {
  const auth = await requirePermissionForAction('desk.manage');
  if (!auth.ok) {
    return auth.result;
  }
  const body = ZDeskSettings.safeParse(input);
  if (!body.success) {
    return invalid(toFieldErrors(body.error));
  }
  const result = await staffCall(contract.desk.updateSettings, { body: body.data });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath('/admin/desk');
  revalidatePath('/cases');
  return succeeded(
    {
      ja: '受付時間と対応目標を保存しました(監査ログに記録されます)。一覧の期限は新しい設定で計算されます。',
      en: 'The desk hours and response targets have been saved (recorded in the audit log). The queue now uses them.',
    },
    result.data,
  );
}

/** PUT /desk/identity: the desk's own name and contact details, the sender on letters (the API audits it). */
export async function updateDeskIdentity(
  input: Record<string, unknown>,
): Promise<TActionResult<TDeskIdentityView>> {
  const auth = await requirePermissionForAction('desk.manage');
  if (!auth.ok) {
    return auth.result;
  }
  const body = ZDeskIdentity.safeParse(input);
  if (!body.success) {
    return invalid(toFieldErrors(body.error));
  }
  const result = await staffCall(contract.desk.updateIdentity, { body: body.data });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath('/admin/desk');
  revalidatePath('/', 'layout');
  return succeeded(
    {
      ja: '窓口の名称と連絡先を保存しました(監査ログに記録されます)。これからの紹介状と控えに印字されます。',
      en: "The desk's name and contact details have been saved (recorded in the audit log). New letters and copies print them.",
    },
    result.data,
  );
}
