// The followups-10k scenario: 10,000 follow-ups fall due at once and the followups.scan job (run by the
// API's own job worker, as in production) notifies them while counselors keep opening the queue. The
// queue is loaded open-loop (requests sent on a fixed schedule, latency counted from the scheduled send,
// so a stall shows in full instead of slowing the load down); its p95/p99 are reported before the job
// (the same load, for comparison) and while it runs, with the job's processing time.
import type pg from 'pg';
import { PgBoss } from 'pg-boss';
import { JOBS_SCHEMA } from '@madoguchi/db/job-queue';
import type { ScenarioContext, ScenarioResult } from './scenarios';
import type { BenchSession } from './staff';

export const FOLLOWUPS_SCENARIO = 'followups-10k';
const JOB = 'followups.scan';
const DUE_FOLLOW_UPS = 10_000;
/** The queue's request rate during the scenario: a busy desk's counselors paging and refreshing. */
const QUEUE_RATE_PER_SEC = 20;
const REQUEST_TIMEOUT_MS = 30_000;

type OpenLoopSample = { scheduledAt: number; latencyMs: number; ok: boolean; status: string };

/** Sends GET `url` every 1/rate s from now until stop() and records each latency from its scheduled time. */
function openLoop(url: string, headers: Record<string, string>, rate: number) {
  const samples: OpenLoopSample[] = [];
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  let sent = 0;
  let stopped = false;
  const fire = (scheduledAt: number) => {
    const request = (async () => {
      let ok = false;
      let status = 'socket';
      try {
        const response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await response.arrayBuffer();
        ok = response.status === 200;
        status = String(response.status);
      } catch (error) {
        status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'socket';
      }
      samples.push({ scheduledAt, latencyMs: performance.now() - scheduledAt, ok, status });
    })();
    pending.add(request);
    void request.finally(() => pending.delete(request));
  };
  const tick = () => {
    if (stopped) {
      return;
    }
    // Every request whose time has come is sent now, on time or late (the latency counts the delay).
    const now = performance.now();
    while (started + (sent * 1000) / rate <= now) {
      fire(started + (sent * 1000) / rate);
      sent++;
    }
    setTimeout(tick, Math.max(1, started + (sent * 1000) / rate - performance.now()));
  };
  tick();
  return {
    samples,
    async stop(): Promise<void> {
      stopped = true;
      await Promise.all(pending);
    },
  };
}

function percentiles(samples: readonly OpenLoopSample[]) {
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length === 0
      ? 0
      : round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!);
  const errorDetail: Record<string, number> = {};
  for (const sample of samples) {
    if (!sample.ok) {
      errorDetail[sample.status] = (errorDetail[sample.status] ?? 0) + 1;
    }
  }
  return {
    requests: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    errorDetail,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: latencies.length === 0 ? 0 : round(latencies.at(-1)!),
  };
}

/**
 * Makes DUE_FOLLOW_UPS open cases' follow-ups due a few minutes to hours ago (distinct times per run, so
 * the once-only keys of an earlier run do not turn this run's notifications into no-ops), keeping their
 * previous dates in a temporary table for restoreFollowUps.
 */
async function seedDueFollowUps(db: pg.Client, now: Date): Promise<number> {
  await db.query(`DROP TABLE IF EXISTS bench_followups_saved`);
  await db.query(
    `CREATE TEMP TABLE bench_followups_saved AS
     SELECT c.id, c.follow_up_at FROM cases c
     WHERE c.status <> 'closed'::"CaseStatus"
       -- Not a case an open referral's older follow-up date already stands for (its next follow-up is that one).
       AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id
                       AND r.status IN ('sent', 'acknowledged') AND r.follow_up_due_at IS NOT NULL)
     ORDER BY c.id LIMIT $1`,
    [DUE_FOLLOW_UPS],
  );
  // The API's own jobs update cases too (the response scan, earlier scenarios' follow-ups): a deadlock with one of
  // them aborts this single statement, which is then simply run again.
  const { rowCount } = await retryOnDeadlock(() =>
    db.query(
      `UPDATE cases c SET follow_up_at = $1::timestamptz - (s.n % 600 + 1) * interval '1 minute' - (s.n / 600) * interval '1 millisecond'
       FROM (SELECT id, row_number() OVER (ORDER BY id)::int AS n FROM bench_followups_saved) s
       WHERE c.id = s.id`,
      [now],
    ),
  );
  await db.query(`ANALYZE cases`);
  return rowCount ?? 0;
}

