'use client';

import { MAX_PERSON_REQUEST_DECISION_LENGTH, type TPersonRequestKind } from '@madoguchi/shared';
import { useActionState } from 'react';

import { fieldMessage } from '../dashboard/action-result';
import { En } from '../ui/en';
import {
  INITIAL_PERSON_REQUEST_DECISION_STATE,
  type TPersonRequestDecisionAction,
} from './person-request-state';

type TOutcome = 'completed' | 'refused';

/**
 * One way to decide a waiting request, folded in a native <details>: complete (a correction says what was
 * changed; a deletion warns that the case's personal data is shredded) or refuse (with the reason the person
 * reads). A plain form POST to the server action without JavaScript; with it, a refusal shows in place.
 */
export function PersonRequestDecisionForm({
  caseId,
  requestId,
  kind,
  outcome,
  action,
}: {
  caseId: string;
  requestId: string;
  kind: TPersonRequestKind;
  outcome: TOutcome;
  action: TPersonRequestDecisionAction;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_PERSON_REQUEST_DECISION_STATE);
  const result = state.status === 'failed' ? state.result : null;
  const field = outcome === 'refused' ? 'reason' : kind === 'correction' ? 'change' : null;
  const error = field ? fieldMessage(result, field) : undefined;
  const id = `person-request-${requestId}-${outcome}`;
  return (
    <details className="case-more person-request-decision" open={result !== null}>
      <summary>
        {outcome === 'completed' ? (
          <>
            対応済みにする <span lang="en">/ Complete</span>
          </>
        ) : (
          <>
            お断りする <span lang="en">/ Refuse</span>
          </>
        )}
      </summary>
      <form action={formAction} className="stack-sm">
        <input type="hidden" name="caseId" value={caseId} />
        <input type="hidden" name="requestId" value={requestId} />
        <input type="hidden" name="outcome" value={outcome} />
        {outcome === 'completed' && kind === 'deletion' ? (
          <p className="small notice notice--warning">
            この相談の相談内容・連絡先・メモ・やりとり・証拠ファイルを、元に戻せない形で削除します(統計のための分類や日付は残ります)。法的保存(リーガルホールド)中の相談は削除できません。
            <En>
              The case&apos;s description, contact details, notes, messages and evidence files are removed for
              good (the coded fields and dates for statistics stay). A case on legal hold cannot be deleted.
            </En>
          </p>
        ) : null}
        {field ? (
          <div className="field">
            <label htmlFor={`${id}-${field}`}>
              {field === 'reason' ? (
                <>
                  お断りする理由(必須・ご本人に表示されます) <En>Reason (required; the person sees it)</En>
                </>
              ) : (
                <>
                  訂正した内容(必須・経過に記録されます){' '}
                  <En>What was corrected (required; recorded on the timeline)</En>
                </>
              )}
            </label>
            {error ? (
              <p id={`${id}-${field}-error`} className="field-error">
                {error.ja} <En>{error.en}</En>
              </p>
            ) : null}
            <textarea
              id={`${id}-${field}`}
              name={field}
              rows={3}
              required
              maxLength={MAX_PERSON_REQUEST_DECISION_LENGTH}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-${field}-error` : undefined}
            />
          </div>
        ) : null}
        {result && !error ? (
          <p className="notice notice--error" role="alert">
            {result.message.ja} <En>{result.message.en}</En>
          </p>
        ) : null}
        <button
          className={
            outcome === 'refused' || kind === 'deletion' ? 'btn btn--small btn--danger' : 'btn btn--small'
          }
          type="submit"
          disabled={pending}
        >
          {outcome === 'refused' ? (
            <>
              お断りする <span lang="en">/ Refuse</span>
            </>
          ) : kind === 'deletion' ? (
            <>
              削除して対応済みにする <span lang="en">/ Delete and complete</span>
            </>
          ) : (
            <>
              訂正済みにする <span lang="en">/ Mark corrected</span>
            </>
          )}
        </button>
      </form>
    </details>
  );
}
