import {
  PERSON_REQUEST_KIND_LABELS,
  PERSON_REQUEST_STATUS_LABELS,
  type TPersonRequest,
} from '@madoguchi/shared';

import { formatDateTime } from '../dashboard/format';
import { decidePersonRequest } from './person-request-actions';
import { PersonRequestDecisionForm } from './person-request-decision-form';

/** Due date and whether it has passed, as staff read it on the case page and the list. */
export function DueDate({ request }: { request: TPersonRequest }) {
  if (request.status !== 'received') {
    return <>{formatDateTime(request.dueAt)}</>;
  }
  return request.overdue ? (
    <strong className="badge badge--danger" data-testid="person-request-overdue">
      期限切れ {formatDateTime(request.dueAt)} <span lang="en">/ Overdue</span>
    </strong>
  ) : (
    <>
      {formatDateTime(request.dueAt)}まで <span lang="en">/ due</span>
    </>
  );
}

/**
 * The case page's requests from the person (訂正・利用停止・削除): what they asked, by when the desk must answer,
 * and the forms to complete or refuse a waiting one; decided ones show by whom and how.
 */
export function PersonRequestsPanel({ caseId, requests }: { caseId: string; requests: TPersonRequest[] }) {
  return (
    <ul className="person-requests-panel stack-sm">
      {requests.map((request) => {
        const kind = PERSON_REQUEST_KIND_LABELS[request.kind];
        const status = PERSON_REQUEST_STATUS_LABELS[request.status];
        return (
          <li key={request.id} className="panel person-request-item" data-testid="person-request">
            <p>
              <strong>
                {kind.ja} <span lang="en">/ {kind.en}</span>
              </strong>
              {' ・ '}
              {status.ja} <span lang="en">/ {status.en}</span>
            </p>
            <p className="small">
              受付 {formatDateTime(request.receivedAt)}・期限 <DueDate request={request} />
              <span lang="en"> (received, due)</span>
            </p>
            {request.text ? (
              <blockquote className="person-request-text">
                <p className="small muted">
                  ご本人の記入 <span lang="en">/ The person wrote</span>
                </p>
                <p>{request.text}</p>
              </blockquote>
            ) : null}
            {request.status === 'received' ? (
              <div className="stack-sm">
                <PersonRequestDecisionForm
                  caseId={caseId}
                  requestId={request.id}
                  kind={request.kind}
                  outcome="completed"
                  action={decidePersonRequest}
                />
                <PersonRequestDecisionForm
                  caseId={caseId}
                  requestId={request.id}
                  kind={request.kind}
                  outcome="refused"
                  action={decidePersonRequest}
                />
              </div>
            ) : (
              <p className="small">
                {formatDateTime(request.decidedAt)} {request.decidedBy?.name ?? ''}
                <span lang="en"> (decided)</span>
                {request.refusalReason ? (
                  <>
                    <br />
                    理由 <span lang="en">/ Reason</span>: {request.refusalReason}
                  </>
                ) : null}
                {request.shredded ? (
                  <>
                    <br />
                    削除した項目 {request.shredded.fields}件・ファイル {request.shredded.files}件{' '}
                    <span lang="en">
                      / Removed {request.shredded.fields} values and {request.shredded.files} files
                    </span>
                  </>
                ) : null}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
