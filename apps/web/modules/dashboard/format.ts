/*
 * Dates as the desk reads them: Japan time, whatever the server's or browser's time zone, so a
 * server-rendered page and its client components always agree.
 */

const TIME_ZONE = 'Asia/Tokyo';

const dateTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const dateOnly = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const weekday = new Intl.DateTimeFormat('ja-JP', { timeZone: TIME_ZONE, weekday: 'short' });

function valid(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined) {
    return null;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 2026/04/01 09:05 */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = valid(value);
  return date ? dateTime.format(date) : '—';
}

/** 2026/04/01(水) */
export function formatDate(value: string | Date | null | undefined): string {
  const date = valid(value);
  return date ? `${dateOnly.format(date)}(${weekday.format(date)})` : '—';
}

/** YYYY-MM-DD of an instant in Japan time (for date inputs and API date filters). */
export function tokyoDateKey(value: Date): string {
  const shifted = new Date(value.getTime() + 9 * 60 * 60 * 1000);
  return shifted.toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM` in Japan time, for <input type="datetime-local">. */
export function tokyoDateTimeLocal(value: Date): string {
  const shifted = new Date(value.getTime() + 9 * 60 * 60 * 1000);
  return shifted.toISOString().slice(0, 16);
}

/** A datetime-local value typed in Japan time → ISO instant with offset; null when malformed. */
export function fromTokyoDateTimeLocal(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) {
    return null;
  }
  const date = new Date(`${value}:00+09:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function formatNumber(value: number): string {
  return value.toLocaleString('ja-JP');
}
