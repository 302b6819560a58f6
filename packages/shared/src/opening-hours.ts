import holidayJp from '@holiday-jp/holiday_jp';

import {
  clockToMinutes,
  type TClosures,
  type TOpeningHours,
  type TReferralWindow,
  type TTimeRange,
} from './windows';
import { addTokyoDays, tokyoDayOf, tokyoInstant, tokyoTimeOfDayMs, type TTokyoDay } from './tokyo-time';

/** How far `nextOpenAt` looks ahead. Longer than a year, so even a once-a-year window is found. */
const SEARCH_DAYS = 400;
const MINUTE_MS = 60 * 1000;

// The package's own isHoliday(Date) formats with the process's local time zone, which gives the wrong day on a
// UTC server, and scans every key per call. Reading the table by a Tokyo date key avoids both.
const HOLIDAYS: Readonly<Record<string, unknown>> = holidayJp.holidays;
const HOLIDAY_YEARS = Object.keys(HOLIDAYS).map((key) => Number(key.slice(0, 4)));

/**
 * Years for which @holiday-jp/holiday_jp has data (1970–2050 in 2.5.1). Outside this range every day is treated as
 * an ordinary day, so holiday-closing windows may show as open: callers should not rely on dates that far out.
 */
export const HOLIDAY_DATA_RANGE = {
  firstYear: Math.min(...HOLIDAY_YEARS),
  lastYear: Math.max(...HOLIDAY_YEARS),
} as const;

/** Whether a Tokyo date ('YYYY-MM-DD') is a national holiday (incl. substitute holidays). */
export function isNationalHoliday(dateKey: string): boolean {
  const year = Number(dateKey.slice(0, 4));
  if (year < HOLIDAY_DATA_RANGE.firstYear || year > HOLIDAY_DATA_RANGE.lastYear) {
    return false;
  }
  return Object.hasOwn(HOLIDAYS, dateKey);
}

/** 12/29–1/3: the year-end break most public services in Japan take. */
export function isYearEndBreak(day: Pick<TTokyoDay, 'month' | 'day'>): boolean {
  return (day.month === 12 && day.day >= 29) || (day.month === 1 && day.day <= 3);
}

function isClosedDay(closures: TClosures, day: TTokyoDay): boolean {
  if (closures.yearEnd && isYearEndBreak(day)) {
    return true;
  }
  if (closures.nationalHolidays && isNationalHoliday(day.key)) {
    return true;
  }
  return closures.dates?.includes(day.key) ?? false;
}

/** Opening ranges (minutes since midnight, sorted) of a Tokyo day; empty when closed all day. */
function rangesForDay(
  hours: TOpeningHours,
  closures: TClosures,
  day: TTokyoDay,
): { open: number; close: number }[] {
  if (isClosedDay(closures, day)) {
    return [];
  }
  let ranges: readonly TTimeRange[];
  switch (hours.kind) {
    case 'always':
      ranges = [{ open: '00:00', close: '24:00' }];
      break;
    case 'weekly':
      ranges =
        hours.holidayPeriods && isNationalHoliday(day.key)
          ? hours.holidayPeriods
          : hours.periods.filter((period) => period.day === day.weekday);
      break;
    case 'unknown':
    case 'none':
      ranges = [];
      break;
    default:
      return hours satisfies never;
  }
  return ranges
    .map((range) => ({ open: clockToMinutes(range.open), close: clockToMinutes(range.close) }))
    .sort((a, b) => a.open - b.open);
}

/** One Tokyo day of a schedule: its open periods as instants (ms), and the next day once asked for. */
type TScheduleDay = { day: TTokyoDay; periods: { start: number; end: number }[]; next?: TScheduleDay };

const DAY_CACHE = Symbol('scheduleDays');

/**
 * What decides when something is open: a window's hours and closures (the desk's own schedule has the same shape).
 * A schedule made by `rememberingDays` also carries the days it has worked out.
 */
export type TScheduleWindow = Pick<TReferralWindow, 'hours' | 'closures'> & {
  readonly [DAY_CACHE]?: Map<string, TScheduleDay>;
};

/**
 * The same schedule, remembering each Tokyo day's open periods once it has worked them out: for reading many
 * instants against one schedule (the statistics' response targets, tens of thousands of cases), where the
 * holidays, the weekday's periods and the instants of each day would otherwise be worked out again per case.
 * The schedule must not change while the copy is in use (make a new one per report).
 */
