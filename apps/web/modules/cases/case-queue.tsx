'use client';

import {
  CASE_STATUS_LABELS,
  INTAKE_CHANNEL_LABELS,
  type TCaseListItem,
  type TDirectoryEntry,
  URGENCY_LABELS,
} from '@madoguchi/shared';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

import { formatDateTime } from '../dashboard/format';
import { StatusBadge } from '../dashboard/status-badge';
import { UrgencyBadge } from '../dashboard/urgency-badge';
import { isTypingTarget, type TShortcut } from './keyboard-shortcuts';
import { BULK_FORM_ID, BulkBar } from './bulk-bar';
import type { TBulkAction } from './bulk-state';
import { categoryLabel } from './labels';
import { ResponseTime } from './response-time';
import { describeFlags, SafetyFlagList } from './safety-flags';
import { ShortcutHelp } from './shortcut-help';

type TCaseQueueProps = {
  cases: TCaseListItem[];
  /** Bulk actions: a checkbox per row and the form they belong to. */
  bulk?: { action: TBulkAction; directory: TDirectoryEntry[] };
};

/** The queue's keys, as the `?` overlay lists them. */
export const QUEUE_SHORTCUTS: readonly TShortcut[] = [
  { key: 'j', ja: '次の相談へ移る', en: 'Move to the next case' },
  { key: 'k', ja: '前の相談へ移る', en: 'Move to the previous case' },
  { key: 'Enter', ja: '選んだ相談を開く', en: 'Open the selected case' },
];

function categoriesOf(item: TCaseListItem): { codes: string[]; confirmed: boolean } {
  if (item.confirmedCategories.length > 0) {
    return { codes: item.confirmedCategories, confirmed: true };
  }
  return { codes: item.suggestedCategories.slice(0, 2), confirmed: false };
}

const noSubscription = () => () => {};
const isClient = () => true;
const isServer = () => false;

/** What the live region says when a row gets focus with j/k. */
export function describeCase(item: TCaseListItem, index: number, total: number): string {
  const categories = categoriesOf(item)
    .codes.map((code) => categoryLabel(code).ja)
    .join('・');
  return [
    `${index + 1}件目 / 全${total}件`,
    `受付番号 ${item.receiptNumber}`,
    // Right after the case's number: a flag must not wait at the end of a long sentence.
    describeFlags(item.safetyFlags),
    `優先度 ${URGENCY_LABELS[item.priority].ja}`,
    item.response.overdue ? '対応期限超過' : '',
    CASE_STATUS_LABELS[item.status].ja,
    categories,
    item.assignee ? `担当 ${item.assignee.displayName}` : '担当者なし',
  ]
    .filter(Boolean)
    .join('、');
}

/**
 * The queue as a table. Keyboard: j / k move between cases (focus goes to the case's link, and a
 * live region reads out where you are), Enter opens it; Tab works as usual.
 */
