import { Injectable, Logger } from '@nestjs/common';
import { Prisma, type Urgency } from '@madoguchi/db';
import {
  AGE_BANDS,
  BACKLOG_AGE_BUCKETS,
  tokyoDayOf,
  tokyoInstant,
  UNKNOWN_BUCKET_KEY,
  type TResponseTargetState,
} from '@madoguchi/shared';
import { AdmissionService } from '../../common/admission/admission.service';
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

/** The fields that tell one group of the grouped pass from another (all but the aggregates). */
const GROUP_KEY_FIELDS = [
  'dimension',
  'key',
  'categories',
  'judged',
  'overridden',
  'rule_ids',
  'month',
  'priority',
  'target',
] as const satisfies readonly (keyof GroupRow)[];

/**
 * The groups of the grouped pass over consecutive parts of a period as the groups of the whole: counts add up,
 * the first and last receipt are the earliest and latest.
 */
export function mergeGroups(parts: readonly GroupRow[][]): GroupRow[] {
  const merged = new Map<string, GroupRow>();
  for (const group of parts.flat()) {
    const id = JSON.stringify(GROUP_KEY_FIELDS.map((field) => group[field]));
    const seen = merged.get(id);
    if (!seen) {
      merged.set(id, { ...group });
      continue;
    }
    seen.count += group.count;
    seen.closed += group.closed;
    seen.closure += group.closure;
    seen.responded += group.responded;
    seen.first_at = pickTime(seen.first_at, group.first_at, Math.min);
    seen.last_at = pickTime(seen.last_at, group.last_at, Math.max);
  }
  return [...merged.values()];
}

/** Of two timestamps (either may be missing), the one `choose` (Math.min or Math.max) picks. */
function pickTime(
  a: string | null,
  b: string | null,
  choose: (x: number, y: number) => number,
): string | null {
  if (a === null || b === null) {
    return a ?? b;
  }
  return choose(Date.parse(a), Date.parse(b)) === Date.parse(a) ? a : b;
}

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
    ...referrals,
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

/**
 * The Tokyo month of receipt ('YYYY-MM') of a case received in [start, end), as a CASE over created_at with the
 * months' first instants worked out here: a to_char(created_at AT TIME ZONE …) per row took a third of the
 * grouped pass.
 */
