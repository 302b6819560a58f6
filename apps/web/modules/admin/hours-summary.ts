import type { TOpeningHours } from '@madoguchi/shared';

export const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;
export const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** A one-line summary of a window's hours for the admin list: 月 09:00–17:00 / 火 … */
export function hoursSummary(hours: TOpeningHours): string {
  switch (hours.kind) {
    case 'always':
      return '24時間 / Always';
    case 'unknown':
      return '不明 / Unknown';
    case 'none':
      return '受付時間なし(届出のみ等) / No live hours';
    case 'weekly': {
      const byDay = new Map<number, string[]>();
      for (const period of [...hours.periods].sort((a, b) => a.day - b.day || a.open.localeCompare(b.open))) {
        byDay.set(period.day, [...(byDay.get(period.day) ?? []), `${period.open}–${period.close}`]);
      }
      const days = [...byDay.entries()].map(([day, ranges]) => `${WEEKDAYS_JA[day]} ${ranges.join(', ')}`);
      const holiday = hours.holidayPeriods?.length
        ? ` / 祝 ${hours.holidayPeriods.map((range) => `${range.open}–${range.close}`).join(', ')}`
        : '';
      return `${days.join(' / ')}${holiday}`;
    }
    default:
      return hours satisfies never;
  }
}
