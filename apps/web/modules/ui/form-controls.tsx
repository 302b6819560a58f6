import type { TLocalized } from '@madoguchi/shared';
import type { HTMLAttributes, ReactNode } from 'react';

import { En } from './en';
import { FieldError } from './field-error';
import { describedBy, fieldId, hintId } from './form-field';

/*
 * Form fields with their label, hint and error tied together: every control has a <label> (or a
 * fieldset legend), the hint and the error are referenced by aria-describedby, and a field with an
 * error says so with aria-invalid. Fields are uncontrolled (default values), so they work before
 * and without JavaScript and can be filled in again from what the server received.
 */

type TFieldProps = {
  name: string;
  label: TLocalized;
  hint?: TLocalized;
  error?: TLocalized;
  required?: boolean;
  hidden?: boolean;
  disabled?: boolean;
};

function Label({ htmlFor, label, required }: { htmlFor: string; label: TLocalized; required?: boolean }) {
  return (
    <label className="field__label" htmlFor={htmlFor}>
      {label.ja}
      {required && <span className="field__required">(かならず書いてください)</span>}
      <En>
        {label.en}
        {required ? ' (required)' : ''}
      </En>
    </label>
  );
}

function Hint({ name, hint }: { name: string; hint: TLocalized | undefined }) {
  if (!hint) {
    return null;
  }
  return (
    <p id={hintId(name)} className="field__hint">
      {hint.ja}
      <En>{hint.en}</En>
    </p>
  );
}

function a11yProps(name: string, { hint, error }: { hint?: TLocalized; error?: TLocalized }) {
  return {
    'aria-describedby': describedBy(name, { hint: hint !== undefined, error: error !== undefined }),
    'aria-invalid': error ? (true as const) : undefined,
  };
}

type TTextFieldProps = TFieldProps & {
  defaultValue?: string;
  type?: 'text' | 'email' | 'tel';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  maxLength?: number;
  /** Text after the box, such as 円. */
  suffix?: string;
  size?: 'short' | 'full';
  spellCheck?: boolean;
  autoCapitalize?: string;
};

export function TextField(props: TTextFieldProps) {
  const { name, label, hint, error, required, hidden, disabled, defaultValue, type = 'text', suffix } = props;
  return (
    <div className={`field${error ? ' field--error' : ''}`} hidden={hidden}>
      <Label htmlFor={fieldId(name)} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldError name={name} message={error} />
      <div className="field__control">
        <input
          id={fieldId(name)}
          name={name}
          type={type}
          className={`input${props.size === 'short' ? ' input--short' : ''}`}
          defaultValue={defaultValue}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          maxLength={props.maxLength}
          spellCheck={props.spellCheck}
          autoCapitalize={props.autoCapitalize}
          required={required}
          disabled={disabled}
          {...a11yProps(name, { hint, error })}
        />
        {suffix && <span className="field__suffix">{suffix}</span>}
      </div>
    </div>
  );
}

type TTextAreaProps = TFieldProps & { defaultValue?: string; rows?: number; maxLength?: number };

export function TextArea(props: TTextAreaProps) {
  const { name, label, hint, error, required, hidden, defaultValue, rows = 6, maxLength } = props;
  return (
    <div className={`field${error ? ' field--error' : ''}`} hidden={hidden}>
      <Label htmlFor={fieldId(name)} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldError name={name} message={error} />
      <textarea
        id={fieldId(name)}
        name={name}
        className="input textarea"
        rows={rows}
        defaultValue={defaultValue}
        maxLength={maxLength}
        required={required}
        {...a11yProps(name, { hint, error })}
      />
    </div>
  );
}

type TOption = { value: string; label: TLocalized; description?: TLocalized };

type TSelectProps = TFieldProps & {
  defaultValue?: string;
  options: readonly TOption[];
  emptyLabel: TLocalized;
};

export function SelectField(props: TSelectProps) {
  const { name, label, hint, error, hidden, defaultValue, options, emptyLabel } = props;
  return (
    <div className={`field${error ? ' field--error' : ''}`} hidden={hidden}>
      <Label htmlFor={fieldId(name)} label={label} />
      <Hint name={name} hint={hint} />
      <FieldError name={name} message={error} />
      <select
        id={fieldId(name)}
        name={name}
        className="input select"
        defaultValue={defaultValue ?? ''}
        {...a11yProps(name, { hint, error })}
      >
        <option value="">{`${emptyLabel.ja} / ${emptyLabel.en}`}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {`${option.label.ja} / ${option.label.en}`}
          </option>
        ))}
      </select>
    </div>
  );
}

type TChoiceGroupProps = TFieldProps & {
  type: 'radio' | 'checkbox';
  options: readonly TOption[];
  /** Checked values. */
  defaultValue?: readonly string[];
  /** Lay the choices out side by side (short answers such as はい / いいえ). */
  inline?: boolean;
  children?: ReactNode;
};

/**
 * Radio buttons or checkboxes in a fieldset whose legend is the question. The first choice carries the
 * field's id, so the error summary's link lands on it.
 */
export function ChoiceGroup(props: TChoiceGroupProps) {
  const { name, label, hint, error, hidden, disabled, type, options, defaultValue = [], inline } = props;
  return (
    <fieldset
      className={`field fieldset${error ? ' field--error' : ''}`}
      hidden={hidden}
      aria-describedby={describedBy(name, { hint: hint !== undefined, error: error !== undefined })}
    >
      <legend className="field__label">
        {label.ja}
        <En>{label.en}</En>
      </legend>
      <Hint name={name} hint={hint} />
      <FieldError name={name} message={error} />
      <div className={`choices${inline ? ' choices--inline' : ''}`}>
        {options.map((option, index) => {
          const id = index === 0 ? fieldId(name) : `${fieldId(name)}-${option.value}`;
          return (
            <div className="choice" key={option.value}>
              <input
                id={id}
                type={type}
                name={name}
                value={option.value}
                defaultChecked={defaultValue.includes(option.value)}
                disabled={disabled}
                aria-invalid={error ? true : undefined}
              />
              <label htmlFor={id}>
                <span className="choice__label">
                  {option.label.ja}
                  <En>{option.label.en}</En>
                </span>
                {option.description && (
                  <span className="choice__description">
                    {option.description.ja}
                    <En>{option.description.en}</En>
                  </span>
                )}
              </label>
            </div>
          );
        })}
      </div>
      {props.children}
    </fieldset>
  );
}

export const YES_NO_OPTIONS: readonly TOption[] = [
  { value: 'yes', label: { ja: 'はい', en: 'Yes' } },
  { value: 'no', label: { ja: 'いいえ', en: 'No' } },
  { value: 'unknown', label: { ja: 'わからない', en: 'Not sure' } },
];
