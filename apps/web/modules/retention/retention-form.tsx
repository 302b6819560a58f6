'use client';

import {
  MAX_LEGAL_HOLD_REASON,
  RETENTION_CLASSES,
  RETENTION_CLASS_LABELS,
  type TRetentionClass,
} from '@madoguchi/shared';
import { useActionState } from 'react';

import { fieldMessage } from '../dashboard/action-result';
import { En } from '../ui/en';
import { INITIAL_RETENTION_STATE, type TRetentionAction } from './retention-state';

/**
 * The retention class of a case, with the legal hold's reason: radio buttons, a reason and a submit button.
 * A plain form POST to the server action without JavaScript; with it, the result shows in place.
 */
export function RetentionForm({
  caseId,
  current,
  reason,
  action,
}: {
  caseId: string;
  current: TRetentionClass;
  reason: string | null;
  action: TRetentionAction;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_RETENTION_STATE);
  const result = state.status === 'done' ? state.result : null;
  const reasonError = fieldMessage(result, 'reason');
  return (
    <form action={formAction} className="stack-sm" aria-label="保存期間の区分 / Retention class">
      <input type="hidden" name="caseId" value={caseId} />
      <fieldset>
        <legend>
          保存期間の区分 <En>Retention class</En>
        </legend>
        {RETENTION_CLASSES.map((value) => (
          <label key={value} className="radio">
            <input type="radio" name="retentionClass" value={value} defaultChecked={value === current} />{' '}
            {RETENTION_CLASS_LABELS[value].ja} <En>{RETENTION_CLASS_LABELS[value].en}</En>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="retention-reason">
          法的保全の理由(法的保全のとき必須) <En>Reason for the legal hold (required for a legal hold)</En>
        </label>
        {reasonError ? (
          <p id="retention-reason-error" className="field-error">
            {reasonError.ja} <En>{reasonError.en}</En>
          </p>
        ) : null}
        <textarea
          id="retention-reason"
          name="reason"
          rows={2}
          maxLength={MAX_LEGAL_HOLD_REASON}
          defaultValue={reason ?? ''}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? 'retention-reason-error' : undefined}
        />
      </div>
      {result && !reasonError ? (
        <p className={result.ok ? 'notice' : 'notice notice--error'} role={result.ok ? 'status' : 'alert'}>
          {result.message.ja} <En>{result.message.en}</En>
        </p>
      ) : null}
      <button className="btn btn--small" type="submit" disabled={pending}>
        保存する <span lang="en">/ Save</span>
      </button>
    </form>
  );
}
