import { can, contract, MAIL_STATUSES, ZMailOutboxQuery, type TMailStatus } from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';

import { toQueryString } from '../../../../lib/api-client';
import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { ErrorState } from '../../../../modules/dashboard/page-states';
import { MailOutboxPanel } from '../../../../modules/notifications/mail-outbox';
import { MAIL_STATUS_LABELS } from '../../../../modules/notifications/notification-view';

export const metadata: Metadata = { title: '通知メール / Notification e-mails' };

const PAGE_SIZE = 50;

type TMailOutboxPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
}

/** Admins: the notification e-mails' outbox (sent, waiting, held without SMTP, failed with the error). */
export default async function MailOutboxPage({ searchParams }: TMailOutboxPageProps) {
  const session = await requireStaff();
  if (!can(session.role, 'mail.read')) {
    forbidden();
  }
  const params = await searchParams;
  const wanted = first(params.status);
  const status = MAIL_STATUSES.includes(wanted as TMailStatus) ? (wanted as TMailStatus) : undefined;
  const cursor = first(params.cursor);
  const query = ZMailOutboxQuery.safeParse({ status, cursor, limit: PAGE_SIZE });
  const page = await staffCall(contract.notifications.mailOutbox, {
    query: query.success ? query.data : { status, limit: PAGE_SIZE },
  });
  const href = (next: { status?: TMailStatus; cursor?: string | null }) =>
    `/admin/mail-outbox${toQueryString({ status: next.status, cursor: next.cursor ?? undefined })}`;

  return (
    <div className="stack">
      <h1>
        通知メール{' '}
        <span lang="en" className="en">
          Notification e-mails
        </span>
      </h1>
      <nav className="pager" aria-label="状態で絞り込む / Filter by status">
        <Link className="btn btn--quiet" href={href({})} aria-current={status ? undefined : 'page'}>
          すべて / All
        </Link>
        {MAIL_STATUSES.map((s) => (
          <Link
            key={s}
            className="btn btn--quiet"
            href={href({ status: s })}
            aria-current={status === s ? 'page' : undefined}
          >
            {MAIL_STATUS_LABELS[s].ja} <span lang="en">/ {MAIL_STATUS_LABELS[s].en}</span>
          </Link>
        ))}
      </nav>
      <section className="panel">
        {page.ok ? (
          <>
            <MailOutboxPanel page={page.data} />
            <nav className="pager" aria-label="ページ / Pages">
              {cursor ? (
                <Link className="btn btn--quiet" href={href({ status })}>
                  最新へ / Newest
                </Link>
              ) : null}
              {page.data.nextCursor ? (
                <Link className="btn" href={href({ status, cursor: page.data.nextCursor })}>
                  さらに古いメール / Older e-mails
                </Link>
              ) : null}
            </nav>
          </>
        ) : (
          <ErrorState message={page.error.message} retryHref="/admin/mail-outbox" />
        )}
      </section>
    </div>
  );
}
