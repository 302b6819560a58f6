import { z } from 'zod';

import { ZLocalized, ZUrgency, type TLocalized } from './category';
import { withinDateRange } from './intake.schema';
import { TOKYO_TIME_ZONE, tokyoMidnight } from './tokyo-time';

/** Statistics count calendar days as the desk lives them: in Japan. */
export const STATS_TIME_ZONE = TOKYO_TIME_ZONE;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A year plus a month's slack, so "the last fiscal year" fits; longer ranges are a batch job, not a request. */
export const MAX_STATS_RANGE_DAYS = 400;

const ZCalendarDate = withinDateRange(z.iso.date());

/** Days from `from` to `to`, both included. */
export function statsRangeDays(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
}

export const ZStatsQuery = z
  .strictObject({
    /** First day, Asia/Tokyo (YYYY-MM-DD). */
    from: ZCalendarDate,
    /** Last day, included, Asia/Tokyo (YYYY-MM-DD). */
    to: ZCalendarDate,
  })
  .superRefine((q, ctx) => {
    const days = statsRangeDays(q.from, q.to);
    if (days < 1) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    } else if (days > MAX_STATS_RANGE_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the period may span at most ${MAX_STATS_RANGE_DAYS} days`,
      });
    }
  });
export type TStatsQuery = z.infer<typeof ZStatsQuery>;

/** The referral register takes the same period as the statistics. */
export const ZReferralRegisterQuery = ZStatsQuery;
export type TReferralRegisterQuery = TStatsQuery;

/** The referral whose letter or client copy is asked for. */
export const ZReportReferralParams = z.strictObject({ id: z.uuid() });

export const ZMonthlyReportQuery = z.strictObject({
  month: withinDateRange(z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'month must look like 2026-04')),
});
export type TMonthlyReportQuery = z.infer<typeof ZMonthlyReportQuery>;

export type TStatsPeriod = {
  from: string;
  to: string;
  /** Inclusive lower bound: 00:00 in Tokyo on `from`. */
  start: Date;
  /** Exclusive upper bound: 00:00 in Tokyo on the day after `to`. */
  end: Date;
};

/** The instants a Tokyo calendar period covers. */
export function statsPeriod(from: string, to: string): TStatsPeriod {
  return { from, to, start: tokyoMidnight(from), end: new Date(tokyoMidnight(to).getTime() + DAY_MS) };
}

/** First and last day of a month given as YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(lastDay).padStart(2, '0')}` };
}

/**
 * Age bands of the person the trouble happened to. The edges follow school stages (elementary, junior high,
 * high school) and the age groups the consumer-affairs statistics use, so the desk's figures compare with theirs.
 */
export const AGE_BANDS = [
  { key: '0-12', min: 0, max: 12, label: { ja: '0〜12歳', en: '0–12' } },
  { key: '13-15', min: 13, max: 15, label: { ja: '13〜15歳', en: '13–15' } },
  { key: '16-18', min: 16, max: 18, label: { ja: '16〜18歳', en: '16–18' } },
  { key: '19-29', min: 19, max: 29, label: { ja: '19〜29歳', en: '19–29' } },
  { key: '30-49', min: 30, max: 49, label: { ja: '30〜49歳', en: '30–49' } },
  { key: '50-64', min: 50, max: 64, label: { ja: '50〜64歳', en: '50–64' } },
  { key: '65+', min: 65, max: null, label: { ja: '65歳以上', en: '65 and over' } },
] as const satisfies readonly { key: string; min: number; max: number | null; label: TLocalized }[];

/** Open cases by how long they have been open, in whole days (24-hour periods). */
export const BACKLOG_AGE_BUCKETS = [
  { key: '0-2', min: 0, max: 2, label: { ja: '0〜2日', en: '0–2 days' } },
  { key: '3-7', min: 3, max: 7, label: { ja: '3〜7日', en: '3–7 days' } },
  { key: '8-30', min: 8, max: 30, label: { ja: '8〜30日', en: '8–30 days' } },
  { key: '31+', min: 31, max: null, label: { ja: '31日以上', en: '31 days or more' } },
] as const satisfies readonly { key: string; min: number; max: number | null; label: TLocalized }[];

/** Key and label of the bucket for what is not known (no age, no prefecture, no category). */
export const UNKNOWN_BUCKET_KEY = 'unknown';
export const UNKNOWN_LABEL: TLocalized = { ja: '不明', en: 'Unknown' };
export const UNCATEGORISED_LABEL: TLocalized = { ja: '未分類', en: 'Uncategorised' };

/**
 * How each figure is counted. Shown under the figures in the CSV and PDF reports, so whoever reads them
 * (the desk, its funders) reads the same definitions the code computes.
 */
