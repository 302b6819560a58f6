import type { TLocalized } from './category';
import { WEEKDAYS_EN, WEEKDAYS_JA } from './tokyo-time';
import {
  clockToMinutes,
  type TClosures,
  type TOpeningHours,
  type TReferralWindow,
  type TTimeRange,
} from './windows';

/*
 * A window's hours in words, from the same facts opening-hours.ts computes with: the public pages show them as
 * lines (Japanese and English), letters and the admin list as one line of Japanese. Both group the week the same
 * way, so what a person reads on the page, on their copy and on the letter to the window agree.
 */

// Japanese timetables start the week on Monday.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const YEAR_END: TLocalized = { ja: '年末年始(12月29日〜1月3日)', en: 'the New Year (29 Dec – 3 Jan)' };

/** '09:00' → '9:00' (how times are written on a timetable); '24:00' stays. */
function clock(time: string): string {
  const [hours = '0', minutes = '00'] = time.split(':');
  return `${Number(hours)}:${minutes}`;
}

function rangesText(ranges: readonly TTimeRange[]): TLocalized {
  const sorted = [...ranges].sort((a, b) => clockToMinutes(a.open) - clockToMinutes(b.open));
  return {
    ja: sorted.map((range) => `${clock(range.open)}〜${clock(range.close)}`).join('、'),
    en: sorted.map((range) => `${clock(range.open)}–${clock(range.close)}`).join(', '),
  };
}

/** Days (0 = Sunday) as a timetable writes them: 毎日, 月〜金, 土・日, 月・水・金. */
export function daysText(days: readonly number[]): TLocalized {
  const positions = WEEK_ORDER.map((day, index) => (days.includes(day) ? index : -1)).filter(
    (index) => index >= 0,
  );
  if (positions.length === 7) {
    return { ja: '毎日', en: 'Every day' };
  }
  // Consecutive runs in Monday-first order: three or more days read as a span.
  const runs: number[][] = [];
  for (const position of positions) {
    const last = runs.at(-1);
    if (last && last.at(-1) === position - 1) {
      last.push(position);
    } else {
      runs.push([position]);
    }
  }
  const parts = runs.flatMap((run): TLocalized[] => {
    const names = run.map((position) => WEEK_ORDER[position] ?? 0);
    const first = names[0] ?? 0;
    const last = names.at(-1) ?? 0;
    if (names.length >= 3) {
      return [
        {
          ja: `${WEEKDAYS_JA[first]}〜${WEEKDAYS_JA[last]}`,
          en: `${WEEKDAYS_EN[first]}–${WEEKDAYS_EN[last]}`,
        },
      ];
    }
    return names.map((day) => ({ ja: WEEKDAYS_JA[day], en: WEEKDAYS_EN[day] }));
  });
  return { ja: parts.map((part) => part.ja).join('・'), en: parts.map((part) => part.en).join(', ') };
}

type TWeeklyHours = Extract<TOpeningHours, { kind: 'weekly' }>;

/** The days that share exactly the same opening ranges, Monday first: 月〜金 9:00〜17:00 / 土・日 10:00〜16:00. */
function weekLines(hours: TWeeklyHours): TLocalized[] {
  const groups = new Map<string, { days: number[]; times: TLocalized }>();
  for (const day of WEEK_ORDER) {
    const ranges = hours.periods.filter((period) => period.day === day);
    if (ranges.length === 0) {
      continue;
    }
    const times = rangesText(ranges);
    const group = groups.get(times.ja) ?? { days: [], times };
    group.days.push(day);
    groups.set(times.ja, group);
  }
  return [...groups.values()].map(({ days, times }) => {
    const names = daysText(days);
    return { ja: `${names.ja} ${times.ja}`, en: `${names.en} ${times.en}` };
  });
}

/**
 * Hours on national holidays: closed (the closure wins over holiday hours, as in isOpenAt), their own ranges, or
 * undefined when a holiday simply follows its weekday.
 */
