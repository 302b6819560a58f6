'use server';

import { contract, type TPasswordReset, type TUserCreated } from '@madoguchi/shared';
import { z } from 'zod';

import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import { requirePermissionForAction } from './require-role';

const ZId = z.uuid();
const USERS_PAGE = '/admin/users';
const BAD_ID = invalid([], { ja: '職員が見つかりません。', en: 'User not found.' });

/**
 * What an admin must hand over once (the API keeps only hashes): a temporary password and/or a one-time
 * enrolment code for two-factor, each with its expiry. Shown by <CredentialsHandover>.
 */
export type TIssuedCredentials = {
  email: string;
  displayName: string;
  temporaryPassword: string | null;
  temporaryPasswordExpiresAt: string | null;
  enrolmentCode: string | null;
  enrolmentCodeExpiresAt: string | null;
};

const routes = contract.users;

function issued(reply: TUserCreated | TPasswordReset): TIssuedCredentials {
  return {
    email: reply.user.email,
    displayName: reply.user.displayName,
    temporaryPassword: reply.temporaryPassword,
    temporaryPasswordExpiresAt: reply.temporaryPassword ? reply.temporaryPasswordExpiresAt : null,
    enrolmentCode: reply.enrolmentCode,
    enrolmentCodeExpiresAt: reply.enrolmentCode ? reply.enrolmentCodeExpiresAt : null,
  };
}

export async function createUser(input: {
  email: string;
  displayName: string;
  role: string;
}): Promise<TActionResult<TIssuedCredentials>> {
  const auth = await requirePermissionForAction('users.manage');
  if (!auth.ok) {
    return auth.result;
  }
  return sendAction(routes.create, {
    body: { email: input.email, displayName: input.displayName, role: input.role },
    revalidate: USERS_PAGE,
    success: (reply) =>
      succeeded(
        {
          ja: `${reply.user.displayName} さんのアカウントを作成しました。`,
          en: `Account created for ${reply.user.displayName}.`,
        },
        issued(reply),
      ),
  });
}

export async function updateUser(input: {
  id: string;
  displayName: string;
  role: string;
}): Promise<TActionResult> {
  const auth = await requirePermissionForAction('users.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  return sendAction(routes.update, {
    params: { id: input.id },
    body: { displayName: input.displayName, role: input.role || undefined },
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
  const auth = await requirePermissionForAction('users.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  return sendAction(input.active ? routes.activate : routes.deactivate, {
    params: { id: input.id },
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
}): Promise<TActionResult<TIssuedCredentials>> {
  const auth = await requirePermissionForAction('users.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  return sendAction(routes.resetPassword, {
    params: { id: input.id },
    body: { resetTotp: input.resetTotp || undefined },
    revalidate: USERS_PAGE,
    success: (reply) =>
      succeeded(
        {
          ja: 'パスワードをリセットしました。ログイン中のセッションは終了しました。',
          en: 'Password reset; the sessions of this account have ended.',
        },
        issued(reply),
      ),
  });
}

/** A new one-time enrolment code for someone who has not enrolled two-factor (code lost or expired). */
export async function issueEnrolmentCode(input: {
  id: string;
  email: string;
  displayName: string;
}): Promise<TActionResult<TIssuedCredentials>> {
  const auth = await requirePermissionForAction('users.manage');
  if (!auth.ok) {
    return auth.result;
  }
  if (!ZId.safeParse(input.id).success) {
    return BAD_ID;
  }
  return sendAction(routes.issueEnrolmentCode, {
    params: { id: input.id },
    revalidate: USERS_PAGE,
    success: (reply) =>
      succeeded(
        {
          ja: '新しい登録コードを発行しました。前の登録コードはもう使えません。',
          en: 'A new enrolment code has been issued; the previous one no longer works.',
        },
        {
          email: input.email,
          displayName: input.displayName,
          temporaryPassword: null,
          temporaryPasswordExpiresAt: null,
          ...reply,
        },
      ),
  });
}
