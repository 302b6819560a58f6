'use server';

import {
  contract,
  NOTIFICATION_KINDS,
  type TNotification,
  type TNotificationPreferences,
  type TNotificationsMarked,
} from '@madoguchi/shared';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';
import { requirePermissionForAction } from '../admin/require-role';

const NOTIFICATIONS_PAGE = '/notifications';
const ACCOUNT_PAGE = '/account';

/** The bell in the header of every staff page shows the unread count: refresh the layout too. */
function refreshBell(): void {
  revalidatePath('/', 'layout');
}

/** Marks one of my notifications read. */
export async function markNotificationRead(input: { id: string }): Promise<TActionResult<TNotification>> {
  const auth = await requirePermissionForAction('notifications.own');
  if (!auth.ok) {
    return auth.result;
  }
  if (!z.uuid().safeParse(input.id).success) {
    return invalid([], { ja: '通知が見つかりません。', en: 'Notification not found.' });
  }
  return sendAction(contract.notifications.markRead, {
    params: { id: input.id },
    revalidate: NOTIFICATIONS_PAGE,
    success: (notification) => {
      refreshBell();
      return succeeded({ ja: '既読にしました。', en: 'Marked as read.' }, notification);
    },
  });
}

/** Marks all my notifications read. */
export async function markAllNotificationsRead(): Promise<TActionResult<TNotificationsMarked>> {
  const auth = await requirePermissionForAction('notifications.own');
  if (!auth.ok) {
    return auth.result;
  }
  return sendAction(contract.notifications.markAllRead, {
    revalidate: NOTIFICATIONS_PAGE,
    success: (marked) => {
      refreshBell();
      return succeeded(
        { ja: `${marked.marked}件を既読にしました。`, en: `Marked ${marked.marked} as read.` },
        marked,
      );
    },
  });
}

/** Which notifications I also get by e-mail; the API audits the change. */
export async function updateNotificationPreferences(input: {
  emailEnabled: boolean;
  emailKinds: string[];
}): Promise<TActionResult<TNotificationPreferences>> {
  const auth = await requirePermissionForAction('notifications.own');
  if (!auth.ok) {
    return auth.result;
  }
  const kinds = new Set<string>(input.emailKinds);
  return sendAction(contract.notifications.updatePreferences, {
    body: {
      emailEnabled: input.emailEnabled === true,
      emailKinds: NOTIFICATION_KINDS.filter((kind) => kinds.has(kind)),
    },
    revalidate: ACCOUNT_PAGE,
    success: (preferences) =>
      succeeded(
        { ja: '通知メールの設定を保存しました。', en: 'Your e-mail notification settings have been saved.' },
        preferences,
      ),
  });
}
