// Dates on letters and exports are Japan time. Japan has no daylight saving time, so a fixed +9 hours is exact.
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

function tokyoParts(at: Date) {
  const shifted = new Date(at.getTime() + TOKYO_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026年1月2日 */
export function jaDate(at: Date): string {
  const p = tokyoParts(at);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 2026年1月2日 9:05 */
export function jaDateTime(at: Date): string {
  const p = tokyoParts(at);
  return `${jaDate(at)} ${p.hour}:${pad(p.minute)}`;
}

/** 2026-01-02 (the Tokyo calendar day) */
export function tokyoDateKey(at: Date): string {
  const p = tokyoParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** 2026-01-02 09:05, which Excel reads as a date and time. Empty for no date. */
export function csvDateTime(at: Date | null): string {
  if (!at) {
    return '';
  }
  const p = tokyoParts(at);
  return `${tokyoDateKey(at)} ${pad(p.hour)}:${pad(p.minute)}`;
}
