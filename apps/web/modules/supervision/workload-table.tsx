import {
  URGENCY_LABELS,
  URGENCY_LEVELS,
  WORKLOAD_AGE_BUCKETS,
  WORKLOAD_AGE_LABELS,
  type TWorkload,
} from '@madoguchi/shared';
import Link from 'next/link';

import { formatDateTime } from '../dashboard/format';
import { queueHref } from '../cases/queue-query';

/** A count that is zero reads quieter, so the cases that need balancing stand out. */
function Count({ value, alert = false }: { value: number; alert?: boolean }) {
  if (value === 0) {
    return <span className="muted">0</span>;
  }
  return alert ? <strong className="overdue">{value}</strong> : <>{value}</>;
}

/** Open cases per assignee: by urgency, by how long they have been open, and overdue follow-ups. */
export function WorkloadTable({ workload }: { workload: TWorkload }) {
  return (
    <div className="stack-sm">
      <p className="small muted">
        {formatDateTime(workload.at)} 時点の未終了の相談{' '}
        <span lang="en">Open cases as of {formatDateTime(workload.at)}</span>
      </p>
      <div className="table-wrap">
        <table className="data-table workload-table" data-testid="workload-table">
          <caption className="visually-hidden">担当者別の未終了の相談 / Open cases per assignee</caption>
          <thead>
            <tr>
              <th scope="col">
                担当者 <span lang="en">Assignee</span>
              </th>
              <th scope="col">
                未終了 <span lang="en">Open</span>
              </th>
              {URGENCY_LEVELS.map((level) => (
                <th scope="col" key={level}>
                  {URGENCY_LABELS[level].ja} <span lang="en">{URGENCY_LABELS[level].en}</span>
                </th>
              ))}
              {WORKLOAD_AGE_BUCKETS.map((bucket) => (
                <th scope="col" key={bucket}>
                  受付から{WORKLOAD_AGE_LABELS[bucket].ja}{' '}
                  <span lang="en">{WORKLOAD_AGE_LABELS[bucket].en}</span>
                </th>
              ))}
              <th scope="col">
                フォロー期限切れ <span lang="en">Follow-ups overdue</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {workload.rows.map((row) => {
              const key = row.assignee?.id ?? 'unassigned';
              const href = queueHref({ assignee: [row.assignee ? row.assignee.id : 'unassigned'] });
              return (
                <tr key={key} data-testid="workload-row">
                  <th scope="row">
                    {row.assignee ? (
                      <>
                        {row.assignee.displayName}
                        {row.assignee.active ? null : (
                          <span className="muted small">
                            {' '}
                            (無効) <span lang="en">deactivated</span>
                          </span>
                        )}
                      </>
                    ) : (
                      <>
                        担当者なし <span lang="en">Unassigned</span>
                      </>
                    )}
                  </th>
                  <td>
                    {row.open > 0 ? (
                      <Link href={href} prefetch={false}>
                        {row.open}
                        <span className="visually-hidden">件を一覧で見る / open cases in the queue</span>
                      </Link>
                    ) : (
                      <Count value={0} />
                    )}
                  </td>
                  {URGENCY_LEVELS.map((level) => (
                    <td key={level}>
                      <Count value={row.byUrgency[level]} alert={level === 'emergency'} />
                    </td>
                  ))}
                  {WORKLOAD_AGE_BUCKETS.map((bucket) => (
                    <td key={bucket}>
                      <Count value={row.byAge[bucket]} />
                    </td>
                  ))}
                  <td>
                    <Count value={row.followUpOverdue} alert />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
