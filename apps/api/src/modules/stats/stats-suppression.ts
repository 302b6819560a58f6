import type { TLocalized, TStatsBucket, TStatsReport } from '@madoguchi/shared';

/**
 * Small-number suppression for the statistics that leave the desk (the CSV export and the monthly PDF): a count
 * of 1 to 4 can point at a person in a small town's report, so it is printed as "<5"; 0 stays 0. The on-screen
 * statistics stay exact: supervisors read them inside the desk.
 *
 * Secondary suppression: where a group's cells add up to a figure that is printed (the urgencies to the cases
 * received, the backlog's ages to the open cases…), a lone "<5" could be worked out as the total minus the
 * others. The total is kept (it is the figure a report is read for, and it is printed in several sections, so
 * hiding it in one would not hide it), and the group's smallest other non-zero cells are hidden as "x" (the mark
 * Japan's official statistics use for 秘匿) until no hidden small count can be pinned to one value. Medians and
 * shares computed over fewer than 5 cases, or over a hidden count, are hidden as "x" too.
 */
export const SMALL_COUNT_MARK = '<5';
export const HIDDEN_MARK = 'x';
const THRESHOLD = 5;

/** A count as printed: exact, under five, or hidden so that an under-five cannot be recomputed. */
export type TShown = number | typeof SMALL_COUNT_MARK | typeof HIDDEN_MARK;
/** A median or share as printed: null where there is nothing to compute from. */
export type TShownValue = number | null | typeof HIDDEN_MARK;

export const SUPPRESSION_NOTE: TLocalized = {
  ja:
    '個人が特定されないよう、1〜4件の数は「<5」と表示しています(0件は0)。「<5」をほかの数から計算できないよう' +
    '伏せた数と、5件未満から求めた中央値・割合は「x」と表示しています。職員が窓口内で見る統計画面では実数を表示しています。',
  en:
    'So that no person can be recognised, counts of 1 to 4 are shown as "<5" (0 stays 0); counts hidden so that a "<5" ' +
    'cannot be worked out from the others, and medians or shares over fewer than 5 cases, are shown as "x". The ' +
    'statistics screen that staff read inside the desk shows the exact figures.',
};

export const isHidden = (shown: TShown): boolean => typeof shown === 'string';

/** One count on its own: 0, <5 or the number. */
export function maskCount(count: number): TShown {
  return count > 0 && count < THRESHOLD ? SMALL_COUNT_MARK : count;
}

/**
 * Whether some hidden under-five count of a group could be pinned to one value, knowing the sum of the hidden
 * cells (`sum`): each "<5" is 1–4, each "x" is at least 5 (or it would read "<5").
 */
function pinned(sum: number, small: number, hidden: number): boolean {
  if (small === 0) {
    return false;
  }
  const highest = Math.min(THRESHOLD - 1, sum - (small - 1) - THRESHOLD * hidden);
  // An "x" has no upper bound, so with one in the group a "<5" may be as low as 1.
  const lowest = hidden > 0 ? 1 : Math.max(1, sum - (THRESHOLD - 1) * (small - 1));
  return highest <= lowest;
}

/**
 * The cells of a group as printed. `total` is a printed figure the cells add up to (null when none is
 * printed): then the group is hidden further, smallest cells first, until no "<5" can be recomputed.
 */
export function maskGroup(counts: readonly number[], total: number | null): TShown[] {
  const shown = counts.map(maskCount);
  const totalPrinted = total !== null && !isHidden(maskCount(total));
  const sums = counts.reduce((sum, count) => sum + count, 0) === total;
  if (!totalPrinted || !sums) {
    return shown;
  }
  const hiddenSum = () => counts.reduce((sum, count, i) => (isHidden(shown[i]!) ? sum + count : sum), 0);
  const small = shown.filter((cell) => cell === SMALL_COUNT_MARK).length;
  let hidden = 0;
  while (pinned(hiddenSum(), small, hidden)) {
    const next = counts
      .map((count, i) => ({ count, i }))
      .filter(({ count, i }) => count > 0 && !isHidden(shown[i]!))
      .sort((a, b) => a.count - b.count || a.i - b.i)[0];
    if (!next) {
      // Every non-zero cell is hidden already: only the total could still be hidden, and it is printed elsewhere.
      break;
    }
    shown[next.i] = HIDDEN_MARK;
    hidden += 1;
  }
  return shown;
}

/** A median over `count` cases: over one to four it describes those few people, so it is hidden. */
export function maskMedian(value: number | null, count: number): TShownValue {
  return isHidden(maskCount(count)) ? HIDDEN_MARK : value;
}

/** A share of printed counts: with one part known, the share would give the hidden other part away. */
export function maskShare(value: number | null, ...parts: TShown[]): TShownValue {
  return parts.some(isHidden) ? HIDDEN_MARK : value;
}

export type TPublishedBucket = { key: string; label: TLocalized; count: TShown };

