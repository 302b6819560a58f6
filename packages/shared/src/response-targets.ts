import { z } from 'zod';

import { URGENCY_LEVELS, type TUrgency } from './category';
import { isOpenAt, openPeriods, rememberingDays, type TScheduleWindow } from './opening-hours';
import { tokyoDayOf } from './tokyo-time';

/*
 * Response targets: how soon the desk should answer a case, by urgency. An emergency counts in wall-clock
 * minutes (a person in danger does not wait for opening time); the others count the desk's own opening
 * hours, read with the directory's hours logic (Japanese holidays and the year-end break included). A case
 * that arrives while the desk is closed says so, so nobody mistakes "on time tomorrow" for "seen".
 */

const ZAmount = z.number().int().positive().max(10_000);

export const ZResponseTarget = z.discriminatedUnion('unit', [
  /** Minutes of wall-clock time, whether the desk is open or not. */
  z.strictObject({ unit: z.literal('wall_minutes'), amount: ZAmount }),
  /** Hours the desk is open. */
  z.strictObject({ unit: z.literal('desk_hours'), amount: ZAmount }),
  /** By the close of the Nth desk day after the day the case arrived. */
  z.strictObject({ unit: z.literal('desk_days'), amount: ZAmount }),
]);
export type TResponseTarget = z.infer<typeof ZResponseTarget>;

export const ZResponseTargets = z.strictObject(
  Object.fromEntries(URGENCY_LEVELS.map((level) => [level, ZResponseTarget])) as Record<
    TUrgency,
    typeof ZResponseTarget
  >,
);
export type TResponseTargets = z.infer<typeof ZResponseTargets>;

export const DEFAULT_RESPONSE_TARGETS: TResponseTargets = {
  emergency: { unit: 'wall_minutes', amount: 15 },
  high: { unit: 'desk_hours', amount: 4 },
  normal: { unit: 'desk_days', amount: 2 },
  low: { unit: 'desk_days', amount: 5 },
};

