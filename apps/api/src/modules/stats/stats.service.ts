import { Injectable } from '@nestjs/common';
import {
  AGE_BANDS,
  BACKLOG_AGE_BUCKETS,
  INTAKE_CHANNEL_LABELS,
  INTAKE_CHANNELS,
  monthRange,
  prefectureByCode,
  REFERRAL_STATUS_LABELS,
  REFERRAL_STATUSES,
  STATS_TIME_ZONE,
  statsPeriod,
  responseTargetTally,
  type TResponseTargetMonths,
  TROUBLE_CATEGORIES,
  TROUBLE_CATEGORY_CODES,
  UNCATEGORISED_LABEL,
  UNKNOWN_BUCKET_KEY,
  UNKNOWN_LABEL,
  URGENCY_LABELS,
  URGENCY_LEVELS,
  type TDeskSettings,
  type TLocalized,
  type TMonthlyReportQuery,
  type TStatsBucket,
  type TStatsQuery,
  type TStatsReport,
} from '@madoguchi/shared';
import { AuditService } from '../audit/audit.service';
import { DeskIdentityService } from '../desk/desk-identity.service';
import { DeskService } from '../desk/desk.service';
import { renderPdf } from '../reports/pdf/pdf-document';
import type { ReportFile } from '../reports/reports.service';
import { buildStatsCsv } from './stats-csv';
import { buildMonthlyReport } from './stats-pdf';
import { suppressSmallCounts } from './stats-suppression';
import { StatsRepository, type DimensionRow, type StatsRows } from './stats.repository';

const round = (value: number | null, digits = 2) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
const rate = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));

@Injectable()
export class StatsService {
  constructor(
    private readonly repository: StatsRepository,
    private readonly audit: AuditService,
    private readonly desk: DeskService,
    private readonly deskIdentity: DeskIdentityService,
  ) {}

  async report(query: TStatsQuery, now = new Date()): Promise<TStatsReport> {
    const report = await this.compute(query, now);
    await this.audit.record({
      action: 'stats.read',
      entity: 'stats',
      meta: { from: query.from, to: query.to },
    });
    return report;
  }

