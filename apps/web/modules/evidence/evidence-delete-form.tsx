'use client';

import { MAX_EVIDENCE_DELETE_REASON_LENGTH } from '@madoguchi/shared';
import { useActionState } from 'react';

import { fieldMessage } from '../dashboard/action-result';
import { En } from '../ui/en';
import { INITIAL_EVIDENCE_DELETE_STATE, type TEvidenceDeleteAction } from './evidence-delete-state';

/**
 * An admin's "delete" for one evidence file, folded in a native <details>: a required reason and a submit
 * button. A plain form POST to the server action without JavaScript; with it, a refusal shows in place.
 */
export function EvidenceDeleteForm({
  caseId,
  fileId,
  fileName,
  action,
}: {
  caseId: string;
  fileId: string;
  fileName: string;
  action: TEvidenceDeleteAction;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_EVIDENCE_DELETE_STATE);
  const result = state.status === 'failed' ? state.result : null;
  const reasonError = fieldMessage(result, 'reason');
  const prefix = `evidence-delete-${fileId}`;
  return (
    <details className="case-more evidence-delete" open={result !== null}>
      <summary>
        削除 <span lang="en">/ Delete</span>
        <span className="visually-hidden">: {fileName}</span>
      </summary>
      <form action={formAction} className="stack-sm">
        <input type="hidden" name="caseId" value={caseId} />
        <input type="hidden" name="fileId" value={fileId} />
        <p className="small muted">
          ファイル本体とプレビューは元に戻せない形で消え、名前とSHA-256だけが記録に残ります。
          <En>The file and its previews are removed for good; only its name and SHA-256 stay on record.</En>
        </p>
        <div className="field">
          <label htmlFor={`${prefix}-reason`}>
            削除の理由(必須) <En>Reason (required)</En>
          </label>
          {reasonError ? (
            <p id={`${prefix}-reason-error`} className="field-error">
              {reasonError.ja} <En>{reasonError.en}</En>
            </p>
          ) : null}
          <textarea
            id={`${prefix}-reason`}
            name="reason"
            rows={2}
            required
            maxLength={MAX_EVIDENCE_DELETE_REASON_LENGTH}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? `${prefix}-reason-error` : undefined}
          />
        </div>
        {result && !reasonError ? (
          <p className="notice notice--error" role="alert">
            {result.message.ja} <En>{result.message.en}</En>
          </p>
        ) : null}
        <button className="btn btn--small btn--danger" type="submit" disabled={pending}>
          削除する <span lang="en">/ Delete</span>
        </button>
      </form>
    </details>
  );
}
