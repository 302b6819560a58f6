import { CASE_STATUS_LABELS, CASE_STATUSES, type TCaseCounts } from '@madoguchi/shared';
import Link from 'next/link';

import { formatNumber } from '../dashboard/format';
import { queueHref } from './queue-query';

/** The dashboard's numbers; each one is a link to the cases it counts. */
export function StatusCounts({ counts }: { counts: TCaseCounts }) {
  const tiles = [
    { href: queueHref({}), label: '未終了', en: 'Open', value: counts.open },
    {
      href: queueHref({ priority: ['emergency'] }),
      label: '緊急',
      en: 'Emergency',
      value: counts.openByPriority.emergency,
      tone: 'emergency',
    },
    {
      href: queueHref({ priority: ['high'] }),
      label: '優先度 高',
      en: 'High',
      value: counts.openByPriority.high,
      tone: 'high',
    },
    {
      href: queueHref({ assignee: ['unassigned'] }),
      label: '担当者なし',
      en: 'Unassigned',
      value: counts.unassignedOpen,
    },
    {
      href: queueHref({ assignee: ['me'] }),
      label: '自分の担当',
      en: 'Mine',
      value: counts.assignedToMeOpen,
    },
    {
      href: queueHref({ followUpOverdue: ['true'] }),
      label: 'フォロー期限切れ',
      en: 'Overdue',
      value: counts.followUpOverdue,
      tone: counts.followUpOverdue > 0 ? 'high' : undefined,
    },
  ];
  return (
    <section aria-labelledby="counts-title" className="counts">
      <h2 id="counts-title" className="visually-hidden">
        件数 / Counts
      </h2>
      <ul className="count-tiles">
        {tiles.map((tile) => (
          <li key={tile.label}>
            <Link className={`count-tile${tile.tone ? ` count-tile--${tile.tone}` : ''}`} href={tile.href}>
              <span className="count-tile__value">{formatNumber(tile.value)}</span>
              <span className="count-tile__label">
                {tile.label} <span lang="en">{tile.en}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <ul className="status-counts" aria-label="状態ごとの件数 / Cases by status">
        {CASE_STATUSES.map((status) => (
          <li key={status}>
            <Link href={queueHref({ status: [status] })}>
              {CASE_STATUS_LABELS[status].ja} <span lang="en">{CASE_STATUS_LABELS[status].en}</span>
              <span className="status-counts__value">{formatNumber(counts.byStatus[status])}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
