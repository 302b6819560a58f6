'use client';

import { type TDeskSettings, URGENCY_LABELS, URGENCY_LEVELS } from '@madoguchi/shared';
import { type FormEvent, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { useStaffAction } from '../dashboard/use-staff-action';
import { FieldError } from '../ui/field-error';
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
import { ClosuresEditor, HoursKindChoice, invalidProps, WeeklyPeriodsEditor } from './opening-hours-fields';

/**
 * The desk's opening hours (Japan time, per weekday, with holiday and year-end closures) and its response
 * target per urgency. Saved with PUT /desk/settings; errors appear under the field they are about.
 */
export function DeskSettingsForm({ settings }: { settings: TDeskSettings }) {
  const [draft, setDraft] = useState<TDeskDraft>(() => toDeskDraft(settings));
  const { run, result, pending } = useStaffAction(updateDeskSettings);
  const errors = errorsByPath(result && !result.ok ? result.fields : []);
  const set = (patch: Partial<TDeskDraft>) => setDraft((current) => ({ ...current, ...patch }));
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
        <HoursKindChoice
          name="hoursKind"
          options={[
            ['weekly', '曜日ごと / Weekly'],
            ['always', '24時間 / Always open'],
          ]}
          kind={draft.hoursKind}
          periods={draft.periods}
          onChange={set}
        />
        <FieldError name="schedule.hours" message={hoursError} />
        {draft.hoursKind === 'weekly' ? (
          <WeeklyPeriodsEditor
            periods={draft.periods}
            onChange={(periods) => set({ periods })}
            errors={{ path: 'schedule.hours.periods', byPath: errors }}
            rowTestId="desk-period"
          />
        ) : null}
      </fieldset>
      <ClosuresEditor
        closures={draft.closures}
        onChange={(closures) => set({ closures })}
        errors={{ path: 'schedule.closures', byPath: errors }}
      />
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