  /** The CSV and the PDF leave the desk: their small counts are masked (stats-suppression.ts), the screen's are not. */
  async csv(query: TStatsQuery, now = new Date()): Promise<ReportFile> {
    const report = await this.compute(query, now);
    await this.audit.record({
      action: 'stats.export',
      entity: 'stats',
      meta: { format: 'csv', from: query.from, to: query.to },
    });
    return {
      body: buildStatsCsv(suppressSmallCounts(report), await this.deskName()),
      filename: `stats-${query.from}_${query.to}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }

  async monthlyPdf(query: TMonthlyReportQuery, now = new Date()): Promise<ReportFile> {
    const report = await this.compute(monthRange(query.month), now);
    await this.audit.record({
      action: 'stats.export',
      entity: 'stats',
      meta: { format: 'pdf', month: query.month },
    });
    return {
      body: await renderPdf(
        buildMonthlyReport(suppressSmallCounts(report), query.month, await this.deskName()),
      ),
      filename: `stats-${query.month}.pdf`,
      contentType: 'application/pdf',
    };
  }

  /** The desk's name as an admin set it on /admin/desk (else CENTRE_NAME), as on the referral letters. */
  private async deskName(): Promise<string> {
    return (await this.deskIdentity.identity()).name;
  }

  private async compute(query: TStatsQuery, now: Date): Promise<TStatsReport> {
    const period = statsPeriod(query.from, query.to);
    // The backlog as it stood at the end of the period, or now while the period is still running.
    const asOf = new Date(Math.min(now.getTime(), period.end.getTime()));
    const desk = await this.desk.settings();
    const responses = responseTargetTally(desk.schedule, desk.targets, asOf);
    const rows = await this.repository.report(period.start, period.end, asOf, (records) => {
      for (const record of records) {
        responses.add(record);
      }
    });
    for (const { month, priority, state, count } of rows.targets) {
      responses.addCount(month, priority, state, count);
    }
    return toReport(rows, responses.result(), { ...period, asOf, now, desk });
  }
}

function toReport(
  rows: StatsRows,
  responseMonths: TResponseTargetMonths,
  context: { from: string; to: string; start: Date; end: Date; asOf: Date; now: Date; desk: TDeskSettings },
): TStatsReport {
  const counts = (dimension: string) =>
    new Map(rows.dimensions.filter((row) => row.dimension === dimension).map((row) => [row.key, row.count]));
  const total = counts('total');
  const windowNames = new Map(rows.windows.map((w) => [w.slug, { ja: w.nameJa, en: w.nameEn }]));
  const windowLabel = (slug: string): TLocalized => windowNames.get(slug) ?? { ja: slug, en: slug };
  const overall = rows.rules.find((row) => row.rule_id === null);
  const backlog = new Map(rows.backlog.map((row) => [row.key, row.count]));

  return {
    period: {
      from: context.from,
      to: context.to,
      timeZone: STATS_TIME_ZONE,
      start: context.start.toISOString(),
      end: context.end.toISOString(),
    },
    generatedAt: context.now.toISOString(),
    totals: {
      cases: total.get('cases') ?? 0,
      closedCases: total.get('closed') ?? 0,
      referrals: total.get('referrals') ?? 0,
    },
    byCategory: fixedBuckets(
      counts('category'),
      [
        ...TROUBLE_CATEGORY_CODES.map((code) => ({ key: code, label: TROUBLE_CATEGORIES[code].label })),
        { key: UNKNOWN_BUCKET_KEY, label: UNCATEGORISED_LABEL },
      ],
      (key) => ({ ja: key, en: key }),
    ),
    byUrgency: fixedBuckets(
      counts('urgency'),
      URGENCY_LEVELS.map((key) => ({ key, label: URGENCY_LABELS[key] })),
    ),
    byChannel: fixedBuckets(
      counts('channel'),
      INTAKE_CHANNELS.map((key) => ({ key, label: INTAKE_CHANNEL_LABELS[key] })),
    ),
    byAgeBand: fixedBuckets(counts('age'), [
      ...AGE_BANDS.map(({ key, label }) => ({ key, label })),
      { key: UNKNOWN_BUCKET_KEY, label: UNKNOWN_LABEL },
    ]),
    byPrefecture: openBuckets(rows.dimensions, 'prefecture', (code) => {
      const prefecture = code === UNKNOWN_BUCKET_KEY ? undefined : prefectureByCode(code);
      return prefecture ? { ja: prefecture.ja, en: prefecture.en } : UNKNOWN_LABEL;
    }).sort((a, b) => prefectureOrder(a.key) - prefectureOrder(b.key)),
    byReferralWindow: openBuckets(rows.dimensions, 'referral_window', windowLabel).sort(
      (a, b) => b.count - a.count || a.key.localeCompare(b.key),
    ),
    byReferralStatus: fixedBuckets(
      counts('referral_status'),
      REFERRAL_STATUSES.map((key) => ({ key, label: REFERRAL_STATUS_LABELS[key] })),
    ),
    firstResponse: {
      responded: rows.timing.responded,
      awaiting: rows.timing.awaiting,
      medianHours: round(rows.timing.median_response_hours),
    },
    responseTargets: {
      byMonth: responseMonths.map(({ month, byPriority }) => ({
        month,
        byUrgency: URGENCY_LEVELS.map((key) => {
          const { met, missed, pending } = byPriority[key];
          return { key, label: URGENCY_LABELS[key], met, missed, pending, share: rate(met, met + missed) };
        }),
      })),
    },
    closure: { closed: rows.timing.closed, medianDays: round(rows.timing.median_closure_days) },
    backlog: {
      asOf: context.asOf.toISOString(),
      open: rows.backlog.reduce((sum, row) => sum + row.count, 0),
      byAge: BACKLOG_AGE_BUCKETS.map(({ key, label }) => ({ key, label, count: backlog.get(key) ?? 0 })),
    },
    referralLoop: rows.loop.map((row) => ({
      windowSlug: row.window_slug,
      name: windowLabel(row.window_slug),
      sent: row.sent,
      acknowledged: row.acknowledged,
      completed: row.completed,
      declined: row.declined,
      noResponse: row.no_response,
      medianDaysToAcknowledge: round(row.median_days_to_ack),
    })),
    triageAccuracy: {
      confirmed: overall?.confirmed ?? 0,
      overridden: overall?.overridden ?? 0,
      overrideRate: rate(overall?.overridden ?? 0, overall?.confirmed ?? 0),
      byRule: rows.rules
        .filter((row): row is typeof row & { rule_id: string } => row.rule_id !== null)
        .map((row) => ({
          ruleId: row.rule_id,
          confirmed: row.confirmed,
          overridden: row.overridden,
          overrideRate: rate(row.overridden, row.confirmed),
        }))
        .sort(
          (a, b) =>
            b.overridden - a.overridden || b.confirmed - a.confirmed || a.ruleId.localeCompare(b.ruleId),
        ),
    },
  };
}

/**
 * Every known key in a fixed order, zeros included (so months line up side by side); keys the database has but
 * the list does not (a retired code) follow, labelled by `fallback`.
 */
function fixedBuckets(
  counts: Map<string, number>,
  known: readonly { key: string; label: TLocalized }[],
  fallback: (key: string) => TLocalized = () => UNKNOWN_LABEL,
): TStatsBucket[] {
  const listed = new Set(known.map((bucket) => bucket.key));
  return [
    ...known.map(({ key, label }) => ({ key, label, count: counts.get(key) ?? 0 })),
    ...[...counts]
      .filter(([key]) => !listed.has(key))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => ({ key, label: fallback(key), count })),
  ];
}

/** Only the keys that occur (47 prefectures of zeros help nobody). */
function openBuckets(
  rows: DimensionRow[],
  dimension: string,
  label: (key: string) => TLocalized,
): TStatsBucket[] {
  return rows
    .filter((row) => row.dimension === dimension)
    .map((row) => ({ key: row.key, label: label(row.key), count: row.count }));
}

/** Prefectures in their official order (JIS code), unknown last. */
function prefectureOrder(key: string): number {
  return key === UNKNOWN_BUCKET_KEY ? 99 : Number(key) || 98;
}
