'use client';

import {
  type TDeskSettings,
  type TLocalized,
  type TWeeklyPeriod,
  URGENCY_LABELS,
  URGENCY_LEVELS,
  WEEKDAYS_EN,
  WEEKDAYS_JA,
} from '@madoguchi/shared';
import { type FormEvent, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { FieldError } from '../ui/field-error';
import { errorId, fieldId } from '../ui/form-field';
import { updateDeskSettings } from './desk-actions';
import {
  draftToDeskSettings,
  errorsByPath,
  type TDeskDraft,
  type TTargetUnit,
  toDeskDraft,
  UNIT_LABELS,
  UNITS_FOR,
} from './desk-draft';

/** aria for a control whose error (if any) is shown under it. */
function invalidProps(path: string, error: TLocalized | undefined) {
  return {
    id: fieldId(path),
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': error ? errorId(path) : undefined,
  };
}

/**
 * The desk's opening hours (Japan time, per weekday, with holiday and year-end closures) and its response
 * target per urgency. Saved with PUT /desk/settings; errors appear under the field they are about.
 */
export function DeskSettingsForm({ settings }: { settings: TDeskSettings }) {
  const [draft, setDraft] = useState<TDeskDraft>(() => toDeskDraft(settings));
  const { run, result, pending } = useStaffAction(updateDeskSettings);
  const errors = errorsByPath(result && !result.ok ? result.fields : []);
  const set = (patch: Partial<TDeskDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const setPeriod = (index: number, patch: Partial<TWeeklyPeriod>) =>
    set({ periods: draft.periods.map((period, i) => (i === index ? { ...period, ...patch } : period)) });
  const setTarget = (level: (typeof URGENCY_LEVELS)[number], patch: Partial<TDeskDraft['targets']['high']>) =>
    set({ targets: { ...draft.targets, [level]: { ...draft.targets[level], ...patch } } });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = await run(draftToDeskSettings(draft));
    if (outcome.ok) {
      setDraft(toDeskDraft(outcome.data));
    }
  }

  const hoursError = errors.get('schedule.hours') ?? errors.get('schedule.hours.periods');
  return (
    <form
      className="form-stack"
      onSubmit={(event) => void submit(event)}
      aria-label="受付時間と対応目標 / Desk hours and response targets"
      noValidate
    >
      <fieldset>
        <legend>
          受付時間 <span lang="en">/ Opening hours</span>(日本時間 / Japan time)
        </legend>
        <div className="segmented">
          {(
            [
              ['weekly', '曜日ごと / Weekly'],
              ['always', '24時間 / Always open'],
            ] as const
          ).map(([kind, label]) => (
            <label key={kind} className={draft.hoursKind === kind ? 'is-selected' : undefined}>
              <input
                type="radio"
                name="hoursKind"
                checked={draft.hoursKind === kind}
                onChange={() =>
                  set({
                    hoursKind: kind,
                    periods:
                      kind === 'weekly' && draft.periods.length === 0
                        ? [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' }))
                        : draft.periods,
                  })
                }
              />
              {label}
            </label>
          ))}
        </div>
        <FieldError name="schedule.hours" message={hoursError} />
        {draft.hoursKind === 'weekly' ? (
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
                {draft.periods.map((period, index) => {
                  const path = `schedule.hours.periods.${index}`;
                  const openError = errors.get(`${path}.open`) ?? errors.get(path);
                  const closeError = errors.get(`${path}.close`);
                  return (
                    <tr key={index} data-testid="desk-period">
                      <td>
                        <select
                          aria-label={`${index + 1}行目の曜日 / Day of row ${index + 1}`}
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
                      <td>
                        <input
                          type="text"
                          inputMode="numeric"
                          className="input--time"
                          aria-label={`${index + 1}行目の開始 / Opens, row ${index + 1}`}
                          placeholder="09:00"
                          value={period.open}
                          onChange={(event) =>
                            setPeriod(index, { open: event.target.value.normalize('NFKC') })
                          }
                          {...invalidProps(`${path}.open`, openError)}
                        />
                        <FieldError name={`${path}.open`} message={openError} />
                      </td>
                      <td>
                        <input
                          type="text"
                          inputMode="numeric"
                          className="input--time"
                          aria-label={`${index + 1}行目の終了 / Closes, row ${index + 1}`}
                          placeholder="17:00"
                          value={period.close}
                          onChange={(event) =>
                            setPeriod(index, { close: event.target.value.normalize('NFKC') })
                          }
                          {...invalidProps(`${path}.close`, closeError)}
                        />
                        <FieldError name={`${path}.close`} message={closeError} />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn--small btn--quiet"
                          onClick={() => set({ periods: draft.periods.filter((_, i) => i !== index) })}
                        >
                          削除 / Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => set({ periods: [...draft.periods, { day: 1, open: '09:00', close: '17:00' }] })}
            >
              時間帯を追加 / Add a period
            </button>
          </div>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>
          休み <span lang="en">/ Closures</span>
        </legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.closures.nationalHolidays}
            onChange={(event) =>
              set({ closures: { ...draft.closures, nationalHolidays: event.target.checked } })
            }
          />
          祝日は休み <span lang="en">/ Closed on national holidays</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.closures.yearEnd}
            onChange={(event) => set({ closures: { ...draft.closures, yearEnd: event.target.checked } })}
          />
          年末年始(12/29〜1/3)は休み <span lang="en">/ Closed 29 Dec – 3 Jan</span>
        </label>
        <label htmlFor={fieldId('schedule.closures.dates')}>
          そのほかの休業日(1行に1日、例 2026-08-14) <span lang="en">/ Other closed days (one a line)</span>
        </label>
        <textarea
          rows={3}
          value={draft.closures.dates}
          onChange={(event) => set({ closures: { ...draft.closures, dates: event.target.value } })}
          {...invalidProps('schedule.closures.dates', errors.get('schedule.closures.dates'))}
        />
        <FieldError name="schedule.closures.dates" message={errors.get('schedule.closures.dates')} />
      </fieldset>
      <fieldset>
        <legend>
          対応目標(最初の対応まで) <span lang="en">/ Response targets (to the first response)</span>
        </legend>
        <p className="hint">
          緊急は受付時間に関係なく実時間の分で数えます。ほかは受付時間で数えます。
          <span lang="en">
            {' '}
            Emergencies count wall-clock minutes whether the desk is open or not; the others count desk time.
          </span>
        </p>
        <table className="data-table data-table--compact">
          <thead>
            <tr>
              <th scope="col">緊急度 / Urgency</th>
              <th scope="col">目標 / Target</th>
              <th scope="col">単位 / Unit</th>
            </tr>
          </thead>
          <tbody>
            {URGENCY_LEVELS.map((level) => {
              const path = `targets.${level}.amount`;
              const error = errors.get(path) ?? errors.get(`targets.${level}`);
              const units = UNITS_FOR[level];
              const label = URGENCY_LABELS[level];
              return (
                <tr key={level} data-testid="desk-target">
                  <th scope="row">
                    {label.ja} <span lang="en">{label.en}</span>
                  </th>
                  <td>
                    <input
                      type="text"
                      inputMode="numeric"
                      className="input--short"
                      aria-label={`${label.ja}の目標 / Target for ${label.en}`}
                      value={draft.targets[level].amount}
                      onChange={(event) => setTarget(level, { amount: event.target.value })}
                      {...invalidProps(path, error)}
                    />
                    <FieldError name={path} message={error} />
                  </td>
                  <td>
                    {units.length === 1 ? (
                      <>
                        {UNIT_LABELS[units[0]!].ja} <span lang="en">{UNIT_LABELS[units[0]!].en}</span>
                      </>
                    ) : (
                      <select
                        aria-label={`${label.ja}の単位 / Unit for ${label.en}`}
                        value={draft.targets[level].unit}
                        onChange={(event) => setTarget(level, { unit: event.target.value as TTargetUnit })}
                      >
                        {units.map((unit) => (
                          <option key={unit} value={unit}>
                            {UNIT_LABELS[unit].ja} / {UNIT_LABELS[unit].en}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      <div>
        <button className="btn btn--primary" type="submit" disabled={pending} aria-disabled={pending}>
          保存 / Save
        </button>
      </div>
      <ActionFeedback result={result} />
    </form>
  );
}
