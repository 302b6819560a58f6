import type { TCaseDetail, TSafetyFlag } from '@madoguchi/shared';

import { formatDateTime } from '../dashboard/format';
import { StatusBadge } from '../dashboard/status-badge';
import { UrgencyBadge } from '../dashboard/urgency-badge';
import { SafetyFlagList } from './safety-flags';

type TCaseSummaryBarProps = {
  detail: Pick<TCaseDetail, 'receiptNumber' | 'status' | 'priority' | 'assignee' | 'followUpAt'>;
  flags: readonly TSafetyFlag[];
};

/**
 * The case at a glance, kept at the top of the screen while the page scrolls (position: sticky): status,
 * working priority, assignee, next follow-up and, first of all, the safety flags, so none of them is
 * ever out of sight while a counselor reads or writes further down.
 */
export function CaseSummaryBar({ detail, flags }: TCaseSummaryBarProps) {
  return (
    <section
      className={flags.length > 0 ? 'case-summary-bar case-summary-bar--flagged' : 'case-summary-bar'}
      aria-label={`概要 ${detail.receiptNumber} / Summary`}
      data-testid="case-summary"
    >
      {flags.length > 0 ? <SafetyFlagList flags={flags} /> : null}
      <dl className="case-summary-bar__list">
        <div>
          <dt className="visually-hidden">状態 / Status</dt>
          <dd>
            <StatusBadge status={detail.status} />
          </dd>
        </div>
        <div>
          <dt className="visually-hidden">優先度 / Priority</dt>
          <dd>
            <UrgencyBadge urgency={detail.priority} label="優先度 / Priority: " />
          </dd>
        </div>
        <div>
          <dt>
            担当 <span lang="en">Assignee</span>
          </dt>
          <dd data-testid="summary-assignee">
            {detail.assignee ? detail.assignee.displayName : <span className="muted">なし / none</span>}
          </dd>
        </div>
        <div>
          <dt>
            フォロー <span lang="en">Follow-up</span>
          </dt>
          <dd>{detail.followUpAt ? formatDateTime(detail.followUpAt) : <span className="muted">—</span>}</dd>
        </div>
      </dl>
    </section>
  );
}
