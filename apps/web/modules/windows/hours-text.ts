import {
  clockToMinutes,
  prefectureByCode,
  type TClosures,
  type TEligibility,
  type TLocalized,
  type TOpeningHours,
} from '@madoguchi/shared';

// Japanese timetables start the week on Monday.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
const DAY_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;
const DAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

type TRange = { open: string; close: string };

/** '09:00' → '9:00' (how times are written on a timetable); '24:00' stays. */
function clock(time: string): string {
  const [hours = '0', minutes = '00'] = time.split(':');
  return `${Number(hours)}:${minutes}`;
}

function rangesText(ranges: readonly TRange[]): TLocalized {
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
  const parts = runs.flatMap((run): { ja: string; en: string }[] => {
    const names = run.map((position) => WEEK_ORDER[position] ?? 0);
    const first = names[0] ?? 0;
    const last = names.at(-1) ?? 0;
    if (names.length >= 3) {
      return [{ ja: `${DAY_JA[first]}〜${DAY_JA[last]}`, en: `${DAY_EN[first]}–${DAY_EN[last]}` }];
    }
    return names.map((day) => ({ ja: DAY_JA[day], en: DAY_EN[day] }));
  });
  return { ja: parts.map((part) => part.ja).join('・'), en: parts.map((part) => part.en).join(', ') };
}

function closureLines(closures: TClosures, { holidaysHaveOwnHours }: { holidaysHaveOwnHours: boolean }) {
  const lines: TLocalized[] = [];
  if (closures.nationalHolidays && !holidaysHaveOwnHours) {
    lines.push({ ja: '祝日は休み', en: 'Closed on national holidays' });
  }
  if (closures.yearEnd) {
    lines.push({
      ja: '年末年始(12月29日〜1月3日)は休み',
      en: 'Closed over the New Year (29 Dec – 3 Jan)',
    });
  }
  if (closures.dates && closures.dates.length > 0) {
    lines.push({ ja: 'ほかにも休みの日があります', en: 'Also closed on some other days' });
  }
  return lines;
}

/**
 * A window's hours as lines a person can read at a glance, Japanese and English:
 * 「月〜金 9:00〜17:00」「土・日は休み」「祝日は休み」「年末年始(12月29日〜1月3日)は休み」.
 */
export function openingHoursText(hours: TOpeningHours, closures: TClosures): TLocalized[] {
  switch (hours.kind) {
    case 'always':
      return [
        { ja: '24時間・毎日', en: '24 hours, every day' },
        ...closureLines(closures, { holidaysHaveOwnHours: false }),
      ];
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
      // Group the days that share exactly the same opening ranges: 月〜金 9:00〜17:00.
      const groups = new Map<string, { days: number[]; ranges: TRange[] }>();
      for (const day of WEEK_ORDER) {
        const ranges = hours.periods.filter((period) => period.day === day);
        if (ranges.length === 0) {
          continue;
        }
        const key = rangesText(ranges).ja;
        const group = groups.get(key) ?? { days: [], ranges };
        group.days.push(day);
        groups.set(key, group);
      }
      const lines: TLocalized[] = [...groups.values()].map((group) => {
        const days = daysText(group.days);
        const times = rangesText(group.ranges);
        return { ja: `${days.ja} ${times.ja}`, en: `${days.en} ${times.en}` };
      });
      const closedDays = WEEK_ORDER.filter((day) => !hours.periods.some((period) => period.day === day));
      if (closedDays.length > 0) {
        const days = daysText(closedDays);
        lines.push({ ja: `${days.ja}は休み`, en: `Closed ${days.en}` });
      }
      if (hours.holidayPeriods) {
        const times = rangesText(hours.holidayPeriods);
        lines.push(
          hours.holidayPeriods.length > 0
            ? { ja: `祝日 ${times.ja}`, en: `National holidays ${times.en}` }
            : { ja: '祝日は休み', en: 'Closed on national holidays' },
        );
      }
      return [
        ...lines,
        ...closureLines(closures, { holidaysHaveOwnHours: hours.holidayPeriods !== undefined }),
      ];
    }
    default:
      return hours satisfies never;
  }
}

/** Who a window is for, or undefined when it takes anyone. */
export function eligibilityText(eligibility: TEligibility): TLocalized | undefined {
  const { minAge, maxAge, prefectures } = eligibility;
  const parts: TLocalized[] = [];
  if (minAge !== undefined && maxAge !== undefined) {
    parts.push({ ja: `${minAge}歳から${maxAge}歳までの`, en: `aged ${minAge} to ${maxAge}` });
  } else if (maxAge !== undefined) {
    parts.push({ ja: `${maxAge}歳までの`, en: `aged up to ${maxAge}` });
  } else if (minAge !== undefined) {
    parts.push({ ja: `${minAge}歳以上の`, en: `aged ${minAge} or older` });
  }
  if (prefectures) {
    const names = prefectures.map((code) => prefectureByCode(code));
    parts.push({
      ja: `${names.map((p) => p?.ja ?? '').join('・')}に住んでいる・通っている`,
      en: `living or studying in ${names.map((p) => p?.en ?? '').join(', ')}`,
    });
  }
  if (parts.length === 0) {
    return undefined;
  }
  return {
    ja: `${parts.map((part) => part.ja).join('、')}人のための窓口です`,
    en: `For people ${parts.map((part) => part.en).join(', ')}`,
  };
}
