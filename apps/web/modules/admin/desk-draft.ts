import {
  type TDeskSettings,
  type TFieldError,
  type TLocalized,
  type TResponseTarget,
  type TUrgency,
  type TWeeklyPeriod,
  URGENCY_LEVELS,
} from '@madoguchi/shared';

/* The desk settings form's state and its translation to PUT /desk/settings (pure, tested alone). */

export type TTargetUnit = TResponseTarget['unit'];

export type TDeskDraft = {
  hoursKind: 'weekly' | 'always';
  periods: TWeeklyPeriod[];
  closures: { yearEnd: boolean; nationalHolidays: boolean; dates: string };
  /** Amounts as typed, so a wrong entry stays on screen with its message. */
  targets: Record<TUrgency, { unit: TTargetUnit; amount: string }>;
};

/** Emergencies count wall-clock minutes (a person in danger does not wait for opening time); the rest desk time. */
export const UNITS_FOR: Readonly<Record<TUrgency, readonly TTargetUnit[]>> = {
  emergency: ['wall_minutes'],
  high: ['desk_hours', 'desk_days'],
  normal: ['desk_hours', 'desk_days'],
  low: ['desk_hours', 'desk_days'],
};

export const UNIT_LABELS: Readonly<Record<TTargetUnit, TLocalized>> = {
  wall_minutes: { ja: '分(実時間)', en: 'minutes (wall clock)' },
  desk_hours: { ja: '受付時間(時間)', en: 'desk hours' },
  desk_days: {
    ja: '受付日(到着日の翌日から数えて、その日の終了まで)',
    en: 'desk days (by the close of the Nth day)',
  },
};

export function toDeskDraft(settings: TDeskSettings): TDeskDraft {
  const { hours, closures } = settings.schedule;
  return {
    hoursKind: hours.kind === 'always' ? 'always' : 'weekly',
    periods: hours.kind === 'weekly' ? hours.periods : [],
    closures: {
      yearEnd: closures.yearEnd,
      nationalHolidays: closures.nationalHolidays,
      dates: (closures.dates ?? []).join('\n'),
    },
    targets: Object.fromEntries(
      URGENCY_LEVELS.map((level) => [
        level,
        { unit: settings.targets[level].unit, amount: String(settings.targets[level].amount) },
      ]),
    ) as TDeskDraft['targets'],
  };
}

/** Whole numbers stay numbers; anything else is passed on for the schema to report on its field. */
function amount(value: string): number | string {
  const text = value.normalize('NFKC').trim();
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** The draft as the body of PUT /desk/settings (unchecked: the action validates it against the contract). */
export function draftToDeskSettings(draft: TDeskDraft): Record<string, unknown> {
  const dates = draft.closures.dates
    .split(/[\s,、]+/)
    .map((date) => date.normalize('NFKC').trim())
    .filter(Boolean);
  return {
    schedule: {
      hours: draft.hoursKind === 'always' ? { kind: 'always' } : { kind: 'weekly', periods: draft.periods },
      closures: {
        yearEnd: draft.closures.yearEnd,
        nationalHolidays: draft.closures.nationalHolidays,
        ...(dates.length > 0 ? { dates } : {}),
      },
    },
    targets: Object.fromEntries(
      URGENCY_LEVELS.map((level) => [
        level,
        { unit: draft.targets[level].unit, amount: amount(draft.targets[level].amount) },
      ]),
    ),
  };
}

/** The first message for each field path (`targets.high.amount`, `schedule.hours.periods.0.close`). */
export function errorsByPath(fields: readonly TFieldError[]): Map<string, TLocalized> {
  const byPath = new Map<string, TLocalized>();
  for (const field of fields) {
    if (!byPath.has(field.path)) {
      byPath.set(field.path, field.message);
    }
  }
  return byPath;
}
