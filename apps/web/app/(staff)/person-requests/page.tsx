import {
  can,
  contract,
  PERSON_REQUEST_KIND_LABELS,
  PERSON_REQUEST_STATUS_LABELS,
  PERSON_REQUEST_STATUSES,
  type TPersonRequestStatus,
  ZPersonRequestStatus,
} from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';

import { requireStaff } from '../../../lib/auth';
import { staffCall } from '../../../lib/staff-api';
import { formatDateTime } from '../../../modules/dashboard/format';
import { AccessDenied, EmptyState, ErrorState } from '../../../modules/dashboard/page-states';
import { DueDate } from '../../../modules/person-requests/person-requests-panel';

export const metadata: Metadata = { title: 'ご本人からの請求 / Requests from persons' };

type TPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Supervisors' and admins' list of the persons' correction and deletion requests across cases: the waiting ones
 * (oldest due first, overdue ones marked and counted), or those completed or refused. Each is decided on its case
 * page. The list names cases and kinds, never what the person wrote.
 */
export default async function PersonRequestsPage({ searchParams }: TPageProps) {
  const session = await requireStaff();
  if (!can(session.role, 'cases.supervise')) {
    return <AccessDenied />;
  }
  const params = await searchParams;
  const parsed = ZPersonRequestStatus.safeParse(
    Array.isArray(params.status) ? params.status[0] : params.status,
  );
  const status: TPersonRequestStatus = parsed.success ? parsed.data : 'received';
  const list = await staffCall(contract.personRequests.list, { query: { status } });

  return (
    <div className="stack">
      <h1>
        ご本人からの請求{' '}
        <span lang="en" className="en">
          Requests from persons
        </span>
      </h1>
      <p className="small">
        状況確認ページから届いた、訂正と利用停止・削除の請求です。期限までに各相談のページで対応するか、理由を添えてお断りしてください。
        <span lang="en" className="en en--block">
          Correction and deletion requests sent from the status page. Complete each on its case page by the
          due date, or refuse it with a reason.
        </span>
      </p>
      <nav aria-label="状態で絞り込む / Filter by status">
        <ul className="chip-list">
          {PERSON_REQUEST_STATUSES.map((item) => (
            <li key={item} className="chip">
              <Link
                href={`/person-requests?status=${item}`}
                aria-current={status === item ? 'page' : undefined}
              >
                {PERSON_REQUEST_STATUS_LABELS[item].ja}{' '}
                <span lang="en">{PERSON_REQUEST_STATUS_LABELS[item].en}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!list.ok ? (
        <ErrorState message={list.error.message} retryHref="/person-requests" />
      ) : list.data.items.length === 0 ? (
        <EmptyState>
          <p>
            該当する請求はありません。 <span lang="en">No requests.</span>
          </p>
        </EmptyState>
      ) : (
        <section aria-labelledby="person-requests-list-title" className="stack-sm">
          <h2 id="person-requests-list-title" className="h-small">
            {list.data.items.length}件{status === 'received' ? `(うち期限切れ ${list.data.overdue}件)` : ''}{' '}
            <span lang="en">
              {list.data.items.length} requests
              {status === 'received' ? `, ${list.data.overdue} overdue` : ''}
            </span>
          </h2>
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">
                    受付番号 <span lang="en">Receipt</span>
                  </th>
                  <th scope="col">
                    種類 <span lang="en">Kind</span>
                  </th>
                  <th scope="col">
                    受付 <span lang="en">Received</span>
                  </th>
                  <th scope="col">
                    期限 <span lang="en">Due</span>
                  </th>
                  <th scope="col">
                    状態 <span lang="en">Status</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((item) => (
                  <tr key={item.id} data-testid="person-request-row">
                    <td>
                      <Link href={`/cases/${item.caseId}`} prefetch={false}>
                        {item.receiptNumber}
                      </Link>
                    </td>
                    <td>
                      {PERSON_REQUEST_KIND_LABELS[item.kind].ja}{' '}
                      <span lang="en">{PERSON_REQUEST_KIND_LABELS[item.kind].en}</span>
                    </td>
                    <td>{formatDateTime(item.receivedAt)}</td>
                    <td>
                      <DueDate request={item} />
                    </td>
                    <td>
                      {PERSON_REQUEST_STATUS_LABELS[item.status].ja}
                      {item.decidedAt ? ` ${formatDateTime(item.decidedAt)}` : ''}
                      {item.decidedBy ? ` ${item.decidedBy.name}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