export function CaseQueue({ cases, bulk }: TCaseQueueProps) {
  const router = useRouter();
  const [active, setActive] = useState(-1);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The count and "select all" need JavaScript; before it runs, the boxes are plain form fields.
  const interactive = useSyncExternalStore(noSubscription, isClient, isServer);
  const allSelected = cases.length > 0 && cases.every((item) => selected.has(item.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) {
        next.add(id);
      } else {
        next.delete(id);
      }
      return next;
    });
  const [announcement, setAnnouncement] = useState('');
  const links = useRef<(HTMLAnchorElement | null)[]>([]);

  const focusRow = useCallback(
    (index: number) => {
      const item = cases[index];
      if (!item) {
        return;
      }
      setActive(index);
      links.current[index]?.focus();
      setAnnouncement(describeCase(item, index, cases.length));
    },
    [cases],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      if (isTypingTarget(event.target)) {
        return;
      }
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const step = event.key === 'j' ? 1 : -1;
        const from = active === -1 && step === -1 ? cases.length : active;
        focusRow(Math.min(cases.length - 1, Math.max(0, from + step)));
        return;
      }
      // On the link itself Enter follows it natively; elsewhere it opens the row last moved to.
      if (event.key === 'Enter' && active >= 0 && !(event.target instanceof HTMLAnchorElement)) {
        const item = cases[active];
        if (item && !(event.target instanceof HTMLButtonElement)) {
          event.preventDefault();
          router.push(`/cases/${item.id}`);
        }
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active, cases, focusRow, router]);

  return (
    <>
      {bulk ? (
        <BulkBar
          action={bulk.action}
          directory={bulk.directory}
          selected={interactive ? [...selected].filter((id) => cases.some((c) => c.id === id)).length : null}
          onDone={() => setSelected(new Set())}
        />
      ) : null}
      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="queue-announcer">
        {announcement}
      </p>
      <div className="queue-tools">
        <ShortcutHelp shortcuts={QUEUE_SHORTCUTS} />
      </div>
      <div className="table-wrap">
        <table className="data-table queue-table">
          <caption className="visually-hidden">相談一覧 / Cases</caption>
          <thead>
            <tr>
              {bulk ? (
                <th scope="col" className="queue-select">
                  {interactive ? (
                    <input
                      type="checkbox"
                      checked={allSelected}
                      onChange={(event) =>
                        setSelected(event.target.checked ? new Set(cases.map((item) => item.id)) : new Set())
                      }
                      aria-label="このページの相談をすべて選択 / Select all cases on this page"
                    />
                  ) : (
                    <span className="visually-hidden">選択 / Select</span>
                  )}
                </th>
              ) : null}
              <th scope="col">
                優先度 <span lang="en">Priority</span>
              </th>
              <th scope="col">
                受付番号 <span lang="en">Case</span>
              </th>
              <th scope="col">
                状態 <span lang="en">Status</span>
              </th>
              <th scope="col">
                種類 <span lang="en">Category</span>
              </th>
              <th scope="col">
                担当 <span lang="en">Assignee</span>
              </th>
              <th scope="col">
                受付 <span lang="en">Received</span>
              </th>
              <th scope="col">
                待ち時間 / 残り <span lang="en">Waiting / time left</span>
              </th>
              <th scope="col">
                フォロー <span lang="en">Follow-up</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cases.map((item, index) => {
              const { codes, confirmed } = categoriesOf(item);
              const flagged = item.safetyFlags.length > 0;
              const flagsId = `queue-flags-${item.id}`;
              const rowClass = [index === active ? 'is-active' : '', flagged ? 'queue-row--flagged' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <tr key={item.id} className={rowClass || undefined} data-testid="queue-row">
                  {bulk ? (
                    <td className="queue-select">
                      <input
                        type="checkbox"
                        name="caseId"
                        value={item.id}
                        form={BULK_FORM_ID}
                        checked={selected.has(item.id)}
                        onChange={(event) => toggle(item.id, event.target.checked)}
                        aria-label={`受付番号 ${item.receiptNumber} を選択 / Select case ${item.receiptNumber}`}
                      />
                    </td>
                  ) : null}
                  <td>
                    <UrgencyBadge urgency={item.priority} />
                    {item.priority !== item.urgency ? (
                      <span className="muted small">
                        判定 {URGENCY_LABELS[item.urgency].ja}{' '}
                        <span lang="en">(triage {URGENCY_LABELS[item.urgency].en})</span>
                      </span>
                    ) : null}
                    <SafetyFlagList flags={item.safetyFlags} id={flagsId} />
                  </td>
                  <th scope="row">
                    <Link
                      href={`/cases/${item.id}`}
                      ref={(element) => {
                        links.current[index] = element;
                      }}
                      onFocus={() => setActive(index)}
                      className="queue-link"
                      prefetch={false}
                      // Tabbing to the case reads its flags too, not only its number.
                      aria-describedby={flagged ? flagsId : undefined}
                    >
                      {item.receiptNumber}
                    </Link>
                    {item.summary ? <span className="queue-summary">{item.summary}</span> : null}
                    {item.excerpt ? (
                      // The person's words as plain text (React escapes it); the API cut and masked it.
                      <span className="queue-excerpt" data-testid="queue-excerpt">
                        <span className="visually-hidden">相談内容 / Excerpt: </span>
                        {item.excerpt}
                      </span>
                    ) : null}
                    {item.tags.length > 0 ? (
                      <span className="tag-list">
                        {item.tags.map((tag) => (
                          <span key={tag} className="tag">
                            {tag}
                          </span>
                        ))}
                      </span>
                    ) : null}
                  </th>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>
                    {codes.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <>
                        {codes.map((code) => categoryLabel(code).ja).join('・')}
                        <span className="muted small">
                          {confirmed ? ' (確定)' : ' (候補)'}
                          <span lang="en">{confirmed ? ' confirmed' : ' suggested'}</span>
                        </span>
                      </>
                    )}
                  </td>
                  <td>{item.assignee?.displayName ?? <span className="muted">担当者なし / none</span>}</td>
                  <td>
                    {formatDateTime(item.createdAt)}
                    <span className="muted small">{INTAKE_CHANNEL_LABELS[item.channel].ja}</span>
                  </td>
                  <td className="queue-response">
                    <ResponseTime response={item.response} />
                  </td>
                  <td>
                    {item.followUp ? (
                      <span className={item.followUp.overdue ? 'overdue' : undefined}>
                        {formatDateTime(item.followUp.at)}
                        {item.followUp.fromReferral ? (
                          <span className="muted small">
                            {' '}
                            紹介先の確認 <span lang="en">referral check</span>
                          </span>
                        ) : null}
                        {item.followUp.overdue ? (
                          <strong className="overdue__label">
                            {' '}
                            期限切れ <span lang="en">Overdue</span>
                          </strong>
                        ) : null}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
