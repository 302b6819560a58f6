import { CASE_STATUS_LABELS, IDENTIFIER_KIND_LABELS, type TCaseDetail } from '@madoguchi/shared';
import Link from 'next/link';

import { formatDate } from '../dashboard/format';
import { AddIdentifierForm, AddLinkForm, RemoveIdentifierButton, UnlinkButton } from './identifier-controls';
import { IDENTIFIER_SOURCE_LABELS } from './labels';
import { applyQueueFilters } from './queue-actions';

/**
 * The other party's phone numbers, URLs, accounts…: how many other cases share each one (a pattern
 * across the desk), and whether it is in the registry of known scams.
 */
export function IdentifiersSection({ detail }: { detail: TCaseDetail }) {
  return (
    <div className="stack-sm">
      {detail.identifiers.length === 0 ? (
        <p className="muted">
          識別情報はありません。 <span lang="en">No identifiers.</span>
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">種類 / Kind</th>
                <th scope="col">値 / Value</th>
                <th scope="col">ほかの相談 / Seen in</th>
                <th scope="col">詐欺情報リスト / Registry</th>
                <th scope="col">
                  <span className="visually-hidden">操作 / Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.identifiers.map((identifier) => (
                <tr key={identifier.id} data-testid="identifier-row">
                  <td>{IDENTIFIER_KIND_LABELS[identifier.kind].ja}</td>
                  <th scope="row">
                    <code>{identifier.display}</code>
                    <span className="muted small block">
                      {(IDENTIFIER_SOURCE_LABELS[identifier.source] ?? { ja: identifier.source }).ja}・
                      {formatDate(identifier.addedAt)}
                    </span>
                  </th>
                  <td>
                    {identifier.otherCases.count === 0 ? (
                      <span className="muted">なし / none</span>
                    ) : (
                      <details>
                        <summary>
                          ほかの{identifier.otherCases.count}件の相談{' '}
                          <span lang="en">seen in {identifier.otherCases.count} other cases</span>
                        </summary>
                        <ul className="plain-list">
                          {identifier.otherCases.items.map((other) => (
                            <li key={other.id}>
                              <Link href={`/cases/${other.id}`} prefetch={false}>
                                {other.receiptNumber}
                              </Link>{' '}
                              <span className="small muted">
                                {CASE_STATUS_LABELS[other.status].ja}・{formatDate(other.createdAt)}
                              </span>
                            </li>
                          ))}
                        </ul>
                        {identifier.otherCases.count > identifier.otherCases.items.length ? (
                          // A form, not a link: the identifier is sealed into the queue's URL, never put in it.
                          <form action={applyQueueFilters}>
                            <input type="hidden" name="status" value="all" />
                            <input type="hidden" name="q" value={identifier.value} />
                            <button type="submit" className="btn btn--link small">
                              すべて検索する / Search all
                            </button>
                          </form>
                        ) : null}
                      </details>
                    )}
                  </td>
                  <td>
                    {identifier.inRegistry ? (
                      <span className="badge badge--danger" title={identifier.registry?.note ?? undefined}>
                        登録あり <span lang="en">Known scam</span>
                        {identifier.registry ? (
                          <span className="small">({identifier.registry.source})</span>
                        ) : null}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <RemoveIdentifierButton
                      caseId={detail.id}
                      identifierId={identifier.id}
                      label={identifier.display}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddIdentifierForm caseId={detail.id} />
    </div>
  );
}

export function LinksSection({ detail }: { detail: TCaseDetail }) {
  return (
    <div className="stack-sm">
      {detail.links.length === 0 ? (
        <p className="muted">
          関連付けた相談はありません。 <span lang="en">No linked cases.</span>
        </p>
      ) : (
        <ul className="plain-list link-rows">
          {detail.links.map((link) => (
            <li key={`${link.direction}-${link.id}`}>
              <Link href={`/cases/${link.id}`} prefetch={false}>
                {link.receiptNumber}
              </Link>{' '}
              <span className="small muted">
                {CASE_STATUS_LABELS[link.status].ja}・
                {link.direction === 'outgoing' ? 'この相談から' : '相手の相談から'}
                {link.note ? `・${link.note}` : ''}
              </span>{' '}
              <UnlinkButton caseId={detail.id} linkedCaseId={link.id} label={link.receiptNumber} />
            </li>
          ))}
        </ul>
      )}
      {/* Rarely needed: folded so the case page stays short; open while the counselor uses it. */}
      <details className="case-more">
        <summary>
          相談を関連付ける <span lang="en">/ Link a related case</span>
        </summary>
        <AddLinkForm caseId={detail.id} />
      </details>
    </div>
  );
}
