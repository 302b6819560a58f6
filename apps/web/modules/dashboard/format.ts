import { slashDate, slashDateTime } from '@madoguchi/shared';

/*
 * Dates as the desk reads them: Japan time, whatever the server's or browser's time zone, so a
 * server-rendered page and its client components always agree (see packages/shared tokyo-time.ts).
 */

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
  return date ? slashDateTime(date) : '—';
}

/** 2026/04/01(水) */
export function formatDate(value: string | Date | null | undefined): string {
  const date = valid(value);
  return date ? slashDate(date) : '—';
}

export function formatNumber(value: number): string {
  return value.toLocaleString('ja-JP');
}
