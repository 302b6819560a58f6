import { MAX_STATS_RANGE_DAYS, statsRangeDays, type TLocalized, tokyoDateKey } from '@madoguchi/shared';

export type TRange = { from: string; to: string };

function monthStart(key: string): string {
  return `${key.slice(0, 7)}-01`;
}

function addDays(key: string, days: number): string {
  const date = new Date(`${key}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Ranges a desk reports on, in Japan time; the fiscal year starts in April. */
export function presetRanges(now: Date): { id: string; label: TLocalized; range: TRange }[] {
  const today = tokyoDateKey(now);
  const thisMonth = monthStart(today);
  const lastMonthEnd = addDays(thisMonth, -1);
  const year = Number(today.slice(0, 4));
  const fiscalStart = Number(today.slice(5, 7)) >= 4 ? `${year}-04-01` : `${year - 1}-04-01`;
  return [
    { id: 'this-month', label: { ja: '今月', en: 'This month' }, range: { from: thisMonth, to: today } },
    {
      id: 'last-month',
      label: { ja: '先月', en: 'Last month' },
      range: { from: monthStart(lastMonthEnd), to: lastMonthEnd },
    },
    {
      id: 'last-30',
      label: { ja: '過去30日', en: 'Last 30 days' },
      range: { from: addDays(today, -29), to: today },
    },
    {
      id: 'fiscal-year',
      label: { ja: '今年度', en: 'This fiscal year' },
      range: { from: fiscalStart, to: today },
    },
  ];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The range in the URL, or this month; an invalid one is reported, not silently replaced. */
export function readRange(
  params: { from?: string; to?: string },
  now: Date,
): { range: TRange; error?: TLocalized } {
  const fallback = presetRanges(now)[0]!.range;
  if (!params.from && !params.to) {
    return { range: fallback };
  }
  const range = { from: params.from ?? fallback.from, to: params.to ?? fallback.to };
  if (
    !DATE.test(range.from) ||
    !DATE.test(range.to) ||
    Number.isNaN(Date.parse(range.from)) ||
    Number.isNaN(Date.parse(range.to))
  ) {
    return { range: fallback, error: { ja: '日付を正しく入れてください。', en: 'Enter valid dates.' } };
  }
  const days = statsRangeDays(range.from, range.to);
  if (days < 1) {
    return {
      range,
      error: { ja: '終了日は開始日より後にしてください。', en: 'The end must not be before the start.' },
    };
  }
  if (days > MAX_STATS_RANGE_DAYS) {
    return {
      range,
      error: {
        ja: `期間は${MAX_STATS_RANGE_DAYS}日以内にしてください。`,
        en: `The period may span at most ${MAX_STATS_RANGE_DAYS} days.`,
      },
    };
  }
  return { range };
}

/** The month before the range's end month, the usual monthly report. */
export function defaultReportMonth(now: Date): string {
  const thisMonth = monthStart(tokyoDateKey(now));
  return addDays(thisMonth, -1).slice(0, 7);
}