export function rememberingDays(window: TScheduleWindow): TScheduleWindow {
  return { hours: window.hours, closures: window.closures, [DAY_CACHE]: new Map() };
}

function scheduleDay(window: TScheduleWindow, day: TTokyoDay): TScheduleDay {
  const cache = window[DAY_CACHE];
  const cached = cache?.get(day.key);
  if (cached) {
    return cached;
  }
  const entry: TScheduleDay = {
    day,
    periods: rangesForDay(window.hours, window.closures, day).map((range) => ({
      start: tokyoInstant(day, range.open).getTime(),
      end: tokyoInstant(day, range.close).getTime(),
    })),
  };
  cache?.set(day.key, entry);
  return entry;
}

function nextScheduleDay(window: TScheduleWindow, entry: TScheduleDay): TScheduleDay {
  if (entry.next) {
    return entry.next;
  }
  const next = scheduleDay(window, addTokyoDays(entry.day, 1));
  if (window[DAY_CACHE]) {
    entry.next = next;
  }
  return next;
}

function hoursAreKnown(hours: TOpeningHours): boolean {
  switch (hours.kind) {
    case 'always':
    case 'weekly':
      return true;
    case 'unknown':
    case 'none':
      return false;
    default:
      return hours satisfies never;
  }
}

/**
 * Whether the window takes contacts at this instant. Opening is inclusive and closing exclusive: a window open
 * 16:00–21:00 is open at 16:00:00 and at 20:59:59, closed at 21:00:00.
 * Returns null when the hours are unknown or the window has no live hours (report-only / web directory).
 */
export function isOpenAt(window: TScheduleWindow, instant: Date): boolean | null {
  if (!hoursAreKnown(window.hours)) {
    return null;
  }
  const at = instant.getTime();
  return scheduleDay(window, tokyoDayOf(instant)).periods.some(
    (period) => period.start <= at && at < period.end,
  );
}

/**
 * A report-only window (no live hours) that takes reports by web form or e-mail: it takes them at any hour, so a
 * person filtering for "open now" at night still finds it (フィッシング対策協議会, 違法・有害情報相談センター).
 */
export function takesReportsAnyTime(window: Pick<TReferralWindow, 'hours' | 'channels'>): boolean {
  return (
    window.hours.kind === 'none' &&
    window.channels.some((channel) => channel === 'web_form' || channel === 'email')
  );
}

/**
 * The earliest instant at or after `instant` when the window is open. So when it is open now this returns
 * `instant` itself (callers show "open now"); when closed, the start of the next opening period.
 * Returns null when hours are unknown / not applicable, or nothing opens within the next 400 days.
 */
export function nextOpenAt(window: TScheduleWindow, instant: Date): Date | null {
  if (!hoursAreKnown(window.hours)) {
    return null;
  }
  const today = tokyoDayOf(instant);
  const nowMs = tokyoTimeOfDayMs(instant);
  for (let offset = 0; offset < SEARCH_DAYS; offset += 1) {
    const day = addTokyoDays(today, offset);
    for (const range of rangesForDay(window.hours, window.closures, day)) {
      if (offset > 0 || range.open * MINUTE_MS >= nowMs) {
        return tokyoInstant(day, range.open);
      }
      if (nowMs < range.close * MINUTE_MS) {
        return instant;
      }
    }
  }
  return null;
}

/**
 * The open periods at or after `instant`, in order, the first one clipped to start at `instant`; at most
 * `days` Tokyo days ahead. For hours that are unknown or not live there are none.
 */
export function* openPeriods(
  window: TScheduleWindow,
  instant: Date,
  days = SEARCH_DAYS,
): Generator<{ start: Date; end: Date; day: TTokyoDay }> {
  if (!hoursAreKnown(window.hours)) {
    return;
  }
  const at = instant.getTime();
  let entry = scheduleDay(window, tokyoDayOf(instant));
  for (let offset = 0; offset < days; offset += 1) {
    if (offset > 0) {
      entry = nextScheduleDay(window, entry);
    }
    for (const period of entry.periods) {
      if (period.end <= at) {
        continue;
      }
      yield {
        start: period.start < at ? instant : new Date(period.start),
        end: new Date(period.end),
        day: entry.day,
      };
    }
  }
}
