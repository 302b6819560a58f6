import { Injectable } from '@nestjs/common';
import { Prisma, type Urgency } from '@madoguchi/db';
import {
  AGE_BANDS,
  BACKLOG_AGE_BUCKETS,
  STATS_TIME_ZONE,
  UNKNOWN_BUCKET_KEY,
  type TResponseTargetState,
} from '@madoguchi/shared';
import { PrismaService } from '../../db/prisma.service';
import { responseTargetStamp } from '../desk/response-target-stamp';

type Tx = Prisma.TransactionClient;

const DAY_MS = 86_400_000;

export type DimensionRow = { dimension: string; key: string; count: number };
export type TimingRow = {
  responded: number;
  awaiting: number;
  median_response_hours: number | null;
  closed: number;
  median_closure_days: number | null;
};
export type BacklogRow = { key: string; count: number };
export type LoopRow = {
  window_slug: string;
  sent: number;
  acknowledged: number;
  completed: number;
  declined: number;
  no_response: number;
  median_days_to_ack: number | null;
};
export type RuleRow = { rule_id: string | null; confirmed: number; overridden: number };

export type StatsRows = {
  dimensions: DimensionRow[];
  targets: TargetRow[];
  timing: TimingRow;
  backlog: BacklogRow[];
  loop: LoopRow[];
  rules: RuleRow[];
  windows: { slug: string; nameJa: string; nameEn: string }[];
};
export type ResponseRow = { priority: Urgency; createdAt: Date; firstResponseAt: Date | null };
/** The period's cases with a current stored response target, counted per month of receipt, priority and state. */
export type TargetRow = { month: string; priority: Urgency; state: TResponseTargetState; count: number };
type CohortFigures = Pick<StatsRows, 'dimensions' | 'timing' | 'rules' | 'targets'> & {
  /** The receipt times of the first and last case without a current stored target; null: none. */
  stale: { from: Date; to: Date } | null;
};

type GroupRow = {
  dimension: 'urgency' | 'channel' | 'age' | 'prefecture' | 'categories' | 'judgement' | 'target' | 'total';
  key: string | null;
  categories: string[] | null;
  judged: boolean | null;
  overridden: boolean | null;
  rule_ids: string[] | null;
  month: string | null;
  priority: Urgency | null;
  target: TResponseTargetState | 'stale' | null;
  count: number;
  first_at: string | null;
  last_at: string | null;
  closed: number;
  closure: number;
  responded: number;
};
type CohortRow = {
  groups: GroupRow[];
  medians: Pick<TimingRow, 'median_response_hours' | 'median_closure_days'>;
  referrals: DimensionRow[];
};

/** Adds `count` to each key of `keys` (a list counts each of its entries). */
function addEach(into: Map<string, number>, keys: readonly string[], count: number): void {
  for (const key of keys) {
    into.set(key, (into.get(key) ?? 0) + count);
  }
}

/** The cohort statement's groups as the report's rows: lists unnested, the totals and timing from the empty set. */
function cohortFromGroups({ groups, medians, referrals }: CohortRow): CohortFigures {
  const total = groups.find((group) => group.dimension === 'total')!;
  const categories = new Map<string, number>();
  const confirmed = new Map<string, number>();
  const overridden = new Map<string, number>();
  let judged = 0;
  let judgedOverridden = 0;
  const targets: TargetRow[] = [];
  let stale = null as CohortFigures['stale'];
  const dimensions: DimensionRow[] = [
    { dimension: 'total', key: 'cases', count: total.count },
    { dimension: 'total', key: 'closed', count: total.closed },
  ];
  for (const group of groups) {
    switch (group.dimension) {
      case 'categories':
        addEach(categories, group.categories!, group.count);
        break;
      case 'judgement':
        if (group.judged) {
          judged += group.count;
          addEach(confirmed, group.rule_ids ?? [], group.count);
          if (group.overridden) {
            judgedOverridden += group.count;
            addEach(overridden, group.rule_ids ?? [], group.count);
          }
        }
        break;
      case 'target':
        if (group.target === 'stale') {
          // One group per month and priority: the range spans them all.
          const [from, to] = [new Date(group.first_at!), new Date(group.last_at!)];
          stale = {
            from: stale && stale.from < from ? stale.from : from,
            to: stale && stale.to > to ? stale.to : to,
          };
        } else {
          targets.push({
            month: group.month!,
            priority: group.priority!,
            state: group.target!,
            count: group.count,
          });
        }
        break;
      case 'total':
        break;
      default:
        dimensions.push({ dimension: group.dimension, key: group.key!, count: group.count });
    }
  }
  dimensions.push(
    ...referrals.map((row) => (row.dimension === 'total' ? { ...row, key: 'referrals' } : row)),
    ...[...categories].map(([key, count]) => ({ dimension: 'category', key, count })),
  );
  return {
    dimensions,
    timing: {
      responded: total.responded,
      awaiting: total.count - total.responded,
      median_response_hours: medians.median_response_hours,
      closed: total.closure,
      median_closure_days: medians.median_closure_days,
    },
    targets,
    stale,
    rules: [
      { rule_id: null, confirmed: judged, overridden: judgedOverridden },
      ...[...confirmed].map(([rule_id, count]) => ({
        rule_id,
        confirmed: count,
        overridden: overridden.get(rule_id) ?? 0,
      })),
    ],
  };
}