export function monthCase(start: Date, end: Date): Prisma.Sql {
  const arms: Prisma.Sql[] = [];
  for (let { year, month } = tokyoDayOf(start); ; month++) {
    const first = tokyoDayOf(tokyoInstant({ year, month, day: 1 }, 0));
    const label = `${first.year}-${String(first.month).padStart(2, '0')}`;
    const next = tokyoInstant({ year, month: month + 1, day: 1 }, 0);
    if (next >= end) {
      return arms.length === 0
        ? Prisma.sql`${label}::text`
        : Prisma.sql`(CASE ${Prisma.join(arms, ' ')} ELSE ${label}::text END)`;
    }
    arms.push(Prisma.sql`WHEN created_at < ${next}::timestamptz THEN ${label}::text`);
  }
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

/** The id pg_export_snapshot() returns (e.g. 00000003-0000001B-1): checked before it is written into SQL. */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+-[0-9]+$/;

/** The report's options for each of its transactions. */
const REPORT_TRANSACTION = {
  isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
  // A month's report takes under a second at a million cases (docs/performance.md); the timeout is room for a
  // slow server, not a target.
  timeout: 60_000,
  maxWait: 10_000,
};

/**
 * The statistics, computed by PostgreSQL: every figure is a GROUP BY, a FILTER or a percentile_cont over the
 * period's rows; only the aggregates come back. All queries read one snapshot (REPEATABLE READ), so the totals
 * and the breakdowns agree even while counselors work. Read from the replica (PrismaService.replica): a report
 * over past periods tolerates replication lag.
 */
@Injectable()
export class StatsRepository {
  private readonly logger = new Logger(StatsRepository.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly admission: AdmissionService,
  ) {}

  /**
   * `eachResponses` gets the period's cases as the response targets read them (the service counts them against
   * the desk's hours), a day at a time: only the counts need to stay in memory.
   *
   * The work comes in two lanes of about equal cost — each half of the period's cases through the grouped pass,
   * plus the medians and referrals in one, the backlog and the referral loop in the other — run side by side on
   * two connections when the reports bulkhead has one to spare (see `alongside`), else one after the other.
   */
  report(
    start: Date,
    end: Date,
    asOf: Date,
    eachResponses: (rows: ResponseRow[]) => void,
  ): Promise<StatsRows> {
    const middle = new Date(start.getTime() + Math.floor((end.getTime() - start.getTime()) / 2));
    return this.prisma.replica.$transaction(async (tx) => {
      await this.prepare(tx);
      const [first, second] = await this.alongside(
        tx,
        async (here) => ({
          groups: await this.groups(here, start, middle, asOf),
          medians: await this.medians(here, start, end),
          referrals: await this.referrals(here, start, end),
          windows: await here.referralWindow.findMany({
            select: { slug: true, nameJa: true, nameEn: true },
            orderBy: { slug: 'asc' },
          }),
        }),
        async (there) => ({
          groups: await this.groups(there, middle, end, asOf),
          backlog: await this.backlog(there, asOf),
          loop: await this.loop(there, start, end),
        }),
      );
      const { stale, ...cohort } = cohortFromGroups({
        groups: mergeGroups([first.groups, second.groups]),
        medians: first.medians,
        referrals: first.referrals,
      });
      if (stale) {
        // Receipt times are at millisecond precision: the last stale case is in [from, to + 1 ms).
        await this.staleResponses(tx, stale.from, new Date(stale.to.getTime() + 1), eachResponses);
      }
      return { ...cohort, backlog: second.backlog, loop: second.loop, windows: first.windows };
    }, REPORT_TRANSACTION);
  }

  /** Each report transaction's settings. */
  private async prepare(tx: Tx): Promise<void> {
    // The grouped pass hashes eight sets of groups at once: in memory, not spilled to temporary files.
    // For this transaction only.
    await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
  }

  /**
   * `here` on `tx`, and `there` beside it in a second transaction that reads the same snapshot (exported by `tx`,
   * imported by the other before its first query): the figures agree as if one transaction had read them all.
   * The second connection is taken only when the reports bulkhead has a slot free that no request waits for (its
   * pool is sized like the bulkhead, so that slot's connection is free too): a report never waits for a second
   * connection, so two reports cannot each hold one and wait for the other's. Without a spare slot, or when the
   * second transaction cannot start or import the snapshot (the replica failed over to the primary between the
   * two, say), `there` runs on `tx` after `here`: slower, the same figures.
   */
  private async alongside<A, B>(
    tx: Tx,
    here: (tx: Tx) => Promise<A>,
    there: (tx: Tx) => Promise<B>,
  ): Promise<[A, B]> {
    const release = this.admission.bulkheads.reports.tryAcquire();
    if (!release) {
      return [await here(tx), await there(tx)];
    }
    try {
      const [{ snapshot }] = await tx.$queryRaw<
        [{ snapshot: string }]
      >`SELECT pg_export_snapshot() AS snapshot`;
      let imported = false;
      const beside = this.prisma.replica.$transaction(async (other) => {
        if (!SNAPSHOT_ID.test(snapshot)) {
          throw new Error(`Unexpected snapshot id ${JSON.stringify(snapshot)}`);
        }
        // Before any other query of the transaction; a literal only (no parameter), hence the check above.
        await other.$executeRawUnsafe(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
        imported = true;
        await this.prepare(other);
        return there(other);
      }, REPORT_TRANSACTION);
      const [mine, theirs] = await Promise.allSettled([here(tx), beside]);
      if (mine.status === 'rejected') {
        throw mine.reason;
      }
      if (theirs.status === 'fulfilled') {
        return [mine.value, theirs.value];
      }
      if (imported) {
        throw theirs.reason;
      }
      this.logger.warn(
        `A second connection for the statistics could not read the report's snapshot (${
          theirs.reason instanceof Error ? theirs.reason.message : String(theirs.reason)
        }); its part ran on the first`,
      );
      return [mine.value, await there(tx)];
    } finally {
      release();
    }
  }

  /**
   * The period's cases received in [from, to), from one index-only scan of the covering cases_created_at_idx: one
   * aggregate with a grouping set per dimension — the counts by urgency, channel, age band and prefecture, by
   * category list (confirmed categories, each counting; else triage's first suggestion), by triage judgement, by
   * month, priority and response target state, plus the totals (the empty set: a row even when there are no
   * cases). A category list or a judgement's rule list is a group key here, and is unnested by the caller: there
   * are a few hundred distinct lists in a month, not one per case. The groups of consecutive parts of a period
   * add up to the period's (mergeGroups).
   *
   * Triage accuracy is over the cases whose categories a counselor confirmed: each case's latest
   * category_change, overridden as the event recorded it (or, for events without the flag, suggested ≠
   * confirmed as sets), per rule the rules the event names (data.ruleIds), else the intake triage's
   * matchedRuleIds; the database keeps that judgement on the case (categories_judged_at, triage_overridden,
   * triage_rule_ids).
   */
  private async groups(tx: Tx, from: Date, to: Date, asOf: Date): Promise<GroupRow[]> {
    const ageBand = bandCase(Prisma.sql`person_age`, AGE_BANDS, UNKNOWN_BUCKET_KEY);
    const [row] = await tx.$queryRaw<[{ groups: GroupRow[] }]>`
      SELECT coalesce(json_agg(g), '[]'::json) AS groups FROM (
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
               -- The enums are grouped as they are stored and named once per group, not cast per row.
               CASE
                 WHEN GROUPING(urgency) = 0 THEN urgency::text
                 WHEN GROUPING(channel) = 0 THEN channel::text
                 WHEN GROUPING(age) = 0 THEN age
                 WHEN GROUPING(prefecture) = 0 THEN coalesce(prefecture::text, ${UNKNOWN_BUCKET_KEY})
               END AS key,
               categories, judged, overridden, rule_ids, month, priority::text AS priority, target,
               count(*)::int AS count,
               min(created_at) AS first_at,
               max(created_at) AS last_at,
               (count(*) FILTER (WHERE closed))::int AS closed,
               (count(*) FILTER (WHERE closed_at IS NOT NULL))::int AS closure,
               count(first_response_at)::int AS responded
        FROM (
          SELECT urgency, channel, ${ageBand} AS age, prefecture,
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
                 ${monthCase(from, to)} AS month,
                 priority,
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
          WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
        ) c
        GROUP BY GROUPING SETS ((urgency), (channel), (age), (prefecture), (categories),
                                (judged, overridden, rule_ids), (month, priority, target), ())
      ) g`;
    return row.groups;
  }

  /**
   * The medians of the period's cases, which need the values in order: first response (the earliest contact log,
   * public message or status change a staff member recorded: cases.first_response_at, kept by the database) and
   * closure (closed_at − created_at for the cases closed now).
   */
  private async medians(tx: Tx, start: Date, end: Date): Promise<CohortRow['medians']> {
    const [row] = await tx.$queryRaw<[CohortRow['medians']]>`
      SELECT
        (percentile_cont(0.5) WITHIN GROUP (
          ORDER BY greatest(0, date_part('epoch', first_response_at - created_at)) / 3600
        ) FILTER (WHERE first_response_at IS NOT NULL))::float8 AS median_response_hours,
        (percentile_cont(0.5) WITHIN GROUP (
          ORDER BY greatest(0, date_part('epoch', closed_at - created_at)) / 86400
        ) FILTER (WHERE status = 'closed' AND closed_at IS NOT NULL))::float8 AS median_closure_days
      FROM cases
      WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz`;
    return row;
  }

  /** The referrals created in the period by window and by status, and their total. */
  private referrals(tx: Tx, start: Date, end: Date): Promise<DimensionRow[]> {
    return tx.$queryRaw<DimensionRow[]>`
      SELECT CASE
               WHEN GROUPING(window_slug) = 0 THEN 'referral_window'
               WHEN GROUPING(status) = 0 THEN 'referral_status'
               ELSE 'total'
             END AS dimension,
             coalesce(window_slug, status::text, 'referrals') AS key,
             count(*)::int AS count
      FROM referrals
      WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
      GROUP BY GROUPING SETS ((window_slug), (status), ())`;
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