function maskBuckets(buckets: readonly TStatsBucket[], total: number | null): TPublishedBucket[] {
  const shown = maskGroup(
    buckets.map((bucket) => bucket.count),
    total,
  );
  return buckets.map((bucket, i) => ({ key: bucket.key, label: bucket.label, count: shown[i]! }));
}

/** Every counted figure of TStatsReport as printed in an export; periods, labels and keys as they are. */
export type TPublishedStats = {
  period: TStatsReport['period'];
  generatedAt: string;
  totals: { cases: TShown; closedCases: TShown; referrals: TShown };
  byCategory: TPublishedBucket[];
  byUrgency: TPublishedBucket[];
  byChannel: TPublishedBucket[];
  byAgeBand: TPublishedBucket[];
  byPrefecture: TPublishedBucket[];
  byReferralWindow: TPublishedBucket[];
  byReferralStatus: TPublishedBucket[];
  firstResponse: { responded: TShown; awaiting: TShown; medianHours: TShownValue };
  closure: { closed: TShown; medianDays: TShownValue };
  responseTargets: {
    byMonth: {
      month: string;
      byUrgency: {
        key: string;
        label: TLocalized;
        met: TShown;
        missed: TShown;
        pending: TShown;
        share: TShownValue;
      }[];
    }[];
  };
  backlog: { asOf: string; open: TShown; byAge: TPublishedBucket[] };
  referralLoop: {
    windowSlug: string;
    name: TLocalized;
    sent: TShown;
    acknowledged: TShown;
    completed: TShown;
    declined: TShown;
    noResponse: TShown;
    medianDaysToAcknowledge: TShownValue;
  }[];
  triageAccuracy: {
    confirmed: TShown;
    overridden: TShown;
    overrideRate: TShownValue;
    byRule: { ruleId: string; confirmed: TShown; overridden: TShown; overrideRate: TShownValue }[];
  };
};

/** The report as it may leave the desk. */
export function suppressSmallCounts(report: TStatsReport): TPublishedStats {
  const { totals, firstResponse, closure, backlog, triageAccuracy } = report;
  const [responded, awaiting] = maskGroup(
    [firstResponse.responded, firstResponse.awaiting],
    totals.cases,
  ) as [TShown, TShown];
  const closed = maskCount(closure.closed);
  const confirmed = maskCount(triageAccuracy.confirmed);
  const overridden = maskCount(triageAccuracy.overridden);
  return {
    period: report.period,
    generatedAt: report.generatedAt,
    totals: {
      cases: maskCount(totals.cases),
      closedCases: maskCount(totals.closedCases),
      referrals: maskCount(totals.referrals),
    },
    byCategory: maskBuckets(report.byCategory, totals.cases),
    byUrgency: maskBuckets(report.byUrgency, totals.cases),
    byChannel: maskBuckets(report.byChannel, totals.cases),
    byAgeBand: maskBuckets(report.byAgeBand, totals.cases),
    byPrefecture: maskBuckets(report.byPrefecture, totals.cases),
    byReferralWindow: maskBuckets(report.byReferralWindow, totals.referrals),
    byReferralStatus: maskBuckets(report.byReferralStatus, totals.referrals),
    firstResponse: {
      responded,
      awaiting,
      medianHours: maskMedian(firstResponse.medianHours, firstResponse.responded),
    },
    closure: { closed, medianDays: maskMedian(closure.medianDays, closure.closed) },
    responseTargets: {
      byMonth: report.responseTargets.byMonth.map(({ month, byUrgency }) => ({
        month,
        byUrgency: byUrgency.map((row) => {
          const met = maskCount(row.met);
          const missed = maskCount(row.missed);
          return {
            key: row.key,
            label: row.label,
            met,
            missed,
            pending: maskCount(row.pending),
            share: maskShare(row.share, met, missed),
          };
        }),
      })),
    },
    backlog: {
      asOf: backlog.asOf,
      open: maskCount(backlog.open),
      byAge: maskBuckets(backlog.byAge, backlog.open),
    },
    referralLoop: report.referralLoop.map((row) => ({
      windowSlug: row.windowSlug,
      name: row.name,
      sent: maskCount(row.sent),
      acknowledged: maskCount(row.acknowledged),
      completed: maskCount(row.completed),
      declined: maskCount(row.declined),
      noResponse: maskCount(row.noResponse),
      medianDaysToAcknowledge: maskMedian(row.medianDaysToAcknowledge, row.acknowledged),
    })),
    triageAccuracy: {
      confirmed,
      overridden,
      overrideRate: maskShare(triageAccuracy.overrideRate, confirmed, overridden),
      byRule: triageAccuracy.byRule.map((rule) => {
        const ruleConfirmed = maskCount(rule.confirmed);
        const ruleOverridden = maskCount(rule.overridden);
        return {
          ruleId: rule.ruleId,
          confirmed: ruleConfirmed,
          overridden: ruleOverridden,
          overrideRate: maskShare(rule.overrideRate, ruleConfirmed, ruleOverridden),
        };
      }),
    },
  };
}
