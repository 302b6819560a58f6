'use client';

import { CASE_STATUS_LABELS, type TCaseMerges } from '@madoguchi/shared';
import Link from 'next/link';
import { type FormEvent, useId } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { fieldMessage } from '../dashboard/action-result';
import { formatDateTime } from '../dashboard/format';
import { useStaffAction } from '../dashboard/use-staff-action';
import { mergeDuplicate, unmergeDuplicate } from './merge-actions';

/**
 * Duplicates on the case page: on a survivor, the cases merged into it (their identifiers and referrals stay
 * theirs and are listed here; their timelines show in this case's) with an undo while the window lasts, and a
 * form to merge another case in by its receipt number; on a merged duplicate, where it went.
 */
export function CaseMergePanel({ caseId, merges }: { caseId: string; merges: TCaseMerges }) {
  const id = useId();
  const merge = useStaffAction(mergeDuplicate);
  const unmerge = useStaffAction(unmergeDuplicate);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const receiptNumber = String(new FormData(form).get('receiptNumber') ?? '');
    const receipt = receiptNumber.trim();
    if (
      !window.confirm(
        `${receipt} をこの相談に統合しますか? ${receipt} は「統合済み」として終了します(24時間以内なら取り消せます)。\nMerge ${receipt} into this case? It is closed as merged (undo within 24 hours).`,
      )
    ) {
      return;
    }
    const outcome = await merge.run({ caseId, receiptNumber });
    if (outcome.ok) {
      form.reset();
    }
  }

  const undoButton = (duplicateId: string, label: string) => (
    <button
      className="btn btn--small"
      type="button"
      disabled={unmerge.pending}
      onClick={() => {
        if (window.confirm(`${label} の統合を取り消しますか? / Undo the merge of ${label}?`)) {
          void unmerge.run({ duplicateId, pageId: caseId });
        }
      }}
    >
      統合を取り消す <span lang="en">/ Undo merge</span>
    </button>
  );

  if (merges.mergedInto) {
    const into = merges.mergedInto;
    return (
      <div className="stack" data-testid="merge-panel">
        <h3 id={`${id}-title`}>
          統合 <span lang="en">/ Merge</span>
        </h3>
        <p className="notice notice--warning">
          この相談は <Link href={`/cases/${into.id}`}>{into.receiptNumber}</Link> に統合されています(
          {formatDateTime(into.mergedAt)})。対応は統合先で行ってください。
          <span lang="en" className="en en--block">
            Merged into {into.receiptNumber} (linked above). Work on that case.
          </span>
        </p>
        {into.canUndo ? (
          <p>
            {undoButton(caseId, into.receiptNumber)}
            <span className="small muted block">
              取り消せる期限 {formatDateTime(into.undoUntil)} <span lang="en">(undo until)</span>
            </span>
          </p>
        ) : null}
        <ActionFeedback result={unmerge.result} />
      </div>
    );
  }

  const error = fieldMessage(merge.result, 'receiptNumber');
  return (
    <div className="stack" data-testid="merge-panel">
      {merges.merged.length > 0 ? (
        <h3 id={`${id}-title`}>
          統合した相談 <span lang="en">/ Merged duplicates</span>
        </h3>
      ) : null}
      {merges.merged.length > 0 ? (
        <ul className="plain-list stack" aria-labelledby={`${id}-title`}>
          {merges.merged.map((item) => (
            <li key={item.id}>
              <strong>
                <Link href={`/cases/${item.id}`}>{item.receiptNumber}</Link>
              </strong>{' '}
              <span className="small muted">
                統合 {formatDateTime(item.mergedAt)}
                {item.mergedBy ? `・${item.mergedBy.displayName}` : ''}・元の状態{' '}
                {CASE_STATUS_LABELS[item.priorStatus].ja}
                <span lang="en"> (merged; was {CASE_STATUS_LABELS[item.priorStatus].en})</span>
              </span>
              {item.identifiers.length > 0 ? (
                <p className="small">
                  識別子 <span lang="en">/ Identifiers</span>:{' '}
                  {item.identifiers.map((identifier) => identifier.display).join('、')}
                </p>
              ) : null}
              {item.referrals.length > 0 ? (
                <p className="small">
                  紹介 <span lang="en">/ Referrals</span>:{' '}
                  {item.referrals.map((referral) => referral.referralNumber).join('、')}
                </p>
              ) : null}
              {item.canUndo ? undoButton(item.id, item.receiptNumber) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ActionFeedback result={unmerge.result} />
      {/* Rarely needed: folded so the case page stays short; open while the counselor uses it. */}
      <details className="case-more">
        <summary>
          重複の統合 <span lang="en">/ Merge a duplicate</span>
        </summary>
        <form className="form-stack" onSubmit={(event) => void submit(event)}>
          <p className="hint">
            同じ人が受付番号をなくして送り直した相談を、この相談にまとめます。両方の受付番号とアクセスコードが使えるままです。
            <span lang="en" className="en en--block">
              Merge a case the same person sent again (e.g. after losing the access code) into this one. Both
              receipt numbers and access codes keep working.
            </span>
          </p>
          <div className="field">
            <label htmlFor={`${id}-receipt`}>
              統合する相談の受付番号 <span lang="en">/ Receipt number of the duplicate</span>
            </label>
            <input
              id={`${id}-receipt`}
              name="receiptNumber"
              type="text"
              required
              autoComplete="off"
              maxLength={20}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <button className="btn" type="submit" disabled={merge.pending}>
            この相談に統合 <span lang="en">/ Merge into this case</span>
          </button>
          <ActionFeedback result={merge.result} />
        </form>
      </details>
    </div>
  );
}
