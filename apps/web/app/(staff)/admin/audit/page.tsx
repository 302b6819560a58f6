import {
  AUDIT_ACTION_LABELS,
  auditActionLabel,
  can,
  contract,
  toFieldErrors,
  ZAuditQuery,
  type TLabelledAuditAction,
} from '@madoguchi/shared';
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../lib/auth';
import { toQueryString } from '../../../../lib/api-client';
import { staffCall } from '../../../../lib/staff-api';
import { auditFilterQuery, readAuditFilters } from '../../../../modules/admin/audit-filters';
import { formatDateTime } from '../../../../modules/dashboard/format';
import { EmptyState, ErrorState } from '../../../../modules/dashboard/page-states';
import { ROLE_LABELS } from '../../../../modules/dashboard/roles';
import { FieldError } from '../../../../modules/ui/field-error';
import { errorId } from '../../../../modules/ui/form-field';

export const metadata: Metadata = { title: '監査ログ / Audit log' };

const PAGE_SIZE = 50;

type TAuditPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every action the log can hold, by its Japanese label (what a supervisor looks for), grouped by code. */
const ACTION_CHOICES = (Object.keys(AUDIT_ACTION_LABELS) as TLabelledAuditAction[])
  .map((code) => ({ code, label: AUDIT_ACTION_LABELS[code] }))
  .sort((a, b) => a.code.localeCompare(b.code));

