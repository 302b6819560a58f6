import Link from 'next/link';

import { bellCount, bellLabel } from './notification-view';

/**
 * The header's bell: a link to my notifications whose name says how many are unread (「通知 3件 未読」),
 * with the count shown on it. `unread` is null when the count could not be read (the link still works).
 */
export function NotificationBell({ unread, current = false }: { unread: number | null; current?: boolean }) {
  const label = bellLabel(unread);
  return (
    <Link
      href="/notifications"
      className="staff-header__bell"
      aria-label={`${label.ja} / ${label.en}`}
      aria-current={current ? 'page' : undefined}
      prefetch={false}
    >
      <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      <span className="staff-header__bell-text" aria-hidden="true">
        通知
      </span>
      {unread !== null && unread > 0 ? (
        <span className="staff-header__bell-count" aria-hidden="true" data-testid="bell-count">
          {bellCount(unread)}
        </span>
      ) : null}
    </Link>
  );
}
