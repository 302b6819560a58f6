'use server';

import { ZCreateUser, ZResetPassword, ZUpdateUser } from '@madoguchi/shared';
import { z } from 'zod';

import { ADMIN_ROLES } from '../../lib/auth';
import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { ZStaffUser } from '../dashboard/api-schemas';
import { sendAction } from '../dashboard/send-action';
import { requireRoleForAction } from './require-role';

const ZId = z.uuid();
const USERS_PAGE = '/admin/users';
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
  return sendAction({
    method: 'POST',
    path: '/users',
    body: ZCreateUser.safeParse({ email: input.email, displayName: input.displayName, role: input.role }),
    schema: z.object({ user: ZStaffUser, temporaryPassword: z.string().nullable() }),
    revalidate: USERS_PAGE,
    success: ({ user, temporaryPassword }) =>
      succeeded(
        {
          ja: `${user.displayName} さんのアカウントを作成しました。`,
          en: `Account created for ${user.displayName}.`,
        },
        { email: user.email, temporaryPassword: temporaryPassword ?? '' },
      ),
  });
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
  return sendAction({
    method: 'PATCH',
    path: `/users/${input.id}`,
    body: ZUpdateUser.safeParse({ displayName: input.displayName, role: input.role || undefined }),
    schema: ZStaffUser,
    revalidate: USERS_PAGE,
    success: () =>
      succeeded(
        {
          ja: '保存しました。役割の変更は次のログインから有効です。',
          en: 'Saved. A role change applies from the next sign-in.',
        },
        undefined,
      ),
  });
}

export async function setUserActive(input: { id: string; active: boolean }): Promise<TActionResult> {
  const auth = await requireRoleForAction(ADMIN_ROLES);
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  return sendAction({
    method: 'POST',
    path: `/users/${input.id}/${input.active ? 'activate' : 'deactivate'}`,
    schema: ZStaffUser,
    revalidate: USERS_PAGE,
    success: () =>
      succeeded(
        input.active
          ? { ja: 'アカウントを有効にしました。', en: 'Account activated.' }
          : {
              ja: 'アカウントを無効にしました。ログイン中のセッションも終了しました。',
              en: 'Account deactivated; its sessions have ended.',
            },
        undefined,
      ),
  });
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
  return sendAction({
    method: 'POST',
    path: `/users/${input.id}/reset-password`,
    body: ZResetPassword.safeParse({ resetTotp: input.resetTotp || undefined }),
    schema: z.object({ user: ZStaffUser, temporaryPassword: z.string() }),
    revalidate: USERS_PAGE,
    success: ({ user, temporaryPassword }) =>
      succeeded(
        { ja: 'パスワードをリセットしました。', en: 'Password reset.' },
        { email: user.email, temporaryPassword },
      ),
  });
}