export const STATS_DEFINITIONS: readonly TLocalized[] = [
  {
    ja: '集計の対象は、期間中(日本時間、終了日を含む)に受け付けた相談です。紹介の件数は期間中に作成された紹介、窓口ごとの結果は期間中に初めて送った紹介を数えます。',
    en: 'Counts cover cases received in the period (Japan time, last day included). Referral counts cover referrals created in the period; the per-window loop covers referrals first sent in the period.',
  },
  {
    ja: '相談の種類は相談員が確定した種類(複数なら各1件)、未確定なら自動判定の第一候補で数えます。',
    en: 'Categories are the ones a counselor confirmed (a case counts once in each), else the first suggested category.',
  },
  {
    ja: '初回対応までの時間は、受付から、職員が記録した最初の連絡記録・本人へのメッセージ・状態の変更までの時間の中央値です(未対応の相談は除き、件数を別に示します)。',
    en: 'Time to first response: median time from receipt to the first contact log, public message or status change recorded by staff (cases without one are left out and counted separately).',
  },
  {
    ja: '対応目標の達成率は、受付月と優先度ごとに、最初の対応が目標の期限までにあった相談の割合です(期限後の対応と、期限を過ぎて未対応の相談は未達成、期限前で未対応の相談は数えません)。期限は現在の受付時間と対応目標の設定で計算します。',
    en: 'Response targets met: per month of receipt and priority, the share of cases whose first response came by the due time (answered late, or unanswered past it, counts as missed; unanswered and not yet due is left out). Due times use the current desk hours and targets.',
  },
  {
    ja: '終了までの時間は、終了した相談の受付から終了までの日数の中央値です。',
    en: 'Time to closure: median days from receipt to closure, over the cases that are closed.',
  },
  {
    ja: '未終了の相談(滞留)は、期間の終わり(今日までの期間なら現在)の時点で終了していない相談を、受付からの経過日数で分けています。',
    en: 'The open backlog: cases not closed at the end of the period (now, if the period runs to today), by days since receipt.',
  },
  {
    ja: '判定の精度は、相談員が種類を確定した相談のうち、自動判定の候補と違う種類にした割合です(相談ごとに最後の確定を数え、判定で働いたルールごとにも示します)。',
    en: "Triage accuracy: of the cases whose categories a counselor confirmed, the share where they differ from the suggestion (each case's latest confirmation, also per rule that fired).",
  },
];

const ZCount = z.int().min(0);
const ZDateTime = z.iso.datetime({ offset: true });
/** A share between 0 and 1; null when nothing was counted. */
const ZRate = z.number().min(0).max(1).nullable();

export const ZStatsBucket = z.strictObject({ key: z.string(), label: ZLocalized, count: ZCount });
export type TStatsBucket = z.infer<typeof ZStatsBucket>;

export const ZWindowLoopStats = z.strictObject({
  windowSlug: z.string(),
  name: ZLocalized,
  /** Referrals first sent in the period. */
  sent: ZCount,
  /** …of which the window acknowledged (now or at some point). */
  acknowledged: ZCount,
  completed: ZCount,
  declined: ZCount,
  /** …that currently wait for a reply the window never gave. */
  noResponse: ZCount,
  medianDaysToAcknowledge: z.number().min(0).nullable(),
});
export type TWindowLoopStats = z.infer<typeof ZWindowLoopStats>;

export const ZRuleAccuracy = z.strictObject({
  ruleId: z.string(),
  confirmed: ZCount,
  overridden: ZCount,
  overrideRate: ZRate,
});
export type TRuleAccuracy = z.infer<typeof ZRuleAccuracy>;

/** One urgency's first responses against its target, for the cases received in one month. */
export const ZResponseTargetShare = z.strictObject({
  key: ZUrgency,
  label: ZLocalized,
  /** Answered by the due time. */
  met: ZCount,
  /** Answered after it, or still unanswered past it. */
  missed: ZCount,
  /** Unanswered and not yet due (not counted in the share). */
  pending: ZCount,
  /** met / (met + missed). */
  share: ZRate,
});
export type TResponseTargetShare = z.infer<typeof ZResponseTargetShare>;

export const ZResponseTargetMonth = z.strictObject({
  /** YYYY-MM, Japan time, of the cases' receipt. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  byUrgency: z.array(ZResponseTargetShare),
});
export type TResponseTargetMonth = z.infer<typeof ZResponseTargetMonth>;

export const ZStatsReport = z.strictObject({
  period: z.strictObject({
    from: ZCalendarDate,
    to: ZCalendarDate,
    timeZone: z.literal(STATS_TIME_ZONE),
    start: ZDateTime,
    end: ZDateTime,
  }),
  generatedAt: ZDateTime,
  totals: z.strictObject({
    /** Cases received in the period. */
    cases: ZCount,
    /** …of which are closed now. */
    closedCases: ZCount,
    /** Referrals created in the period. */
    referrals: ZCount,
  }),
  byCategory: z.array(ZStatsBucket),
  byUrgency: z.array(ZStatsBucket),
  byChannel: z.array(ZStatsBucket),
  byAgeBand: z.array(ZStatsBucket),
  byPrefecture: z.array(ZStatsBucket),
  byReferralWindow: z.array(ZStatsBucket),
  byReferralStatus: z.array(ZStatsBucket),
  firstResponse: z.strictObject({
    responded: ZCount,
    awaiting: ZCount,
    medianHours: z.number().min(0).nullable(),
  }),
  /** Share of first responses that met the response target, per month of receipt and urgency. */
  responseTargets: z.strictObject({ byMonth: z.array(ZResponseTargetMonth) }),
  closure: z.strictObject({ closed: ZCount, medianDays: z.number().min(0).nullable() }),
  backlog: z.strictObject({ asOf: ZDateTime, open: ZCount, byAge: z.array(ZStatsBucket) }),
  referralLoop: z.array(ZWindowLoopStats),
  triageAccuracy: z.strictObject({
    confirmed: ZCount,
    overridden: ZCount,
    overrideRate: ZRate,
    byRule: z.array(ZRuleAccuracy),
  }),
});
export type TStatsReport = z.infer<typeof ZStatsReport>;
