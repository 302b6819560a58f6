'use server';

import { toFieldErrors, ZCreateUser, ZResetPassword, ZUpdateUser } from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { ADMIN_ROLES } from '../../lib/auth';
import { staffApi } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { ZStaffUser } from '../dashboard/api-schemas';
import { requireRoleForAction } from './require-role';

const ZId = z.uuid();
const BAD_ID = invalid([], { ja: '職員が見つかりません。', en: 'User not found.' });

export type TTemporaryPassword = { email: string; temporaryPassword: string };

export async function createUser(input: {
  email: string;
  displayName: string;
  role: string;
}): Promise<TActionResult<TTemporaryPassword>> {
  const auth = await requireRoleForAction(ADMIN_ROLES);
  if (!auth.ok) {
    return auth.result;
  }
  const body = ZCreateUser.safeParse({
    email: input.email,
    displayName: input.displayName,
    role: input.role,
  });
  if (!body.success) {
    return invalid(toFieldErrors(body.error));
  }
  const result = await staffApi({
    method: 'POST',
    path: '/users',
    body: body.data,
    schema: z.object({ user: ZStaffUser, temporaryPassword: z.string().nullable() }),
  });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath('/admin/users');
  return succeeded(
    {
      ja: `${result.data.user.displayName} さんのアカウントを作成しました。`,
      en: `Account created for ${result.data.user.displayName}.`,
    },
    { email: result.data.user.email, temporaryPassword: result.data.temporaryPassword ?? '' },
  );
}

export async function updateUser(input: {
  id: string;
  displayName: string;
  role: string;
}): Promise<TActionResult> {
  const auth = await requireRoleForAction(ADMIN_ROLES);
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  const body = ZUpdateUser.safeParse({ displayName: input.displayName, role: input.role || undefined });
  if (!body.success) {
    return invalid(toFieldErrors(body.error));
  }
  const result = await staffApi({
    method: 'PATCH',
    path: `/users/${input.id}`,
    body: body.data,
    schema: ZStaffUser,
  });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath('/admin/users');
  return succeeded(
    {
      ja: '保存しました。役割の変更は次のログインから有効です。',
      en: 'Saved. A role change applies from the next sign-in.',
    },
    undefined,
  );
}

export async function setUserActive(input: { id: string; active: boolean }): Promise<TActionResult> {
  const auth = await requireRoleForAction(ADMIN_ROLES);
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  const result = await staffApi({
    method: 'POST',
    path: `/users/${input.id}/${input.active ? 'activate' : 'deactivate'}`,
    schema: ZStaffUser,
  });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath('/admin/users');
  return succeeded(
    input.active
      ? { ja: 'アカウントを有効にしました。', en: 'Account activated.' }
      : {
          ja: 'アカウントを無効にしました。ログイン中のセッションも終了しました。',
          en: 'Account deactivated; its sessions have ended.',
        },
    undefined,
  );
}

export async function resetUserPassword(input: {
  id: string;
  resetTotp: boolean;
}): Promise<TActionResult<TTemporaryPassword>> {
  const auth = await requireRoleForAction(ADMIN_ROLES);
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  const body = ZResetPassword.parse({ resetTotp: input.resetTotp || undefined });
  const result = await staffApi({
    method: 'POST',
    path: `/users/${input.id}/reset-password`,
    body,
    schema: z.object({ user: ZStaffUser, temporaryPassword: z.string() }),
  });
  if (!result.ok) {
    return fromApiError(result.error);
  }
  revalidatePath('/admin/users');
  return succeeded(
    { ja: 'パスワードをリセットしました。', en: 'Password reset.' },
    { email: result.data.user.email, temporaryPassword: result.data.temporaryPassword },
  );
}
