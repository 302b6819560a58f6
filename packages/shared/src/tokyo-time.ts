import type { TLocalized } from './category';

/*
 * Japan time, in one place: the desks, the windows' hours, the statistics' days and every date on a letter or
 * a screen are Japan time, whatever the time zone of the server (the API runs in UTC) or of the browser.
 *
 * Japan has not used daylight saving time since 1951, so Asia/Tokyo is always UTC+09:00 and plain offset
 * arithmetic is exact. It also gives the same text in Node and in any browser, so a server-rendered page and its
 * hydrated client components agree (Intl is used only for the English month and weekday names).
 */

export const TOKYO_TIME_ZONE = 'Asia/Tokyo';
const TOKYO_UTC_OFFSET = '+09:00';
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Weekday names, 0 = Sunday … 6 = Saturday (like `Date#getDay`). */
export const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;
export const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** A calendar day in Tokyo. `weekday`: 0 = Sunday … 6 = Saturday; `key`: 'YYYY-MM-DD'. */
export type TTokyoDay = { year: number; month: number; day: number; weekday: number; key: string };
/** A Tokyo wall-clock time, to the minute. */
export type TTokyoTime = TTokyoDay & { hour: number; minute: number };

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Reads the UTC fields of a Date already shifted by +9 hours: they are the Tokyo wall clock. */
function dayOfShifted(shifted: Date): TTokyoDay {
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  return { year, month, day, weekday: shifted.getUTCDay(), key: `${year}-${pad(month)}-${pad(day)}` };
}

/** The Tokyo calendar day an instant falls on. */
export function tokyoDayOf(instant: Date): TTokyoDay {
  return dayOfShifted(new Date(instant.getTime() + TOKYO_OFFSET_MS));
}

/** The Tokyo day and time of an instant. */
export function tokyoTimeOf(instant: Date): TTokyoTime {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return { ...dayOfShifted(shifted), hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

/** Milliseconds elapsed since Tokyo midnight. */
export function tokyoTimeOfDayMs(instant: Date): number {
  const shifted = instant.getTime() + TOKYO_OFFSET_MS;
  return ((shifted % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The Tokyo day `days` after (or before, when negative) `day`. */
export function addTokyoDays(day: TTokyoDay, days: number): TTokyoDay {
  return dayOfShifted(new Date(Date.UTC(day.year, day.month - 1, day.day + days)));
}

/** The instant at which `minutes` past midnight of a Tokyo day occurs. */
export function tokyoInstant(day: Pick<TTokyoDay, 'year' | 'month' | 'day'>, minutes: number): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day) - TOKYO_OFFSET_MS + minutes * MINUTE_MS);
}

/** A Tokyo wall-clock time, 'YYYY-MM-DDTHH:MM' or with seconds, as an instant. */
export function fromTokyoWallClock(local: string): Date {
  return new Date(`${local}${TOKYO_UTC_OFFSET}`);
}

/** 00:00 in Tokyo on a calendar day ('YYYY-MM-DD'): where that day starts. */
export function tokyoMidnight(dateKey: string): Date {
  return fromTokyoWallClock(`${dateKey}T00:00`);
}

/** 2026-01-02: the Tokyo calendar day (date inputs, API date filters, day keys). */
export function tokyoDateKey(instant: Date): string {
  return tokyoDayOf(instant).key;
}

/** 2026-01-02T09:05 in Japan time, for `<input type="datetime-local">`. */
export function tokyoDateTimeLocal(instant: Date): string {
  const t = tokyoTimeOf(instant);
  return `${t.key}T${pad(t.hour)}:${pad(t.minute)}`;
}

/** A datetime-local value typed in Japan time → ISO instant; null when malformed. */
export function fromTokyoDateTimeLocal(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) {
    return null;
  }
  const date = fromTokyoWallClock(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/* ------------------------------------------------------------------------------ written out */

/** 2026年1月2日 (letters and the person's copy). */
export function jaDate(at: Date): string {
  const t = tokyoDayOf(at);
  return `${t.year}年${t.month}月${t.day}日`;
}

/** 2026年1月2日 9:05 */
export function jaDateTime(at: Date): string {
  const t = tokyoTimeOf(at);
  return `${t.year}年${t.month}月${t.day}日 ${t.hour}:${pad(t.minute)}`;
}

/** 2026-01-02 09:05, which Excel reads as a date and time. Empty for no date. */
export function csvDateTime(at: Date | null): string {
  if (!at) {
    return '';
  }
  const t = tokyoTimeOf(at);
  return `${t.key} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** 2026/01/02(金) (the staff screens). */
export function slashDate(at: Date): string {
  const t = tokyoDayOf(at);
  return `${t.year}/${pad(t.month)}/${pad(t.day)}(${WEEKDAYS_JA[t.weekday]})`;
}

/** 2026/01/02 09:05 (the staff screens). */
export function slashDateTime(at: Date): string {
  const t = tokyoTimeOf(at);
  return `${t.year}/${pad(t.month)}/${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

const enDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: TOKYO_TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * '11月30日(月) 9:00' / 'Mon 30 Nov, 9:00' (the public pages); the year is added in Japanese only when it is not
 * this year's (in Japan).
 */
export function formatTokyoDateTime(iso: string, now: Date = new Date()): TLocalized {
  const date = new Date(iso);
  const t = tokyoTimeOf(date);
  const year = t.year !== tokyoDayOf(now).year ? `${t.year}年` : '';
  return {
    ja: `${year}${t.month}月${t.day}日(${WEEKDAYS_JA[t.weekday]}) ${t.hour}:${pad(t.minute)}`,
    en: enDateTime.format(date),
  };
}
