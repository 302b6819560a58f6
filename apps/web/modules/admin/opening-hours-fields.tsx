'use client';

import { type TLocalized, type TWeeklyPeriod, WEEKDAYS_EN, WEEKDAYS_JA } from '@madoguchi/shared';
import { type ReactNode, useId } from 'react';

import { FieldError } from '../ui/field-error';
import { errorId, fieldId } from '../ui/form-field';

/*
 * Opening hours fields shared by the referral window editor and the desk settings form: the kind of
 * hours, the weekly periods table and the closures. Errors are optional: a form that gets field errors
 * back from the API passes them with the request path of the fields, and each error appears under its
 * control, which points at it (aria-describedby) and is marked invalid.
 */

/** Field errors by request path (as errorsByPath builds them) and the path the fields sit at. */
export type TFieldErrors = { path: string; byPath: ReadonlyMap<string, TLocalized> };

/** aria for a control whose error (if any) is shown under it. */
export function invalidProps(path: string, error: TLocalized | undefined) {
  return {
    id: fieldId(path),
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': error ? errorId(path) : undefined,
  };
}

/** A time of day as HH:MM (full-width digits are turned into ASCII as typed); closing times may be 24:00. */
export function TimeInput({
  label,
  value,
  onChange,
  allow24 = false,
  placeholder = '09:00',
  invalid,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  allow24?: boolean;
  placeholder?: string;
  invalid?: ReturnType<typeof invalidProps>;
}) {
  return (
    <input
      type="text"
      inputMode="numeric"
      className="input--time"
      aria-label={label}
      value={value}
      placeholder={placeholder}
      pattern={allow24 ? '(?:[01]\\d|2[0-3]):[0-5]\\d|24:00' : '(?:[01]\\d|2[0-3]):[0-5]\\d'}
      onChange={(event) => onChange(event.target.value.normalize('NFKC'))}
      {...invalid}
    />
  );
}

const NEW_PERIOD: TWeeklyPeriod = { day: 1, open: '09:00', close: '17:00' };
const WEEKDAYS_NINE_TO_FIVE: readonly number[] = [1, 2, 3, 4, 5];

/**
 * The segmented choice of the kind of hours. Choosing weekly hours with no periods yet starts with
 * Monday to Friday, 9:00–17:00.
 */
export function HoursKindChoice<TKind extends string>({
  name,
  options,
  kind,
  periods,
  onChange,
}: {
  name: string;
  options: ReadonlyArray<readonly [TKind, string]>;
  kind: TKind;
  periods: TWeeklyPeriod[];
  onChange: (patch: { hoursKind: TKind; periods: TWeeklyPeriod[] }) => void;
}) {
  return (
    <div className="segmented">
      {options.map(([option, label]) => (
        <label key={option} className={kind === option ? 'is-selected' : undefined}>
          <input
            type="radio"
            name={name}
            checked={kind === option}
            onChange={() =>
              onChange({
                hoursKind: option,
                periods:
                  option === 'weekly' && periods.length === 0
                    ? WEEKDAYS_NINE_TO_FIVE.map((day) => ({ ...NEW_PERIOD, day }))
                    : periods,
              })
            }
          />
          {label}
        </label>
      ))}
    </div>
  );
}

/**
 * The weekly periods as a table (day, opens, closes, remove) with a button to add one; children (hints,
 * more fields) come after the button. With errors, a period's errors are read at `${path}.${index}.open`
 * (or the whole period) and `${path}.${index}.close`.
 */
