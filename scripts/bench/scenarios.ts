// The load scenarios. Each runs against the API and, where a like-for-like baseline exists, against
// the baseline server in the same run, so the result carries a ratio as well as absolute numbers.
import type pg from 'pg';
import { queueQuery } from '@madoguchi/db/case-queue-sql';
import { MAX_DESCRIPTION_LENGTH } from '@madoguchi/shared';
import { loadCorpus } from '../../packages/shared/src/triage/corpus/evaluate';
import { CATEGORY_PHRASES } from './phrases';
import { CaseFactory, type FactoryConfig } from './case-factory';
import { runLoad, summarize, type LoadResult, type LoadSample } from './load';
import type { ScenarioGroup } from './options';
import { queueFilterOf, type QueueParams } from './queue-request';
import { Rng } from './random';
import type { BenchSession } from './staff';
import type { Server } from './processes';

export type Target = { description: string; met: boolean | null };

export type ScenarioResult = {
  name: string;
  group: ScenarioGroup;
  description: string;
  method: 'GET' | 'POST';
  path: string;
  connections: number;
  durationSec: number;
  requests: number;
  throughputPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  errorDetail: Record<string, number>;
  baselineThroughputPerSec?: number;
  baselineP50Ms?: number;
  baselineP95Ms?: number;
  baselineP99Ms?: number;
  baselineErrors?: number;
  /** API throughput / baseline throughput. */
  ratio?: number;
  target?: Target;
  /** Requests still waiting when the runs ended (counted in the percentiles with their wait so far). */
  unfinished?: number;
  /** Statements still running in the database after the runs, cancelled so the next run starts clean. */
  cancelledAfterRuns?: number;
  /** Not measured: the route is not in this build. */
  skipped?: string;
  /** Not measured: the first request failed (an error the target counts as missed). */
  failed?: string;
  note?: string;
  /** Statements by total time while the API side ran (pg_stat_statements, when available). */
  topStatements?: { query: string; calls: number; meanMs: number; maxMs?: number; totalMs: number }[];
  /** EXPLAIN (ANALYZE, BUFFERS) of the scenario's main query, for the read scenarios. */
  explain?: string;
  /** Peak RSS of the API process while this scenario ran. */
  apiPeakRssMb?: number;
  /** RSS of the API process when this scenario began. */
  apiStartRssMb?: number;
  /** 5xx answers other than a 503 with Retry-After (open-loop scenarios; closed loop: 5xx other than 503). */
  status5xx?: number;
  /** 503 with Retry-After: load shed as designed (open-loop scenarios, which see the headers). */
  shed503?: number;
  /** Open loop: the schedule's rate and what it came to (see open-loop.ts). */
  openLoop?: {
    ratePerSec: number;
    scheduled: number;
    sent: number;
    notSent: number;
    maxInFlight: number;
    sendLagP99Ms: number;
  };
  /** stats-month-cold: each restart's first request. */
  coldRuns?: { restartedDatabase: boolean; firstRequestMs: number; status: number }[];
  /** followups-10k: the job's figures, and the queue's percentiles under the same load before it ran. */
  followups?: {
    due: number;
    notificationsCreated: number;
    /** Seeded cases that got at least one notification. */
    casesNotified: number;
    jobState: string;
    /** pg-boss's started → completed. */
    processingMs: number;
    /** From the bench's send until it saw the job done (the worker's polling included). */
    fromSendMs: number;
    queueBefore: { requests: number; errors: number; p95Ms: number; p99Ms: number };
  };
  /** upload-16x5mb: the uploads' figures (throughputPerSec is uploads/s) and the memory target they are held to. */
  upload?: {
    concurrency: number;
    fileBytes: number;
    /** Files stored (201) in the measured run. */
    uploaded: number;
    /** MB = 1,048,576 bytes. */
    megabytesPerSec: number;
    cases: number;
    maxUploads: number;
    apiRssTargetMb: number;
    /** The API's RSS just before the first upload (after the cases were made). */
    apiRssBeforeMb: number;
  };
  /** auto_explain plans of one request of this scenario, slowest first (see profile.ts). */
  profile?: { durationMs: number; plan: string }[];
};

