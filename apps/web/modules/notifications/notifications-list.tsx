'use client';

import { NOTIFICATION_KIND_LABELS, type TNotification } from '@madoguchi/shared';
import Link from 'next/link';
import { useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { formatDateTime } from '../dashboard/format';
import { useStaffAction } from '../dashboard/use-staff-action';
import { markAllNotificationsRead, markNotificationRead } from './notification-actions';

function MarkReadButton({
  notification,
  onRead,
}: {
  notification: TNotification;
  onRead: (at: string) => void;
}) {
  const { run, result, pending } = useStaffAction(markNotificationRead);
  return (
    <div className="stack-xs">
      <button
        className="btn btn--small"
        type="button"
        disabled={pending}
        aria-disabled={pending}
        onClick={() =>
          void run({ id: notification.id }).then((outcome) => {
            if (outcome.ok) {
              onRead(outcome.data.readAt ?? new Date().toISOString());
            }
          })
        }
      >
        既読にする / Mark read
        <span className="visually-hidden">: {notification.receiptNumber}</span>
      </button>
      <ActionFeedback result={result?.ok ? null : result} />
    </div>
  );
}

/**
 * My notifications, newest first: what happened, about which case (a link to it), when, and whether I
 * have read it. Each names the case by its number only.
 */
export function NotificationsList({ items }: { items: readonly TNotification[] }) {
  const [readAt, setReadAt] = useState<Record<string, string>>({});
  const { run, result, pending } = useStaffAction(markAllNotificationsRead);
  const unread = items.filter((n) => n.readAt === null && !readAt[n.id]);

  return (
    <div className="stack-sm">
      <div>
        <button
          className="btn"
          type="button"
          disabled={pending || unread.length === 0}
          aria-disabled={pending || unread.length === 0}
          onClick={() =>
            void run().then((outcome) => {
              if (outcome.ok) {
                const now = new Date().toISOString();
                setReadAt((current) => ({
                  ...Object.fromEntries(items.map((n) => [n.id, now])),
                  ...current,
                }));
              }
            })
          }
        >
          すべて既読にする / Mark all read
        </button>
        <ActionFeedback result={result} />
      </div>
      <ul className="notification-list" aria-label="通知 / Notifications">
        {items.map((notification) => {
          const label = NOTIFICATION_KIND_LABELS[notification.kind];
          const isUnread = notification.readAt === null && !readAt[notification.id];
          return (
            <li
              key={notification.id}
              className={isUnread ? 'notification notification--unread' : 'notification'}
              data-testid="notification"
            >
              <div className="notification__body">
                <p className="notification__title">
                  {isUnread ? (
                    <span className="badge badge--info">
                      未読 <span lang="en">/ Unread</span>
                    </span>
                  ) : null}{' '}
                  <Link href={`/cases/${notification.caseId}`}>
                    相談 {notification.receiptNumber}
                    {notification.referralNumber ? `(${notification.referralNumber})` : ''}
                  </Link>
                  : {label.ja}{' '}
                  <span lang="en" className="en">
                    {label.en}
                  </span>
                </p>
                <p className="muted">
                  <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt)}</time>
                </p>
              </div>
              {isUnread ? (
                <MarkReadButton
                  notification={notification}
                  onRead={(at) => setReadAt((current) => ({ ...current, [notification.id]: at }))}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
