import type { TReferralWindow } from '@madoguchi/shared';

const DAY_NAMES = ['日', '月', '火', '水', '木', '金', '土'] as const;
/** Weeks on letters start on Monday, as Japanese office hours are written (月〜金). */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const clock = (time: string) => time.replace(/^0(\d)/, '$1');
const range = (open: string, close: string) => `${clock(open)}〜${clock(close)}`;

function dayGroupLabel(days: number[]): string {
  if (days.length >= 3) {
    return `${DAY_NAMES[days[0]!]}〜${DAY_NAMES[days[days.length - 1]!]}`;
  }
  return days.map((day) => DAY_NAMES[day]).join('・');
}

/**
 * A window's opening hours as one line of Japanese for letters and the person's copy, e.g.
 * "月〜金 9:00〜17:00 / 土・日 10:00〜16:00 / 祝日 10:00〜16:00 / 年末年始(12月29日〜1月3日)は休み".
 * Days with the same hours that follow each other in the week are grouped.
 */
export function hoursText(window: Pick<TReferralWindow, 'hours' | 'closures'>): string {
  const { hours, closures } = window;
  switch (hours.kind) {
    case 'always':
      return '24時間・年中無休';
    case 'unknown':
      return '受付時間は窓口にお問い合わせください';
    case 'none':
      return '電話での受付はありません(ウェブ・メールなどで受け付けています)';
    case 'weekly': {
      const perDay = new Map<number, string>();
      for (const day of WEEK_ORDER) {
        const periods = hours.periods
          .filter((period) => period.day === day)
          .sort((a, b) => a.open.localeCompare(b.open))
          .map((period) => range(period.open, period.close));
        if (periods.length > 0) {
          perDay.set(day, periods.join('、'));
        }
      }
      const parts: string[] = [];
      let group: number[] = [];
      const flush = () => {
        if (group.length > 0) {
          parts.push(`${dayGroupLabel(group)} ${perDay.get(group[0]!)}`);
        }
        group = [];
      };
      for (const day of WEEK_ORDER) {
        const text = perDay.get(day);
        if (text === undefined) {
          flush();
          continue;
        }
        if (group.length > 0 && perDay.get(group[0]!) !== text) {
          flush();
        }
        group.push(day);
      }
      flush();
      if (hours.holidayPeriods && hours.holidayPeriods.length > 0 && !closures.nationalHolidays) {
        parts.push(`祝日 ${hours.holidayPeriods.map((p) => range(p.open, p.close)).join('、')}`);
      }
      const closed: string[] = [];
      if (closures.nationalHolidays) {
        closed.push('祝日');
      }
      if (closures.yearEnd) {
        closed.push('年末年始(12月29日〜1月3日)');
      }
      if (closed.length > 0) {
        parts.push(`${closed.join('・')}は休み`);
      }
      return parts.join(' / ');
    }
    default:
      return hours satisfies never;
  }
}
