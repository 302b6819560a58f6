'use client';

import { REVIEW_VERDICT_LABELS, REVIEW_VERDICTS } from '@madoguchi/shared';
import { useActionState } from 'react';

import { fieldMessage } from '../dashboard/action-result';
import { En } from '../ui/en';
import { INITIAL_REVIEW_STATE, type TReviewAction } from './review-state';

/**
 * The short review of one case: agree, or a concern with a comment (what the counselor should look at).
 * A plain form POST without JavaScript; with it, a refusal shows in place.
 */
export function ReviewForm({
  caseId,
  receiptNumber,
  action,
}: {
  caseId: string;
  receiptNumber: string;
  action: TReviewAction;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_REVIEW_STATE);
  const result = state.status === 'failed' ? state.result : null;
  const commentError = fieldMessage(result, 'comment');
  const verdictError = fieldMessage(result, 'verdict');
  const prefix = `review-${caseId}`;
  return (
    <form
      action={formAction}
      className="review-form stack-sm"
      noValidate
      aria-label={`受付番号 ${receiptNumber} のレビュー / Review of ${receiptNumber}`}
    >
      <input type="hidden" name="caseId" value={caseId} />
      <input type="hidden" name="receiptNumber" value={receiptNumber} />
      <fieldset aria-describedby={verdictError ? `${prefix}-verdict-error` : undefined}>
        <legend>
          判断 <En>Verdict</En>
        </legend>
        {REVIEW_VERDICTS.map((verdict, index) => (
          <label key={verdict} className="radio-inline">
            <input type="radio" name="verdict" value={verdict} defaultChecked={index === 0} />{' '}
            {REVIEW_VERDICT_LABELS[verdict].ja} <En>{REVIEW_VERDICT_LABELS[verdict].en}</En>
          </label>
        ))}
        {verdictError ? (
          <p id={`${prefix}-verdict-error`} className="field-error">
            {verdictError.ja} <En>{verdictError.en}</En>
          </p>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor={`${prefix}-comment`}>
          コメント(気になる点ありのときは必須) <En>Comment (required with a concern)</En>
        </label>
        {commentError ? (
          <p id={`${prefix}-comment-error`} className="field-error">
            {commentError.ja} <En>{commentError.en}</En>
          </p>
        ) : null}
        <textarea
          id={`${prefix}-comment`}
          name="comment"
          rows={2}
          maxLength={2000}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={commentError ? `${prefix}-comment-error` : undefined}
        />
      </div>
      {result && !commentError && !verdictError ? (
        <p className="notice notice--error" role="alert">
          {result.message.ja} <En>{result.message.en}</En>
        </p>
      ) : null}
      <button className="btn btn--small btn--primary" type="submit" disabled={pending}>
        レビューを記録 <span lang="en">/ Record review</span>
      </button>
    </form>
  );
}
