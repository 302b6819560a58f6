import { contract, ZNotificationQuery } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';

import { toQueryString } from '../../../lib/api-client';
import { requireStaff } from '../../../lib/auth';
import { staffCall } from '../../../lib/staff-api';
import { Bi } from '../../../modules/dashboard/bi';
import { EmptyState, ErrorState } from '../../../modules/dashboard/page-states';
import { NotificationsList } from '../../../modules/notifications/notifications-list';

export const metadata: Metadata = { title: '通知 / Notifications' };

const PAGE_SIZE = 30;

type TNotificationsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
}

/** My notifications, newest first: each links to its case; mark one or all read. */
export default async function NotificationsPage({ searchParams }: TNotificationsPageProps) {
  await requireStaff();
  const params = await searchParams;
  const unread = first(params.unread) === 'true' ? 'true' : undefined;
  const cursor = first(params.cursor);
  const query = ZNotificationQuery.safeParse({ unread, cursor, limit: PAGE_SIZE });
  const page = await staffCall(contract.notifications.list, {
    query: query.success ? query.data : { unread, limit: PAGE_SIZE },
  });
  const href = (next: { unread?: string; cursor?: string | null }) =>
    `/notifications${toQueryString({ unread: next.unread, cursor: next.cursor ?? undefined })}`;

  return (
    <div className="stack">
      <h1>
        通知{' '}
        <span lang="en" className="en">
          Notifications
        </span>
      </h1>
      <p className="muted">
        <Bi
          text={{
            ja: '担当の割り当て、フォローアップの期日、応答目標、紹介先からの返答などをお知らせします。メールでの受け取りはアカウント画面で設定できます。',
            en: 'Assignments, follow-ups due, response targets and answers from partner windows. Choose which also come by e-mail on your account page.',
          }}
          block
        />{' '}
        <Link href="/account#notifications">
          通知メールの設定 <span lang="en">/ E-mail settings</span>
        </Link>
      </p>
      <nav className="pager" aria-label="表示する通知 / Which notifications">
        <Link className="btn btn--quiet" href={href({})} aria-current={unread ? undefined : 'page'}>
          すべて / All
        </Link>
        <Link
          className="btn btn--quiet"
          href={href({ unread: 'true' })}
          aria-current={unread ? 'page' : undefined}
        >
          未読のみ / Unread only
        </Link>
      </nav>
      {!page.ok ? (
        <ErrorState message={page.error.message} retryHref="/notifications" />
      ) : page.data.items.length === 0 ? (
        <EmptyState>
          <Bi text={{ ja: '通知はありません。', en: 'No notifications.' }} />
        </EmptyState>
      ) : (
        <>
          <p role="status">
            未読 {page.data.unreadCount}件 <span lang="en">/ {page.data.unreadCount} unread</span>
          </p>
          <NotificationsList items={page.data.items} />
          <nav className="pager" aria-label="ページ / Pages">
            {cursor ? (
              <Link className="btn btn--quiet" href={href({ unread })}>
                最新へ / Newest
              </Link>
            ) : null}
            {page.data.nextCursor ? (
              <Link className="btn" href={href({ unread, cursor: page.data.nextCursor })}>
                さらに古い通知 / Older notifications
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </div>
  );
}
