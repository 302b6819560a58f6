'use client';

import { CASE_STATUS_LABELS, CASE_STATUSES, type TDirectoryEntry } from '@madoguchi/shared';
import { type KeyboardEvent, useActionState, useEffect, useRef } from 'react';

import { markServerActivity } from '../auth/idle-warning';
import { En } from '../ui/en';
import { INITIAL_BULK_STATE, UNASSIGN, type TBulkAction } from './bulk-state';

export const BULK_FORM_ID = 'queue-bulk-form';

type TBulkBarProps = {
  action: TBulkAction;
  directory: TDirectoryEntry[];
  /** How many rows are ticked (null before the page is interactive: the count is not known then). */
  selected: number | null;
  /** Called after each batch, so the ticks clear once the queue shows the change. */
  onDone: () => void;
};

/**
 * The bulk form above the queue: the rows' checkboxes belong to it (form="queue-bulk-form"), and each
 * button sends one action for the ticked cases. Works as a plain form POST; with JavaScript it answers
 * in place, with the cases that were refused and why.
 */
/** Enter in a row's text field presses that row's button. */
function submitWith(kind: 'status' | 'tag') {
  return (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) {
      return;
    }
    event.preventDefault();
    const form = event.currentTarget.form;
    const button = form?.querySelector<HTMLButtonElement>(`button[name="kind"][value="${kind}"]`);
    if (form && button) {
      form.requestSubmit(button);
    }
  };
}

export function BulkBar({ action, directory, selected, onDone }: TBulkBarProps) {
  const [state, formAction, pending] = useActionState(action, INITIAL_BULK_STATE);
  const feedback = useRef<HTMLDivElement>(null);
  const attempt = state.status === 'done' ? state.attempt : 0;

  useEffect(() => {
    if (attempt > 0) {
      markServerActivity();
      onDone();
      feedback.current?.focus();
    }
    // Only when a new result arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  const result = state.status === 'done' ? state.result : null;
  const refused = result?.ok ? result.data.results.filter((r) => !r.ok) : [];

  return (
    <form
      id={BULK_FORM_ID}
      action={formAction}
      className="panel bulk-bar"
      aria-labelledby="bulk-title"
      noValidate
    >
      <h3 id="bulk-title" className="h-small">
        選んだ相談をまとめて変更 <En>Change the selected cases</En>
      </h3>
      <p className="small muted" data-testid="bulk-selected">
        {selected === null ? (
          <>
            一覧の左の欄で相談を選んでください(1回に100件まで)。
            <En>Tick the cases in the list (up to 100 at a time).</En>
          </>
        ) : (
          <>
            {selected}件を選択中(1回に100件まで) <En>{selected} selected (up to 100 at a time)</En>
          </>
        )}
      </p>
      {/* The default button: Enter in a text field submits nothing by itself (it would be the first action). */}
      <button type="submit" disabled hidden aria-hidden="true" tabIndex={-1} />
      <div className="bulk-bar__rows">
        <div className="bulk-bar__row">
          <label htmlFor="bulk-assignee">
            担当者 <En>Assignee</En>
          </label>
          <select id="bulk-assignee" name="assigneeId" defaultValue="me">
            <option value="me">自分 / Me</option>
            {directory.map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
            <option value={UNASSIGN}>担当を外す / Unassign</option>
          </select>
          <button className="btn btn--small" type="submit" name="kind" value="assign" disabled={pending}>
            担当を変更 <span lang="en">/ Assign</span>
          </button>
        </div>
        <div className="bulk-bar__row">
          <label htmlFor="bulk-status">
            状態 <En>Status</En>
          </label>
          <select id="bulk-status" name="status" defaultValue="in_progress">
            {CASE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {CASE_STATUS_LABELS[status].ja} / {CASE_STATUS_LABELS[status].en}
              </option>
            ))}
          </select>
          <label htmlFor="bulk-reason">
            理由(終了・再開のとき) <En>Reason (to close or reopen)</En>
          </label>
          <input
            id="bulk-reason"
            name="reason"
            type="text"
            maxLength={1000}
            onKeyDown={submitWith('status')}
          />
          <button className="btn btn--small" type="submit" name="kind" value="status" disabled={pending}>
            状態を変更 <span lang="en">/ Change status</span>
          </button>
        </div>
        <div className="bulk-bar__row">
          <label htmlFor="bulk-tag">
            タグ <En>Tag</En>
          </label>
          <input id="bulk-tag" name="tag" type="text" maxLength={40} onKeyDown={submitWith('tag')} />
          <button className="btn btn--small" type="submit" name="kind" value="tag" disabled={pending}>
            タグを追加 <span lang="en">/ Add tag</span>
          </button>
        </div>
      </div>
      <div ref={feedback} tabIndex={-1} className="feedback" aria-live="polite" data-testid="bulk-result">
        {result ? (
          <div
            className={`notice ${result.ok && refused.length === 0 ? 'notice--success' : 'notice--error'}`}
            role={result.ok && refused.length === 0 ? 'status' : 'alert'}
          >
            <p>
              {result.message.ja} <En>{result.message.en}</En>
            </p>
            {!result.ok && result.fields.length > 0 ? (
              <ul className="field-errors">
                {result.fields.map((item) => (
                  <li key={`${item.path}:${item.code}`}>
                    {item.message.ja} <En>{item.message.en}</En>
                  </li>
                ))}
              </ul>
            ) : null}
            {refused.length > 0 ? (
              <ul className="field-errors" data-testid="bulk-refused">
                {refused.map((item) =>
                  item.ok ? null : (
                    <li key={item.caseId}>
                      {item.receiptNumber ?? item.caseId}: {item.message.ja} <En>{item.message.en}</En>
                    </li>
                  ),
                )}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </form>
  );
}
