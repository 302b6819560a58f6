'use client';

import type { TLocalized, TPrivacyRegister, TUpdatePrivacyRegister } from '@madoguchi/shared';
import { type FormEvent, useState } from 'react';

import { errorsByPath } from '../admin/desk-draft';
import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { updatePrivacyRegister } from './privacy-actions';

type TField = keyof TUpdatePrivacyRegister;

const FIELDS: readonly { name: TField; label: TLocalized; rows: number; required: boolean }[] = [
  {
    name: 'fileName',
    label: { ja: '個人情報ファイルの名称', en: 'Name of the file' },
    rows: 1,
    required: true,
  },
  { name: 'purpose', label: { ja: '利用目的', en: 'Purpose of use' }, rows: 4, required: true },
  { name: 'notes', label: { ja: '備考', en: 'Notes' }, rows: 4, required: false },
];

const id = (name: TField, part = '') => `privacy-register-${name}${part}`;

/** The register's free-text fields, saved with PUT /privacy/register; errors appear under their field. */
export function PrivacyRegisterForm({ register }: { register: TPrivacyRegister }) {
  const [draft, setDraft] = useState<TUpdatePrivacyRegister>({
    fileName: register.fileName,
    purpose: register.purpose,
    notes: register.notes,
  });
  const { run, result, pending } = useStaffAction(updatePrivacyRegister);
  const errors = errorsByPath(result && !result.ok ? result.fields : []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = await run({ ...draft });
    if (outcome.ok) {
      setDraft({ fileName: outcome.data.fileName, purpose: outcome.data.purpose, notes: outcome.data.notes });
    }
  }

  return (
    <form
      className="form-stack"
      onSubmit={(event) => void submit(event)}
      aria-label="個人情報ファイル簿の記載 / What the register says"
      noValidate
    >
      {FIELDS.map((field) => {
        const error = errors.get(field.name);
        return (
          <div className="field" key={field.name}>
            <label htmlFor={id(field.name)}>
              {field.label.ja} <span lang="en">/ {field.label.en}</span>
            </label>
            <textarea
              id={id(field.name)}
              name={field.name}
              rows={field.rows}
              value={draft[field.name]}
              required={field.required}
              onChange={(event) => setDraft((current) => ({ ...current, [field.name]: event.target.value }))}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? id(field.name, '-error') : undefined}
            />
            {error ? (
              <p id={id(field.name, '-error')} className="field-error">
                <span className="visually-hidden">エラー: </span>
                {error.ja} <span lang="en">{error.en}</span>
              </p>
            ) : null}
          </div>
        );
      })}
      <div>
        <button className="btn btn--primary" type="submit" disabled={pending} aria-disabled={pending}>
          保存 / Save
        </button>
      </div>
      <ActionFeedback result={result} />
    </form>
  );
}