export type ScenarioSpec = {
  name: string;
  group: ScenarioGroup;
  description: string;
  method: 'GET' | 'POST';
  path: string;
  session?: BenchSession;
  body?: () => string;
  expectStatus: number;
  connections: number;
  /** Run the same request against the baseline server too. */
  paired: boolean;
  target: (result: ScenarioResult) => Target;
  /** The queue statement to EXPLAIN after the run. */
  explain?: QueueParams;
  note?: string;
};

export type ScenarioContext = {
  api: Server;
  baseline: Server;
  db: pg.Client;
  durationSec: number;
  maxRequests: number;
  statementsAvailable: boolean;
  /** Peak RSS of the API since the previous call; the next window starts then. */
  apiRssWindow: () => number;
  /** RSS of the API when the current window began. */
  apiRssWindowStart: () => number;
  log: (line: string) => void;
};

export async function runScenario(spec: ScenarioSpec, ctx: ScenarioContext): Promise<ScenarioResult> {
  const base: ScenarioResult = {
    name: spec.name,
    group: spec.group,
    description: spec.description,
    method: spec.method,
    path: spec.path,
    connections: spec.connections,
    durationSec: ctx.durationSec,
    requests: 0,
    throughputPerSec: 0,
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    errors: 0,
    errorDetail: {},
    note: spec.note,
  };
  const probeStarted = performance.now();
  let probe: Response;
  try {
    probe = await fetch(`${ctx.api.baseUrl}${spec.path}`, {
      method: spec.method,
      headers: headersFor(spec),
      body: spec.body?.(),
    });
  } catch (error) {
    // No answer at all (the socket closed, the process gone): this scenario fails and the run goes on, with what
    // the API last wrote, so a crash is seen in the report instead of ending the run without one.
    const ms = Math.round(performance.now() - probeStarted);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cause = (error as { cause?: unknown }).cause;
    const tail = ctx.api.output().split('\n').slice(-8).join(' | ').slice(-1500);
    const reason =
      `the first request got no answer after ${ms} ms: ${String(error)}${cause ? ` (${String(cause)})` : ''}` +
      (tail ? ` — the API's last output: ${tail}` : ' — the API wrote nothing');
    ctx.log(`  ${spec.name}: FAILED (${reason})`);
    return {
      ...base,
      failed: reason,
      target: spec.target({ ...base, p95Ms: Number.POSITIVE_INFINITY, errors: 1 }),
    };
  }
  const probeMs = Math.round(performance.now() - probeStarted);
  if (probe.status !== spec.expectStatus) {
    const text = (await probe.text()).slice(0, 300);
    if (probe.status === 404) {
      const reason = `${spec.method} ${spec.path.split('?')[0]} answered 404: the route is not in this API build`;
      ctx.log(`  ${spec.name}: skipped (${reason})`);
      return { ...base, skipped: reason };
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const route = spec.path.split('?')[0]!;
    const logged = apiErrorFor(ctx.api.output(), route);
    const reason =
      `the first request answered ${probe.status} after ${probeMs} ms instead of ${spec.expectStatus}: ${text}` +
      (logged ? ` — API log: ${logged}` : '');
    ctx.log(`  ${spec.name}: FAILED (${reason})`);
    return {
      ...base,
      failed: reason,
      target: spec.target({ ...base, p95Ms: Number.POSITIVE_INFINITY, errors: 1 }),
    };
  }

  ctx.apiRssWindow();
  let statements: ScenarioResult['topStatements'];
  let cancelled = 0;
  const load = async (server: Server, seconds: number, maxRequests: number) => {
    const sample = await runLoad({
      url: `${server.baseUrl}${spec.path}`,
      method: spec.method,
      headers: headersFor(spec),
      body: spec.body,
      connections: spec.connections,
      durationSec: seconds,
      maxRequests,
      expectStatus: spec.expectStatus,
    });
    cancelled += await drain(ctx.db);
    return sample;
  };
  // Warm-up (JIT, connection pools, caches), not recorded.
  const warmSeconds = Math.min(2, ctx.durationSec);
  await load(ctx.api, warmSeconds, 100);
  let baseline: LoadResult | undefined;
  let api: LoadResult;
  if (spec.paired) {
    await load(ctx.baseline, warmSeconds, 100);
    // Two rounds each, in the order baseline, API, API, baseline: whatever else the machine is
    // doing (or a database growing under intakes) weighs on both sides alike.
    const half = Math.max(1, ctx.durationSec / 2);
    const cap = Math.max(1, Math.floor(ctx.maxRequests / 2));
    const apiRuns: LoadSample[] = [];
    const baselineRuns: LoadSample[] = [];
    ctx.log(`  ${spec.name}: baseline and API, ${half} s × 2 each…`);
    baselineRuns.push(await load(ctx.baseline, half, cap));
    await resetStatements(ctx);
    apiRuns.push(await load(ctx.api, half, cap));
    apiRuns.push(await load(ctx.api, half, cap));
    statements = await topStatements(ctx);
    baselineRuns.push(await load(ctx.baseline, half, cap));
    baseline = summarize(baselineRuns);
    api = summarize(apiRuns);
  } else {
    await resetStatements(ctx);
    ctx.log(`  ${spec.name}: API, ${ctx.durationSec} s…`);
    api = summarize([await load(ctx.api, ctx.durationSec, ctx.maxRequests)]);
    statements = await topStatements(ctx);
  }
  const result: ScenarioResult = {
    ...base,
    durationSec: api.durationSec,
    requests: api.requests,
    throughputPerSec: api.throughputPerSec,
    p50Ms: api.p50Ms,
    p95Ms: api.p95Ms,
    p99Ms: api.p99Ms,
    maxMs: api.maxMs,
    errors: api.errors,
    errorDetail: api.errorDetail,
    unfinished: api.unfinished,
    cancelledAfterRuns: cancelled,
    status5xx: api.status5xx,
    shed503: api.shed503,
  };
  if (baseline) {
    Object.assign(result, {
      baselineThroughputPerSec: baseline.throughputPerSec,
      baselineP50Ms: baseline.p50Ms,
      baselineP95Ms: baseline.p95Ms,
      baselineP99Ms: baseline.p99Ms,
      baselineErrors: baseline.errors,
      ratio:
        baseline.throughputPerSec > 0 ? round(api.throughputPerSec / baseline.throughputPerSec) : undefined,
    });
  }
  result.topStatements = statements;
  result.apiStartRssMb = ctx.apiRssWindowStart();
  result.apiPeakRssMb = ctx.apiRssWindow();
  if (spec.explain) {
    result.explain = await explain(ctx.db, spec.explain);
  }
  result.target = spec.target(result);
  ctx.log(
    `  ${spec.name}: ${result.throughputPerSec} req/s, p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, ` +
      `p99 ${result.p99Ms} ms, errors ${result.errors}, API RSS ${result.apiStartRssMb} → ≤ ${result.apiPeakRssMb} MB` +
      (result.ratio !== undefined
        ? `, baseline ${result.baselineThroughputPerSec} req/s, ratio ${result.ratio}`
        : ''),
  );
  return result;
}

/** The error message the API logged last for `route` (its JSON log lines carry req.url and err). */
export function apiErrorFor(output: string, route: string): string | null {
  for (const line of output.split('\n').reverse()) {
    try {
      const entry = JSON.parse(line) as { req?: { url?: string }; err?: { type?: string; message?: string } };
      if (entry.req?.url?.startsWith(route) && entry.err?.message) {
        const message = entry.err.message.replace(/\s+/g, ' ').trim();
        return `${entry.err.type ?? 'Error'}: ${message.slice(0, 400)}`;
      }
    } catch {
      // not a JSON log line
    }
  }
  return null;
}

export function headersFor(spec: ScenarioSpec): Record<string, string> {
  return {
    ...(spec.session ? { authorization: `Bearer ${spec.session.token}` } : {}),
    ...(spec.body ? { 'content-type': 'application/json' } : {}),
    'user-agent': 'madoguchi-bench',
  };
}

/**
 * A request autocannon gave up on at the end of a run goes on in the database (the API does not
 * cancel a query when its client disconnects). Waits up to 5 s for such statements to finish, then
 * cancels the rest, so they do not weigh on the next run. Returns how many were cancelled.
 */
export async function drain(db: pg.Client): Promise<number> {
  const active = `FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
    AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${active}`);
    if (rows[0]!.n === 0) {
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { rowCount } = await db.query(`SELECT pg_cancel_backend(pid) ${active}`);
  return rowCount ?? 0;
}

export async function resetStatements(ctx: ScenarioContext): Promise<void> {
  if (ctx.statementsAvailable) {
    await ctx.db.query(`SELECT pg_stat_statements_reset()`);
  }
}

export async function topStatements(ctx: ScenarioContext): Promise<ScenarioResult['topStatements']> {
  if (!ctx.statementsAvailable) {
    return undefined;
  }
  const { rows } = await ctx.db.query<{
    query: string;
    calls: string;
    mean: number;
    max: number;
    total: number;
  }>(
    `SELECT query, calls, mean_exec_time AS mean, max_exec_time AS max, total_exec_time AS total
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%pg_stat_activity%'
     ORDER BY total_exec_time DESC LIMIT 6`,
  );
  return rows.map((row) => ({
    query: row.query.replace(/\s+/g, ' ').slice(0, 400),
    calls: Number(row.calls),
    meanMs: round(row.mean),
    // The slowest call: a stall (a lock wait, a GIN pending-list merge) shows here and not in the mean.
    maxMs: round(row.max),
    totalMs: Math.round(row.total),
  }));
}

async function explain(db: pg.Client, params: QueueParams): Promise<string> {
  const filter = queueFilterOf(params);
  if (!filter) {
    throw new Error(`cannot EXPLAIN the queue with the cursor ${params.cursor}: the API would refuse it`);
  }
  const statement = queueQuery(filter);
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, [
    ...statement.values,
  ]);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/* ----------------------------------------------------------------------------------- the specs */

/**
 * Live-preview bodies: every message of the triage corpus (both splits: the figures are speed, not accuracy) plus
 * a few descriptions at the 5,000-character cap, which must not block the event loop either.
 */
export function previewBodies(): () => string {
  const texts = [...loadCorpus('dev'), ...loadCorpus('heldout')].map((message) => message.text);
  const longest = texts.reduce((a, b) => (a.length >= b.length ? a : b), '');
  for (let i = 0; i < 5; i++) {
    texts.push(
      longest.repeat(Math.ceil(MAX_DESCRIPTION_LENGTH / longest.length)).slice(0, MAX_DESCRIPTION_LENGTH),
    );
  }
  const bodies = texts.map((description) => JSON.stringify({ description }));
  let next = 0;
  return () => bodies[next++ % bodies.length]!;
}

/** Varied public intakes (web form): different descriptions, scam numbers from the same pools. */
export function intakeBodies(config: FactoryConfig, count: number): () => string {
  const factory = new CaseFactory(config);
  const rng = new Rng(config.seed, 0x1a7a4e);
  const categories = Object.keys(CATEGORY_PHRASES) as (keyof typeof CATEGORY_PHRASES)[];
  const bodies = Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      factory.intakeInput({
        // Beyond the data set's indices, so one-off numbers never repeat a stored case's.
        index: config.cases + i,
        rng,
        channel: 'web',
        category: categories[Math.floor(rng.next() * categories.length)]!,
        staffEntered: false,
      }),
    ),
  );
  let next = 0;
  return () => bodies[next++ % bodies.length]!;
}

/**
 * Follows nextCursor until `rows` rows deep and returns that cursor. Walked 100 rows a request (the
 * cursor is the last row's sort key, so it is the same position a counselor reaches after
 * rows / 25 pages of the default size) to spare a slow queue a few hundred requests.
 */
export async function walkCursor(
  api: Server,
  session: BenchSession,
  rows: number,
): Promise<{ cursor: string | null; depthRows: number; requests: number; seconds: number }> {
  const started = performance.now();
  let cursor: string | null = null;
  let depthRows = 0;
  let requests = 0;
  while (depthRows < rows) {
    const limit = Math.min(100, rows - depthRows);
    const query = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response: Response = await fetch(`${api.baseUrl}/api/v1/cases?${query}`, {
      headers: { authorization: `Bearer ${session.token}`, 'user-agent': 'madoguchi-bench' },
    });
    requests++;
    if (!response.ok) {
      throw new Error(`GET /api/v1/cases?${query} answered ${response.status}: ${await response.text()}`);
    }
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    if (!body.nextCursor) {
      break;
    }
    cursor = body.nextCursor;
    depthRows += body.items.length;
  }
  return { cursor, depthRows, requests, seconds: (performance.now() - started) / 1000 };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
