'use client';

import type { TDeskIdentity, TDeskIdentityView, TLocalized } from '@madoguchi/shared';
import { type FormEvent, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { updateDeskIdentity } from './desk-actions';
import { errorsByPath } from './desk-draft';

type TField = keyof TDeskIdentity;

const FIELDS: readonly { name: TField; label: TLocalized; hint?: TLocalized; type: string; rows?: number }[] =
  [
    { name: 'name', label: { ja: '窓口の名称', en: 'Name of the desk' }, type: 'text' },
    {
      name: 'address',
      label: { ja: '住所', en: 'Address' },
      hint: { ja: '郵便番号から。空欄なら印字しません。', en: 'From the postcode. Left off when empty.' },
      type: 'text',
    },
    {
      name: 'phone',
      label: { ja: '電話番号', en: 'Phone' },
      hint: { ja: '受付時間を添えても構いません。', en: 'You may add the hours.' },
      type: 'tel',
    },
    { name: 'email', label: { ja: 'メールアドレス', en: 'E-mail' }, type: 'email' },
  ];

const id = (name: TField, part = '') => `desk-identity-${name}${part}`;

/**
 * The desk's own name, address, phone and e-mail: the sender printed on referral letters and the person's copy.
 * Saved with PUT /desk/identity; errors appear under the field they are about.
 */
export function DeskIdentityForm({ view }: { view: TDeskIdentityView }) {
  const [identity, setIdentity] = useState<TDeskIdentity>(view.identity);
  const { run, result, pending } = useStaffAction(updateDeskIdentity);
  const errors = errorsByPath(result && !result.ok ? result.fields : []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = await run({ ...identity });
    if (outcome.ok) {
      setIdentity(outcome.data.identity);
    }
  }

  return (
    <form
      className="form-stack"
      onSubmit={(event) => void submit(event)}
      aria-label="窓口の名称と連絡先 / The desk's name and contact details"
      noValidate
    >
      {FIELDS.map((field) => {
        const error = errors.get(field.name);
        const describedBy = [
          field.hint ? id(field.name, '-hint') : null,
          error ? id(field.name, '-error') : null,
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <div className="field" key={field.name}>
            <label htmlFor={id(field.name)}>
              {field.label.ja} <span lang="en">/ {field.label.en}</span>
            </label>
            {field.hint ? (
              <p className="hint" id={id(field.name, '-hint')}>
                {field.hint.ja} <span lang="en">{field.hint.en}</span>
              </p>
            ) : null}
            <input
              id={id(field.name)}
              name={field.name}
              type={field.type}
              value={identity[field.name]}
              required={field.name === 'name'}
              onChange={(event) =>
                setIdentity((current) => ({ ...current, [field.name]: event.target.value }))
              }
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy || undefined}
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
          名称と連絡先を保存 / Save the name and contact details
        </button>
      </div>
      <ActionFeedback result={result} />
    </form>
  );
}