function holidayHours(hours: TOpeningHours, closures: TClosures): 'closed' | TLocalized | undefined {
  const own = hours.kind === 'weekly' ? hours.holidayPeriods : undefined;
  if (closures.nationalHolidays || own?.length === 0) {
    return 'closed';
  }
  return own ? rangesText(own) : undefined;
}

const HOLIDAYS_CLOSED: TLocalized = { ja: '祝日は休み', en: 'Closed on national holidays' };
const OTHER_CLOSED_DAYS: TLocalized = {
  ja: 'ほかにも休みの日があります',
  en: 'Also closed on some other days',
};

/**
 * A window's hours as lines a person can read at a glance, Japanese and English (the public pages):
 * 「月〜金 9:00〜17:00」「土・日は休み」「祝日は休み」「年末年始(12月29日〜1月3日)は休み」.
 */
export function openingHoursText(hours: TOpeningHours, closures: TClosures): TLocalized[] {
  const lines: TLocalized[] = [];
  switch (hours.kind) {
    case 'always':
      lines.push({ ja: '24時間・毎日', en: '24 hours, every day' });
      break;
    case 'unknown':
      return [
        {
          ja: '受付時間は、窓口のウェブサイトなどで確かめてください',
          en: 'Please check the hours on the window’s website',
        },
      ];
    case 'none':
      return [
        {
          ja: '電話で話す窓口ではありません(ウェブでの報告・案内)',
          en: 'Not a phone line (reports and information on the web)',
        },
      ];
    case 'weekly': {
      lines.push(...weekLines(hours));
      const closedDays = WEEK_ORDER.filter((day) => !hours.periods.some((period) => period.day === day));
      if (closedDays.length > 0) {
        const names = daysText(closedDays);
        lines.push({ ja: `${names.ja}は休み`, en: `Closed ${names.en}` });
      }
      break;
    }
    default:
      return hours satisfies never;
  }
  const holidays = holidayHours(hours, closures);
  if (holidays === 'closed') {
    lines.push(HOLIDAYS_CLOSED);
  } else if (holidays) {
    lines.push({ ja: `祝日 ${holidays.ja}`, en: `National holidays ${holidays.en}` });
  }
  if (closures.yearEnd) {
    lines.push({ ja: `${YEAR_END.ja}は休み`, en: `Closed over ${YEAR_END.en}` });
  }
  if (closures.dates && closures.dates.length > 0) {
    lines.push(OTHER_CLOSED_DAYS);
  }
  return lines;
}

/**
 * A window's hours as one line of Japanese (letters, the person's copy, the admin list), e.g.
 * "月〜金 9:00〜17:00 / 土・日 10:00〜16:00 / 祝日 10:00〜16:00 / 年末年始(12月29日〜1月3日)は休み".
 * Shorter than the page's lines: the weekdays without hours are left out, and the closures share one clause.
 */
export function openingHoursLine(window: Pick<TReferralWindow, 'hours' | 'closures'>): string {
  const { hours, closures } = window;
  const holidays = holidayHours(hours, closures);
  const closed = [...(holidays === 'closed' ? ['祝日'] : []), ...(closures.yearEnd ? [YEAR_END.ja] : [])];
  const others = closures.dates && closures.dates.length > 0 ? [OTHER_CLOSED_DAYS.ja] : [];
  const parts: string[] = [];
  switch (hours.kind) {
    case 'always':
      if (closed.length === 0 && others.length === 0) {
        return '24時間・年中無休';
      }
      parts.push('24時間・毎日');
      break;
    case 'unknown':
      return '受付時間は窓口にお問い合わせください';
    case 'none':
      return '電話での受付はありません(ウェブ・メールなどで受け付けています)';
    case 'weekly':
      parts.push(...weekLines(hours).map((line) => line.ja));
      break;
    default:
      return hours satisfies never;
  }
  if (holidays && holidays !== 'closed') {
    parts.push(`祝日 ${holidays.ja}`);
  }
  if (closed.length > 0) {
    parts.push(`${closed.join('・')}は休み`);
  }
  return [...parts, ...others].join(' / ');
}