const DEADLOCK = '40P01';

async function retryOnDeadlock<T>(statement: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= attempts) {
        throw error;
      }
    }
  }
}

async function restoreFollowUps(db: pg.Client, since: Date): Promise<void> {
  await retryOnDeadlock(() =>
    db.query(
      `UPDATE cases c SET follow_up_at = s.follow_up_at FROM bench_followups_saved s WHERE c.id = s.id`,
    ),
  );
  await db.query(`DROP TABLE bench_followups_saved`);
  // The notifications (and their outbox mails) this run made: the data set stays as generated.
  await db.query(
    `DELETE FROM notifications WHERE kind = 'followup.due'::"NotificationKind" AND created_at >= $1`,
    [since],
  );
}

export async function runFollowupsScenario(
  ctx: ScenarioContext,
  databaseUrl: string,
  session: BenchSession,
): Promise<ScenarioResult> {
  const path = '/api/v1/cases?limit=25';
  const base: ScenarioResult = {
    name: FOLLOWUPS_SCENARIO,
    group: FOLLOWUPS_SCENARIO,
    description:
      `${DUE_FOLLOW_UPS.toLocaleString('en-US')} follow-ups fall due; the API's worker runs followups.scan ` +
      `(batched reads, one keyed notification each) while the queue is loaded open-loop at ${QUEUE_RATE_PER_SEC} req/s.`,
    method: 'GET',
    path,
    connections: 0,
    durationSec: 0,
    requests: 0,
    throughputPerSec: 0,
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    errors: 0,
    errorDetail: {},
  };
  const startedAt = new Date();
  const seeded = await seedDueFollowUps(ctx.db, startedAt);
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: JOBS_SCHEMA,
    application_name: 'madoguchi-bench',
    max: 1,
    migrate: false,
    createSchema: false,
    schedule: false,
    supervise: false,
    registerInstance: false,
    reindex: false,
    monitorVacuum: false,
  });
  boss.on('error', () => undefined);
  const headers = { authorization: `Bearer ${session.token}`, 'user-agent': 'madoguchi-bench' };
  const url = `${ctx.api.baseUrl}${path}`;
  try {
    await boss.start();
    // Warm-up, then the same load without the job, for comparison.
    ctx.log(`  ${FOLLOWUPS_SCENARIO}: ${seeded} due follow-ups; queue alone for ${ctx.durationSec} s…`);
    const warm = openLoop(url, headers, QUEUE_RATE_PER_SEC);
    await sleep(2000);
    await warm.stop();
    const before = openLoop(url, headers, QUEUE_RATE_PER_SEC);
    await sleep(ctx.durationSec * 1000);
    await before.stop();
    const idle = percentiles(before.samples);

    ctx.log(`  ${FOLLOWUPS_SCENARIO}: followups.scan with the queue loaded…`);
    ctx.apiRssWindow();
    const load = openLoop(url, headers, QUEUE_RATE_PER_SEC);
    const sentAt = performance.now();
    const id = await boss.send(JOB, {});
    if (!id) {
      throw new Error(`${JOB} was not queued`);
    }
    let job: Awaited<ReturnType<typeof boss.getJobById>> = null;
    const deadline = Date.now() + Math.max(600_000, ctx.durationSec * 1000);
    for (;;) {
      job = await boss.getJobById(JOB, id);
      if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) {
        break;
      }
      if (Date.now() > deadline) {
        break;
      }
      await sleep(100);
    }
    const doneAt = performance.now();
    // The job's own start and end (pg-boss records them): the request samples scheduled in between.
    const startedOn = job?.startedOn ? new Date(job.startedOn).getTime() : undefined;
    const completedOn = job?.completedOn ? new Date(job.completedOn).getTime() : undefined;
    // Keep loading a little past the end, so a request queued behind the job's last batch is counted.
    await sleep(500);
    await load.stop();
    const offset = Date.now() - performance.now();
    const during = load.samples.filter((s) => {
      const wall = s.scheduledAt + offset;
      return (
        (startedOn === undefined || wall >= startedOn) && (completedOn === undefined || wall <= completedOn)
      );
    });
    const measured = percentiles(during.length > 0 ? during : load.samples);
    // Notifications made, and the seeded cases that got at least one (the assignee, or the supervisors).
    const { rows } = await ctx.db.query<{ n: number; cases: number }>(
      `SELECT count(*)::int AS n,
              (count(DISTINCT n.case_id) FILTER (WHERE n.case_id IN (SELECT id FROM bench_followups_saved)))::int AS cases
       FROM notifications n WHERE n.kind = 'followup.due'::"NotificationKind" AND n.created_at >= $1`,
      [startedAt],
    );
    const processingMs =
      startedOn !== undefined && completedOn !== undefined
        ? completedOn - startedOn
        : Math.round(doneAt - sentAt);
    const windowSec = Math.max(0.001, processingMs / 1000);
    const result: ScenarioResult = {
      ...base,
      durationSec: round(windowSec),
      requests: measured.requests,
      throughputPerSec: round((measured.requests - measured.errors) / windowSec),
      p50Ms: measured.p50Ms,
      p95Ms: measured.p95Ms,
      p99Ms: measured.p99Ms,
      maxMs: measured.maxMs,
      errors: measured.errors + (job?.state === 'completed' ? 0 : 1),
      errorDetail: { ...measured.errorDetail, ...(job?.state === 'completed' ? {} : { job: 1 }) },
      apiStartRssMb: ctx.apiRssWindowStart(),
      apiPeakRssMb: ctx.apiRssWindow(),
      followups: {
        due: seeded,
        notificationsCreated: rows[0]!.n,
        casesNotified: rows[0]!.cases,
        jobState: job?.state ?? 'not found',
        processingMs: Math.round(processingMs),
        fromSendMs: Math.round(doneAt - sentAt),
        queueBefore: { requests: idle.requests, errors: idle.errors, p95Ms: idle.p95Ms, p99Ms: idle.p99Ms },
      },
      note:
        `Open loop at ${QUEUE_RATE_PER_SEC} req/s, latency from each request's scheduled send. The percentiles are ` +
        `those of the requests scheduled while the job ran; the queue alone (${ctx.durationSec} s before): ` +
        `p95 ${idle.p95Ms} ms, p99 ${idle.p99Ms} ms. Processing time: pg-boss's started → completed ` +
        `(${Math.round(doneAt - sentAt)} ms from send, polling included).`,
    };
    result.target = {
      description: `every one of the ${seeded.toLocaleString('en-US')} due cases notified, queue p95 ≤ 100 ms while the job runs`,
      met: job?.state === 'completed' && rows[0]!.cases >= seeded && result.p95Ms <= 100,
    };
    ctx.log(
      `  ${FOLLOWUPS_SCENARIO}: job ${job?.state ?? 'not found'} in ${Math.round(processingMs)} ms, ` +
        `${rows[0]!.n} notifications for ${rows[0]!.cases} of ${seeded} cases; queue while it ran p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms ` +
        `(alone: p95 ${idle.p95Ms} ms, p99 ${idle.p99Ms} ms)`,
    );
    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log(`  ${FOLLOWUPS_SCENARIO}: FAILED (${reason})`);
    return { ...base, failed: reason, target: { description: 'job completed', met: false } };
  } finally {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await restoreFollowUps(ctx.db, startedAt);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