/** Who read or changed what, when: every case read is here (supervisors and admins). */
export default async function AuditPage({ searchParams }: TAuditPageProps) {
  const session = await requireStaff();
  if (!can(session.role, 'audit.read')) {
    forbidden();
  }
  const params = await searchParams;
  const filters = readAuditFilters(params);
  const filterQuery = auditFilterQuery(params);
  const query = ZAuditQuery.safeParse({
    ...filterQuery,
    cursor: typeof params.cursor === 'string' ? params.cursor : undefined,
    limit: PAGE_SIZE,
  });
  const fieldErrors = query.success ? [] : toFieldErrors(query.error);
  const caseRefError = fieldErrors.find((error) => error.path === 'caseRef')?.message;
  const [page, directory] = await Promise.all([
    query.success ? staffCall(contract.audit.query, { query: query.data }) : null,
    staffCall(contract.users.directory, {}),
  ]);
  const names = new Map(
    (directory.ok ? directory.data : []).map((person) => [person.id, person.displayName]),
  );
  const filterHref = (next?: string | null) =>
    `/admin/audit${toQueryString({ ...filters, cursor: next ?? undefined })}`;
  const csvHref = `/api/staff/audit/csv${toQueryString(filters)}`;

  return (
    <div className="stack">
      <h1>
        監査ログ{' '}
        <span lang="en" className="en">
          Audit log
        </span>
      </h1>
      <form
        className="filters"
        method="get"
        action="/admin/audit"
        role="search"
        aria-label="監査ログの絞り込み / Filter the audit log"
      >
        <div className="filters__row">
          <div className="field">
            <label htmlFor="audit-case">
              受付番号または相談ID <span lang="en">/ Receipt number or case ID</span>
            </label>
            <input
              id="audit-case"
              name="caseRef"
              defaultValue={filters.caseRef ?? ''}
              placeholder="K7QP-4MZT"
              autoComplete="off"
              aria-invalid={caseRefError ? true : undefined}
              aria-describedby={caseRefError ? errorId('caseRef') : undefined}
            />
            <FieldError name="caseRef" message={caseRefError} />
          </div>
          <div className="field">
            <label htmlFor="audit-actor">
              操作した人 <span lang="en">/ Actor</span>
            </label>
            <select id="audit-actor" name="actorId" defaultValue={filters.actorId ?? ''}>
              <option value="">すべて / Anyone</option>
              {(directory.ok ? directory.data : []).map((person) => (
                <option key={person.id} value={person.id}>
                  {person.displayName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-action">
              操作 <span lang="en">/ Action</span>
            </label>
            <select id="audit-action" name="action" defaultValue={filters.action ?? ''}>
              <option value="">すべて / All actions</option>
              {ACTION_CHOICES.map(({ code, label }) => (
                // Japanese only: with the English and the code the list grew wider than the page.
                <option key={code} value={code}>
                  {label.ja}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-entity">
              対象の種類 <span lang="en">/ Entity</span>
            </label>
            <input id="audit-entity" name="entity" defaultValue={filters.entity ?? ''} placeholder="case" />
          </div>
          <div className="field">
            <label htmlFor="audit-from">
              から(日本時間) <span lang="en">/ From (JST)</span>
            </label>
            <input id="audit-from" name="from" type="datetime-local" defaultValue={filters.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">
              まで <span lang="en">/ To</span>
            </label>
            <input id="audit-to" name="to" type="datetime-local" defaultValue={filters.to ?? ''} />
          </div>
        </div>
        {filters.caseId ? <input type="hidden" name="caseId" value={filters.caseId} /> : null}
        <div className="button-row">
          <button className="btn btn--primary" type="submit">
            絞り込む / Apply
          </button>
          <Link className="btn btn--quiet" href="/admin/audit">
            クリア / Clear
          </Link>
          {query.success ? (
            <a className="btn" href={csvHref} download>
              この条件で CSV に書き出す <span lang="en">/ Export as CSV</span>
            </a>
          ) : null}
        </div>
      </form>

      {!query.success ? (
        <ErrorState
          message={
            caseRefError ?? {
              ja: `絞り込みの条件が正しくありません(${fieldErrors.map((error) => error.path).join(', ')})。`,
              en: 'Some filters are not valid.',
            }
          }
          retryHref="/admin/audit"
        />
      ) : !page?.ok ? (
        <ErrorState
          message={page?.error.message ?? { ja: '', en: '' }}
          retryHref={filterHref(query.data.cursor)}
        />
      ) : page.data.items.length === 0 ? (
        <EmptyState>
          <p>
            該当する記録はありません。 <span lang="en">No entries.</span>
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data-table data-table--compact">
              <thead>
                <tr>
                  <th scope="col">日時 / When</th>
                  <th scope="col">操作した人 / Actor</th>
                  <th scope="col">操作 / Action</th>
                  <th scope="col">対象 / Entity</th>
                  <th scope="col">相談 / Case</th>
                  <th scope="col">IP</th>
                  <th scope="col">詳細 / Details</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((entry) => {
                  const label = auditActionLabel(entry.action);
                  return (
                    <tr key={entry.id}>
                      <td>{formatDateTime(entry.at)}</td>
                      <td>
                        {entry.actorId
                          ? (names.get(entry.actorId) ?? <code>{entry.actorId.slice(0, 8)}</code>)
                          : 'システム / system'}
                        {entry.actorRole && Object.hasOwn(ROLE_LABELS, entry.actorRole) ? (
                          <span className="block small muted">
                            {ROLE_LABELS[entry.actorRole as keyof typeof ROLE_LABELS].ja}
                          </span>
                        ) : null}
                      </td>
                      <th scope="row">
                        {label.ja}
                        <span lang="en" className="block small">
                          {label.en}
                        </span>
                        <code className="block small muted">{entry.action}</code>
                      </th>
                      <td>
                        {entry.entity}
                        {entry.entityId ? <code className="block small">{entry.entityId}</code> : null}
                      </td>
                      <td>
                        {entry.caseId ? (
                          <Link href={`/cases/${entry.caseId}`} prefetch={false}>
                            {entry.receiptNumber ?? '開く / Open'}
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>{entry.ip ?? '—'}</td>
                      <td>
                        {Object.keys(entry.meta).length > 0 ? (
                          <details>
                            <summary>表示 / Show</summary>
                            <pre className="raw">{JSON.stringify(entry.meta, null, 2)}</pre>
                          </details>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="ページ / Pages">
            {query.data.cursor ? (
              <Link className="btn btn--quiet" href={filterHref()}>
                最新へ / Newest
              </Link>
            ) : null}
            {page.data.nextCursor ? (
              <Link className="btn" href={filterHref(page.data.nextCursor)}>
                さらに古い記録 / Older entries
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </div>
  );
}
