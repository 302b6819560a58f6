'use client';

import type { TLocalized } from '@madoguchi/shared';
import { type HTMLAttributes, type Ref, useEffect, useId, useRef } from 'react';

import type { TActionResult } from '../dashboard/action-result';
import { Bi } from '../dashboard/bi';
import { En } from '../ui/en';

/*
 * The pieces the account's forms share (password change, enrolment, recovery codes, turning TOTP off):
 * a labelled field whose hint and error are tied to it, and the summary of problems at the top of a
 * form, focused after a failed submit, each problem a link to its field. Ids are made per form, since
 * the account page holds several forms with a `code` field.
 */

export type TFormField = { name: string; id: string; label: TLocalized };

type TAccountFieldProps = {
  field: TFormField;
  type: 'password' | 'text' | 'email';
  autoComplete: string;
  hint?: TLocalized;
  error?: TLocalized;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  required?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** Codes and passwords: no spell check, no automatic capital letter on phones. */
  verbatim?: boolean;
  maxLength?: number;
};

export function AccountField({
  field,
  type,
  autoComplete,
  hint,
  error,
  inputMode,
  required = true,
  inputRef,
  verbatim = true,
  maxLength,
}: TAccountFieldProps) {
  const hintId = `${field.id}-hint`;
  const errorId = `${field.id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={field.id}>
        {field.label.ja} <span lang="en">/ {field.label.en}</span>
      </label>
      {hint ? (
        <p id={hintId} className="hint">
          <Bi text={hint} />
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          <span className="visually-hidden">エラー: </span>
          <Bi text={error} />
        </p>
      ) : null}
      <input
        ref={inputRef}
        id={field.id}
        name={field.name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        required={required}
        maxLength={maxLength}
        spellCheck={verbatim ? false : undefined}
        autoCapitalize={verbatim ? 'off' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** The message for a field of the last result, if it failed on that field. */
export function errorFor(result: TActionResult<unknown> | null, name: string): TLocalized | undefined {
  if (!result || result.ok) {
    return undefined;
  }
  return result.fields.find((field) => field.path === name)?.message;
}

/**
 * The problems of a failed submit: announced (role=alert), focused, each linked to its field. Problems
 * that belong to no field of this form are listed without a link.
 */
export function FormErrors({
  result,
  fields,
}: {
  result: TActionResult<unknown> | null;
  fields: readonly TFormField[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (result && !result.ok) {
      ref.current?.focus();
    }
  }, [result]);
  if (!result || result.ok) {
    return null;
  }
  const items = result.fields.map((error, index) => {
    const field = fields.find((candidate) => candidate.name === error.path);
    return { key: `${error.path}-${error.code}-${index}`, field, message: error.message };
  });
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1} aria-labelledby={titleId}>
      <p id={titleId} className="error-summary__title">
        <Bi text={result.message} />
      </p>
      {items.length > 0 ? (
        <ul className="error-summary__list">
          {items.map(({ key, field, message }) => {
            const text = (
              <>
                {field ? `${field.label.ja}: ` : ''}
                {message.ja}{' '}
                <En>
                  {field ? `${field.label.en}: ` : ''}
                  {message.en}
                </En>
              </>
            );
            return <li key={key}>{field ? <a href={`#${field.id}`}>{text}</a> : text}</li>;
          })}
        </ul>
      ) : null}
    </div>
  );
}

/** The success message of the last result, announced politely. */
export function FormSuccess({ result }: { result: TActionResult<unknown> | null }) {
  return (
    <div aria-live="polite" aria-atomic="true">
      {result?.ok ? (
        <p className="notice notice--success" role="status">
          <Bi text={result.message} />
        </p>
      ) : null}
    </div>
  );
}