/** Weekdays 9:00–17:00 Tokyo time; national holidays and 12/29–1/3 closed. */
export const DEFAULT_DESK_SCHEDULE: TScheduleWindow = {
  hours: {
    kind: 'weekly',
    periods: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
  },
  closures: { nationalHolidays: true, yearEnd: true },
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Far enough for any target over the longest closure (the year-end break plus a holiday run). */
const SEARCH_DAYS = 400;

/** The instant `ms` of open desk time after `from`; null when the desk never opens in the search range. */
export function addDeskTime(schedule: TScheduleWindow, from: Date, ms: number): Date | null {
  let left = ms;
  for (const period of openPeriods(schedule, from, SEARCH_DAYS)) {
    const length = period.end.getTime() - period.start.getTime();
    if (left <= length) {
      return new Date(period.start.getTime() + left);
    }
    left -= length;
  }
  return null;
}

/** Open desk time (ms) between two instants. */
export function deskTimeBetween(schedule: TScheduleWindow, from: Date, to: Date): number {
  let total = 0;
  for (const period of openPeriods(schedule, from, SEARCH_DAYS)) {
    if (period.start.getTime() >= to.getTime()) {
      break;
    }
    total += Math.min(period.end.getTime(), to.getTime()) - period.start.getTime();
  }
  return total;
}

/** The close of the `n`th desk day after the Tokyo day of `from` (a day counts when the desk opens on it). */
function closeOfNthDeskDay(schedule: TScheduleWindow, from: Date, n: number): Date | null {
  let counted = 0;
  let currentKey: string | null = null;
  let lastEnd: Date | null = null;
  const arrivalDay = openPeriods(schedule, from, 1).next().value?.day.key;
  for (const period of openPeriods(schedule, from, SEARCH_DAYS)) {
    if (period.day.key === arrivalDay) {
      continue;
    }
    if (period.day.key !== currentKey) {
      if (counted === n) {
        return lastEnd;
      }
      counted += 1;
      currentKey = period.day.key;
    }
    lastEnd = period.end;
  }
  return counted === n ? lastEnd : null;
}

export type TResponseDue = {
  /** When the first response is due; null when the desk's hours never open (no target can be met). */
  dueAt: Date | null;
  /** The case arrived while the desk was closed: on time can still mean hours before anyone sees it. */
  arrivedWhileClosed: boolean;
};

export function responseDue(
  schedule: TScheduleWindow,
  target: TResponseTarget,
  receivedAt: Date,
): TResponseDue {
  const arrivedWhileClosed = isOpenAt(schedule, receivedAt) !== true;
  switch (target.unit) {
    case 'wall_minutes':
      return { dueAt: new Date(receivedAt.getTime() + target.amount * MINUTE_MS), arrivedWhileClosed };
    case 'desk_hours':
      return { dueAt: addDeskTime(schedule, receivedAt, target.amount * HOUR_MS), arrivedWhileClosed };
    case 'desk_days': {
      // The arrival day itself never counts, so "2 desk days" after a Monday morning is Wednesday's close.
      return { dueAt: closeOfNthDeskDay(schedule, receivedAt, target.amount), arrivedWhileClosed };
    }
    default:
      return target satisfies never;
  }
}

export type TResponseState = TResponseDue & {
  /** Wall-clock time since the case arrived (until the first response, when there is one). */
  waitingMs: number;
  /** Time left until due (negative when overdue); null when there is no due time. */
  leftMs: number | null;
  overdue: boolean;
  /** Set once answered: whether the first response came by the due time. */
  met: boolean | null;
};

/** Where a case stands against its target at `now` (the first response, if any, stops the clock). */
export function responseState(
  schedule: TScheduleWindow,
  target: TResponseTarget,
  receivedAt: Date,
  now: Date,
  respondedAt: Date | null = null,
): TResponseState {
  const due = responseDue(schedule, target, receivedAt);
  const stop = respondedAt ?? now;
  const leftMs = due.dueAt ? due.dueAt.getTime() - stop.getTime() : null;
  return {
    ...due,
    waitingMs: Math.max(0, stop.getTime() - receivedAt.getTime()),
    leftMs,
    overdue: leftMs !== null && leftMs < 0,
    met: respondedAt === null ? null : leftMs !== null && leftMs >= 0,
  };
}

/** A case as the statistics read it: its working priority, arrival and first response. */
export type TResponseRecord = { priority: TUrgency; createdAt: Date; firstResponseAt: Date | null };

export type TResponseTally = { met: number; missed: number; pending: number };

/** Where a first response stands against its target, as the statistics count it. */
export type TResponseTargetState = keyof TResponseTally;

/** The months' tallies of responseTargetTally, months in order, every priority in each. */
export type TResponseTargetMonths = { month: string; byPriority: Record<TUrgency, TResponseTally> }[];

/**
 * First responses against their targets, per month of receipt (YYYY-MM, Tokyo) and priority, with
 * responseState's `met`: answered by the due time is met, answered after it or unanswered past it at `asOf`
 * is missed, unanswered and not yet due is pending. Records are added as they are read (a year's statistics
 * at a million cases a year are a million of them), so only the counts are kept.
 */
export function responseTargetTally(
  schedule: TScheduleWindow,
  targets: TResponseTargets,
  asOf: Date,
): {
  add(record: TResponseRecord): void;
  /** Counts decided elsewhere (stored due times compared in SQL, with the same rule) for a month and priority. */
  addCount(month: string, priority: TUrgency, state: TResponseTargetState, count: number): void;
  result(): TResponseTargetMonths;
} {
  const months = new Map<string, Record<TUrgency, TResponseTally>>();
  const tallyOf = (month: string) => {
    let tally = months.get(month);
    if (!tally) {
      tally = Object.fromEntries(
        URGENCY_LEVELS.map((level) => [level, { met: 0, missed: 0, pending: 0 }]),
      ) as Record<TUrgency, TResponseTally>;
      months.set(month, tally);
    }
    return tally;
  };
  // A month's cases arrive on a few dozen days: each day's hours are worked out once, not once per case.
  const calendar = rememberingDays(schedule);
  return {
    add(record) {
      const day = tokyoDayOf(record.createdAt);
      const state = responseState(
        calendar,
        targets[record.priority],
        record.createdAt,
        asOf,
        record.firstResponseAt,
      );
      const bucket = tallyOf(`${day.year}-${String(day.month).padStart(2, '0')}`)[record.priority];
      if (state.met === true) {
        bucket.met += 1;
      } else if (state.met === false || state.overdue) {
        bucket.missed += 1;
      } else {
        bucket.pending += 1;
      }
    },
    addCount(month, priority, state, count) {
      tallyOf(month)[priority][state] += count;
    },
    result() {
      return [...months]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, byPriority]) => ({ month, byPriority }));
    },
  };
}
