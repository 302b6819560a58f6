import {
  NOTIFICATION_KIND_LABELS,
  type TLocalized,
  type TMailStatus,
  type TNotification,
} from '@madoguchi/shared';

/** The bell's accessible name: the count in words, so it is heard, not only seen. */
export function bellLabel(unread: number | null): TLocalized {
  if (unread === null) {
    return { ja: '通知', en: 'Notifications' };
  }
  return unread === 0
    ? { ja: '通知 未読なし', en: 'Notifications, none unread' }
    : { ja: `通知 ${unread}件 未読`, en: `Notifications, ${unread} unread` };
}

/** The count on the bell: large numbers are capped so the header keeps its size. */
export function bellCount(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

/** What a notification says: the kind, about which case (and referral) by number. */
export function notificationText(notification: TNotification): TLocalized {
  const label = NOTIFICATION_KIND_LABELS[notification.kind];
  const number = notification.referralNumber;
  return {
    ja: `相談 ${notification.receiptNumber}${number ? `(${number})` : ''}: ${label.ja}`,
    en: `Case ${notification.receiptNumber}${number ? ` (${number})` : ''}: ${label.en}`,
  };
}

export const MAIL_STATUS_LABELS: Readonly<Record<TMailStatus, TLocalized>> = {
  pending: { ja: '送信待ち', en: 'Pending' },
  outbox: { ja: '未送信(SMTP未設定)', en: 'Held (no SMTP server)' },
  sent: { ja: '送信済み', en: 'Sent' },
  failed: { ja: '送信失敗', en: 'Failed' },
};