/** `CASE` over numbered bands, from the shared table, so SQL and the labels cannot drift apart. */
function bandCase(
  value: Prisma.Sql,
  bands: readonly { key: string; min: number; max: number | null }[],
  unknown: string,
): Prisma.Sql {
  const arms = bands.map((band) =>
    band.max === null
      ? Prisma.sql`WHEN ${value} >= ${band.min} THEN ${band.key}`
      : Prisma.sql`WHEN ${value} BETWEEN ${band.min} AND ${band.max} THEN ${band.key}`,
  );
  return Prisma.sql`(CASE WHEN ${value} IS NULL THEN ${unknown} ${Prisma.join(arms, ' ')} ELSE ${unknown} END)::text`;
}

/**
 * The statistics, computed by PostgreSQL: every figure is a GROUP BY, a FILTER or a percentile_cont over the
 * period's rows; only the aggregates come back. All queries read one snapshot (REPEATABLE READ), so the totals
 * and the breakdowns agree even while counselors work. Read from the replica (PrismaService.replica): a report
 * over past periods tolerates replication lag.
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * `eachResponses` gets the period's cases as the response targets read them (the service counts them against
   * the desk's hours), a day at a time: only the counts need to stay in memory.
   */
  report(
    start: Date,
    end: Date,
    asOf: Date,
    eachResponses: (rows: ResponseRow[]) => void,
  ): Promise<StatsRows> {
    return this.prisma.replica.$transaction(
      async (tx) => {
        // The grouped pass hashes eight sets of groups at once: in memory, not spilled to temporary files.
        // For this transaction only.
        await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
        const { stale, ...cohort } = await this.cohortFigures(tx, start, end, asOf);
        const rows: StatsRows = {
          ...cohort,
          backlog: await this.backlog(tx, asOf),
          loop: await this.loop(tx, start, end),
          windows: await tx.referralWindow.findMany({
            select: { slug: true, nameJa: true, nameEn: true },
            orderBy: { slug: 'asc' },
          }),
        };
        if (stale) {
          // Receipt times are at millisecond precision: the last stale case is in [from, to + 1 ms).
          await this.staleResponses(tx, stale.from, new Date(stale.to.getTime() + 1), eachResponses);
        }
        return rows;
      },
      // One snapshot for all figures. A month's report takes about a second at a million cases
      // (docs/performance.md); the timeout is room for a slow server, not a target.
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 60_000, maxWait: 10_000 },
    );
  }

  /**
   * Everything about the period's cases from two index-only scans of them (the covering cases_created_at_idx),
   * and about its referrals from one scan, in one round trip:
   * - one aggregate with a grouping set per dimension: the counts of the period's cases by urgency, channel, age
   *   band and prefecture, by category list (confirmed categories, each counting; else triage's first
   *   suggestion), by triage judgement, plus the totals (the empty set: a row even when the period has no
   *   cases). A category list or a judgement's rule list is a group key here, and is unnested by the caller:
   *   there are a few hundred distinct lists in a month, not one per case;
   * - the medians (first response, the earliest contact log, public message or status change a staff member
   *   recorded, cases.first_response_at kept by the database; closure, closed_at − created_at for cases closed
   *   now), which need the values in order, from the second scan;
   * - the referrals created in the period by window and by status.
   * Triage accuracy is over the cases whose categories a counselor confirmed: each case's latest
   * category_change, overridden as the event recorded it (or, for events without the flag, suggested ≠
   * confirmed as sets), per rule the rules the event names (data.ruleIds), else the intake triage's
   * matchedRuleIds; the database keeps that judgement on the case (categories_judged_at, triage_overridden,
   * triage_rule_ids).
   */
  private async cohortFigures(tx: Tx, start: Date, end: Date, asOf: Date): Promise<CohortFigures> {
    const ageBand = bandCase(Prisma.sql`person_age`, AGE_BANDS, UNKNOWN_BUCKET_KEY);
    const [row] = await tx.$queryRaw<[CohortRow]>`
      WITH groups AS (
        SELECT CASE
                 WHEN GROUPING(urgency) = 0 THEN 'urgency'
                 WHEN GROUPING(channel) = 0 THEN 'channel'
                 WHEN GROUPING(age) = 0 THEN 'age'
                 WHEN GROUPING(prefecture) = 0 THEN 'prefecture'
                 WHEN GROUPING(categories) = 0 THEN 'categories'
                 WHEN GROUPING(judged) = 0 THEN 'judgement'
                 WHEN GROUPING(target) = 0 THEN 'target'
                 ELSE 'total'
               END AS dimension,
               coalesce(urgency, channel, age, prefecture) AS key,
               categories, judged, overridden, rule_ids, month, priority, target,
               count(*)::int AS count,
               min(created_at) AS first_at,
               max(created_at) AS last_at,
               (count(*) FILTER (WHERE closed))::int AS closed,
               (count(*) FILTER (WHERE closed_at IS NOT NULL))::int AS closure,
               count(first_response_at)::int AS responded
        FROM (
          SELECT urgency::text AS urgency, channel::text AS channel, ${ageBand} AS age,
                 coalesce(prefecture::text, ${UNKNOWN_BUCKET_KEY}) AS prefecture,
                 CASE
                   WHEN cardinality(confirmed_categories) > 0 THEN confirmed_categories
                   WHEN cardinality(suggested_categories) > 0 THEN suggested_categories[1:1]
                   ELSE ARRAY[${UNKNOWN_BUCKET_KEY}::text]
                 END AS categories,
                 categories_judged_at IS NOT NULL AS judged,
                 coalesce(triage_overridden, false) AS overridden,
                 triage_rule_ids AS rule_ids,
                 status = 'closed' AS closed,
                 CASE WHEN status = 'closed' THEN closed_at END AS closed_at,
                 first_response_at,
                 created_at,
                 to_char(created_at AT TIME ZONE ${STATS_TIME_ZONE}, 'YYYY-MM') AS month,
                 priority::text AS priority,
                 -- Where the first response stands against its stored target (responseState's met / overdue);
                 -- a target computed under other desk settings, or not yet, is the API's to work out.
                 CASE
                   WHEN response_target_of IS DISTINCT FROM s.stamp THEN 'stale'
                   WHEN first_response_at IS NOT NULL
                     THEN CASE WHEN first_response_at <= response_target_at THEN 'met' ELSE 'missed' END
                   WHEN response_target_at < ${asOf}::timestamptz THEN 'missed'
                   ELSE 'pending'
                 END AS target
          FROM cases CROSS JOIN (${responseTargetStamp}) s
          WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
        ) c
        GROUP BY GROUPING SETS ((urgency), (channel), (age), (prefecture), (categories),
                                (judged, overridden, rule_ids), (month, priority, target), ())
      ),
      medians AS (
        SELECT
          (percentile_cont(0.5) WITHIN GROUP (
            ORDER BY greatest(0, date_part('epoch', first_response_at - created_at)) / 3600
          ) FILTER (WHERE first_response_at IS NOT NULL))::float8 AS median_response_hours,
          (percentile_cont(0.5) WITHIN GROUP (
            ORDER BY greatest(0, date_part('epoch', closed_at - created_at)) / 86400
          ) FILTER (WHERE status = 'closed' AND closed_at IS NOT NULL))::float8 AS median_closure_days
        FROM cases
        WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
      ),
      referral_groups AS (
        SELECT CASE
                 WHEN GROUPING(window_slug) = 0 THEN 'referral_window'
                 WHEN GROUPING(status) = 0 THEN 'referral_status'
                 ELSE 'total'
               END AS dimension,
               coalesce(window_slug, status::text, 'referrals') AS key,
               count(*)::int AS count
        FROM referrals
        WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
        GROUP BY GROUPING SETS ((window_slug), (status), ())
      )
      SELECT (SELECT json_agg(g) FROM groups g) AS groups,
             (SELECT row_to_json(m) FROM medians m) AS medians,
             (SELECT json_agg(r) FROM referral_groups r) AS referrals`;
    return cohortFromGroups(row);
  }

  /**
   * The cases received in [start, end) whose response target is not stored under the current desk settings (new
   * since the response.scan job last ran, changed, or under settings an admin has since replaced), with their
   * working priority, receipt and first response: the service works their targets out from the desk's hours
   * and holidays (the shared response-target code, not SQL). Handed to `each` a day at a time: a report's memory
   * must not grow with its period (right after new settings that is every case: a month's 83,000 at once, with
   * a second report beside it, filled the API's heap). Each day's as one JSON array of [priority, created ms,
   * first response ms], not a result row per case (a row each cost more in the driver and Prisma than the query).
   */
  private async staleResponses(
    tx: Tx,
    start: Date,
    end: Date,
    each: (rows: ResponseRow[]) => void,
  ): Promise<void> {
    for (let from = start; from < end;) {
      const to = new Date(Math.min(from.getTime() + DAY_MS, end.getTime()));
      const [row] = await tx.$queryRaw<{ cases: [Urgency, number, number | null][] }[]>`
        SELECT coalesce(json_agg(json_build_array(
                 priority,
                 round(date_part('epoch', created_at) * 1000)::int8,
                 round(date_part('epoch', first_response_at) * 1000)::int8
               )), '[]'::json) AS cases
        FROM cases CROSS JOIN (${responseTargetStamp}) s
        WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
          AND response_target_of IS DISTINCT FROM s.stamp`;
      each(
        (row?.cases ?? []).map(([priority, createdAt, firstResponseAt]) => ({
          priority,
          createdAt: new Date(createdAt),
          firstResponseAt: firstResponseAt === null ? null : new Date(firstResponseAt),
        })),
      );
      from = to;
    }
  }

  /**
   * Cases open at `asOf`, by whole days since receipt. Open means: received before then, and the last status
   * change recorded before then (or, with none, closed_at) does not say closed, so a case closed after the
   * period, or closed and reopened, is counted as it stood.
   *
   * Only the history of few cases is read. A case closed now with closed_at before asOf was closed then
   * (reopening clears closed_at, and cases_closed_at_matches_status keeps it set exactly while closed). Of
   * the rest (open now, or closed after asOf), one that was closed at asOf has been reopened since, so a
   * case not reopened after asOf (cases.last_reopened_at) was open then.
   */
  private backlog(tx: Tx, asOf: Date): Promise<BacklogRow[]> {
    const bucket = bandCase(Prisma.sql`age_days`, BACKLOG_AGE_BUCKETS, BACKLOG_AGE_BUCKETS[0].key);
    return tx.$queryRaw<BacklogRow[]>`
      WITH received AS (
        -- Open now, or closed after asOf: two ranges of the covering index (closed_at, created_at), each an
        -- index-only scan (an OR of them would be a bitmap scan reading every row's heap page).
        SELECT c.id, c.created_at, c.closed_at, c.last_reopened_at FROM cases c
        WHERE c.closed_at IS NULL AND c.created_at < ${asOf}::timestamptz
        UNION ALL
        SELECT c.id, c.created_at, c.closed_at, c.last_reopened_at FROM cases c
        WHERE c.closed_at >= ${asOf}::timestamptz AND c.created_at < ${asOf}::timestamptz
      ),
      open_cases AS (
        SELECT floor(date_part('epoch', ${asOf}::timestamptz - c.created_at) / 86400)::int AS age_days
        FROM received c
        WHERE (
            c.last_reopened_at IS NULL OR c.last_reopened_at < ${asOf}::timestamptz
            OR coalesce(
                 (SELECT e.data->>'to' FROM case_events e
                  WHERE e.case_id = c.id AND e.kind = 'status_change' AND e.created_at < ${asOf}::timestamptz
                  ORDER BY e.created_at DESC, e.id DESC LIMIT 1),
                 CASE WHEN c.closed_at < ${asOf}::timestamptz THEN 'closed' ELSE 'new' END
               ) <> 'closed'
          )
      )
      SELECT ${bucket} AS key, count(*)::int AS count FROM open_cases GROUP BY 1`;
  }

  /**
   * Per window, the referrals first sent in the period and how far their loop got. "First sent"
   * (referrals.first_sent_at, kept by the database) is the earliest send in the history: a re-send after no
   * reply moves sent_at, but the window had the case since the first.
   */
  private loop(tx: Tx, start: Date, end: Date): Promise<LoopRow[]> {
    return tx.$queryRaw<LoopRow[]>`
      SELECT window_slug,
             count(*)::int AS sent,
             count(acknowledged_at)::int AS acknowledged,
             (count(*) FILTER (WHERE status = 'completed'))::int AS completed,
             (count(*) FILTER (WHERE status = 'declined'))::int AS declined,
             (count(*) FILTER (WHERE status = 'no_response'))::int AS no_response,
             (percentile_cont(0.5) WITHIN GROUP (
               ORDER BY greatest(0, date_part('epoch', acknowledged_at - first_sent_at)) / 86400
             ) FILTER (WHERE acknowledged_at IS NOT NULL))::float8 AS median_days_to_ack
      FROM referrals
      WHERE first_sent_at >= ${start}::timestamptz AND first_sent_at < ${end}::timestamptz
      GROUP BY window_slug
      ORDER BY sent DESC, window_slug`;
  }
}
