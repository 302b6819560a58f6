'use client';

import { TROUBLE_CATEGORIES, TROUBLE_CATEGORY_CODES } from '@madoguchi/shared';
import { type FormEvent, useId, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { fieldMessage } from '../dashboard/action-result';
import { useStaffAction } from '../dashboard/use-staff-action';
import { confirmCategories } from './case-actions';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/**
 * Confirm triage's categories or override them. An override needs a reason: supervisors read those
 * reasons to improve the rules (the statistics show override rates per rule).
 */
export function CategoriesForm({
  caseId,
  version,
  suggested,
  confirmed,
}: {
  caseId: string;
  version: number;
  suggested: string[];
  confirmed: string[];
}) {
  const initial = confirmed.length > 0 ? confirmed : suggested;
  const [selected, setSelected] = useState<string[]>(initial);
  const { run, result, pending } = useStaffAction(confirmCategories);
  const id = useId();
  const overriding = !sameSet(selected, suggested);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    await run({ caseId, version, categories: selected, reason });
  }

  const reasonError = fieldMessage(result, 'reason');
  return (
    <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        相談の種類 <span lang="en">/ Categories</span>
      </h3>
      <p className="small">
        {confirmed.length > 0
          ? '確定済み。変更もできます。'
          : '自動判定の候補です。確認して確定してください。'}
        <span lang="en">
          {' '}
          {confirmed.length > 0
            ? 'Confirmed; you can still change them.'
            : 'Suggested by triage: check and confirm.'}
        </span>
      </p>
      <fieldset className="check-group check-group--columns">
        <legend className="visually-hidden">種類 / Categories</legend>
        {TROUBLE_CATEGORY_CODES.map((code) => (
          <label key={code} className="check">
            <input
              type="checkbox"
              name="categories"
              value={code}
              checked={selected.includes(code)}
              onChange={(event) =>
                setSelected(
                  event.target.checked ? [...selected, code] : selected.filter((item) => item !== code),
                )
              }
            />
            {TROUBLE_CATEGORIES[code].label.ja}
            {suggested.includes(code) ? (
              <span className="badge badge--soft">
                候補 <span lang="en">suggested</span>
              </span>
            ) : null}
          </label>
        ))}
      </fieldset>
      {overriding ? (
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            自動判定と違う理由(必須) <span lang="en">/ Why this differs from triage (required)</span>
          </label>
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={2}
            required
            aria-invalid={reasonError ? true : undefined}
          />
        </div>
      ) : null}
      <button className="btn" type="submit" disabled={pending || selected.length === 0}>
        {overriding ? '変更して確定 / Override and confirm' : '候補どおり確定 / Confirm as suggested'}
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}