export function WeeklyPeriodsEditor({
  periods,
  onChange,
  errors,
  rowTestId,
  children,
}: {
  periods: TWeeklyPeriod[];
  onChange: (periods: TWeeklyPeriod[]) => void;
  errors?: TFieldErrors;
  rowTestId: string;
  children?: ReactNode;
}) {
  const setPeriod = (index: number, patch: Partial<TWeeklyPeriod>) =>
    onChange(periods.map((period, i) => (i === index ? { ...period, ...patch } : period)));
  // An error about the whole period (such as closing before it opens) shows under its opening time.
  const errorOf = (index: number, end: 'open' | 'close') => {
    if (!errors) {
      return undefined;
    }
    const period = `${errors.path}.${index}`;
    const path = `${period}.${end}`;
    return {
      path,
      message: errors.byPath.get(path) ?? (end === 'open' ? errors.byPath.get(period) : undefined),
    };
  };
  return (
    <div className="stack-xs">
      <table className="data-table data-table--compact">
        <thead>
          <tr>
            <th scope="col">曜日 / Day</th>
            <th scope="col">開始 / Opens</th>
            <th scope="col">終了 / Closes</th>
            <th scope="col">
              <span className="visually-hidden">削除 / Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {periods.map((period, index) => {
            const row = index + 1;
            return (
              <tr key={index} data-testid={rowTestId}>
                <td>
                  <select
                    aria-label={`${row}行目の曜日 / Day of row ${row}`}
                    value={period.day}
                    onChange={(event) => setPeriod(index, { day: Number(event.target.value) })}
                  >
                    {WEEKDAYS_JA.map((day, value) => (
                      <option key={day} value={value}>
                        {day} / {WEEKDAYS_EN[value]}
                      </option>
                    ))}
                  </select>
                </td>
                {(['open', 'close'] as const).map((end) => {
                  const error = errorOf(index, end);
                  return (
                    <td key={end}>
                      <TimeInput
                        label={
                          end === 'open'
                            ? `${row}行目の開始 / Opens, row ${row}`
                            : `${row}行目の終了 / Closes, row ${row}`
                        }
                        value={period[end]}
                        placeholder={end === 'open' ? '09:00' : '17:00'}
                        allow24={end === 'close'}
                        onChange={(value) => setPeriod(index, { [end]: value })}
                        invalid={error ? invalidProps(error.path, error.message) : undefined}
                      />
                      {error ? <FieldError name={error.path} message={error.message} /> : null}
                    </td>
                  );
                })}
                <td>
                  <button
                    type="button"
                    className="btn btn--small btn--quiet"
                    onClick={() => onChange(periods.filter((_, i) => i !== index))}
                  >
                    削除 / Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="btn btn--small" onClick={() => onChange([...periods, NEW_PERIOD])}>
        時間帯を追加 / Add a period
      </button>
      {children}
    </div>
  );
}

export type TClosuresDraft = { yearEnd: boolean; nationalHolidays: boolean; dates: string };

/**
 * Year-end and national-holiday closures and other closed days (one date a line). With errors, the
 * dates' error is read at `${path}.dates`.
 */
export function ClosuresEditor({
  closures,
  onChange,
  errors,
}: {
  closures: TClosuresDraft;
  onChange: (closures: TClosuresDraft) => void;
  errors?: TFieldErrors;
}) {
  const id = useId();
  const set = (patch: Partial<TClosuresDraft>) => onChange({ ...closures, ...patch });
  const datesPath = errors ? `${errors.path}.dates` : undefined;
  const datesError = datesPath ? errors?.byPath.get(datesPath) : undefined;
  const datesId = datesPath ? fieldId(datesPath) : `${id}-dates`;
  return (
    <fieldset>
      <legend>
        休業日 <span lang="en">/ Closures</span>
      </legend>
      <label className="check">
        <input
          type="checkbox"
          checked={closures.yearEnd}
          onChange={(event) => set({ yearEnd: event.target.checked })}
        />
        年末年始(12/29〜1/3)は休み <span lang="en">/ Closed 29 Dec – 3 Jan</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={closures.nationalHolidays}
          onChange={(event) => set({ nationalHolidays: event.target.checked })}
        />
        祝日は休み <span lang="en">/ Closed on national holidays</span>
      </label>
      <div className="field">
        <label htmlFor={datesId}>
          そのほかの休業日(1行に1日、例 2026-08-14) <span lang="en">/ Other closed days, one per line</span>
        </label>
        <textarea
          rows={3}
          value={closures.dates}
          onChange={(event) => set({ dates: event.target.value })}
          {...(datesPath ? invalidProps(datesPath, datesError) : { id: datesId })}
        />
        {datesPath ? <FieldError name={datesPath} message={datesError} /> : null}
      </div>
    </fieldset>
  );
}
