// stats-month-cold and stats-month-warm: a supervisor's month of statistics as the first request after the
// API process (and the bench's embedded PostgreSQL: its shared buffers) restarted, several times, and then the
// same request again and again on the warmed processes. The restarts are the caller's (bench.ts owns the
// processes); the operating system's page cache is not dropped (that needs root and would weigh on everything
// else on the machine), so "cold" is PostgreSQL's and the API's caches, not the disk's.
import { percentile } from './open-loop';
import { MemorySampler, type Server } from './processes';
import type { ScenarioResult, Target } from './scenarios';
import type { BenchSession } from './staff';

export type Restarted = { api: Server; restartedDatabase: boolean };

type Answer = { ms: number; status: number; retryAfter: boolean };

async function timed(url: string, session: BenchSession): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${session.token}`, 'user-agent': 'madoguchi-bench' },
    signal: AbortSignal.timeout(60_000),
  });
  await response.arrayBuffer();
  return {
    ms: performance.now() - started,
    status: response.status,
    retryAfter: response.headers.get('retry-after') !== null,
  };
}

function summarize(
  base: Omit<ScenarioResult, 'requests' | 'throughputPerSec' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs'>,
  answers: Answer[],
  seconds: number,
): ScenarioResult {
  const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
  const errorDetail: Record<string, number> = {};
  let ok = 0;
  let status5xx = 0;
  let shed503 = 0;
  for (const answer of answers) {
    if (answer.status === 200) {
      ok++;
      continue;
    }
    if (answer.status === 503 && answer.retryAfter) {
      shed503++;
    } else if (answer.status >= 500) {
      status5xx++;
    }
    errorDetail[String(answer.status)] = (errorDetail[String(answer.status)] ?? 0) + 1;
  }
  return {
    ...base,
    requests: answers.length,
    throughputPerSec: seconds > 0 ? Math.round((ok / seconds) * 100) / 100 : 0,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    maxMs: percentile(latencies, 1),
    errors: answers.length - ok,
    errorDetail,
    status5xx,
    shed503,
  };
}

export async function runStatsColdAndWarm(args: {
  path: string;
  month: { from: string; to: string };
  session: BenchSession;
  /** Restarts (≥ 3). */
  runs: number;
  warmRequests: number;
  /** Stops the API (and PostgreSQL when the bench owns it), starts them again, returns the new API. */
  restart: () => Promise<Restarted>;
  targets: { coldP95Ms: number; warmP95Ms: number };
  log: (line: string) => void;
}): Promise<{ cold: ScenarioResult; warm: ScenarioResult; peakRssMb: number }> {
  const p95 =
    (limit: number) =>
    (r: ScenarioResult): Target => ({
      description: `p95 ≤ ${limit.toLocaleString('en-US')} ms`,
      met: r.errors === 0 && r.p95Ms <= limit,
    });
  let peakRssMb = 0;
  const coldAnswers: Answer[] = [];
  const coldRuns: NonNullable<ScenarioResult['coldRuns']> = [];
  let api: Server | undefined;
  let sampler: MemorySampler | undefined;
  let databaseRestarted = false;
  const coldStarted = performance.now();
  let coldRequestSeconds = 0;
  for (let run = 0; run < args.runs; run++) {
    sampler?.stop();
    peakRssMb = Math.max(peakRssMb, sampler?.peakMb ?? 0);
    const restarted = await args.restart();
    api = restarted.api;
    databaseRestarted = restarted.restartedDatabase;
    sampler = new MemorySampler(api.pid);
    sampler.start();
    const answer = await timed(`${api.baseUrl}${args.path}`, args.session);
    coldRequestSeconds += answer.ms / 1000;
    coldAnswers.push(answer);
    coldRuns.push({
      restartedDatabase: databaseRestarted,
      firstRequestMs: Math.round(answer.ms),
      status: answer.status,
    });
    args.log(
      `  stats-month-cold: run ${run + 1}/${args.runs}, first request ${Math.round(answer.ms)} ms (${answer.status})`,
    );
  }
  const coldRss = sampler?.window() ?? 0;
  const description = (what: string) =>
    `A supervisor's statistics for ${args.month.from} … ${args.month.to}, ${what}.`;
  const cold = summarize(
    {
      name: 'stats-month-cold',
      group: 'stats',
      description: description(
        `the first request after restarting the API process${databaseRestarted ? ' and PostgreSQL' : ''}, ${args.runs} times`,
      ),
      method: 'GET',
      path: args.path,
      connections: 1,
      durationSec: Math.round(((performance.now() - coldStarted) / 1000) * 100) / 100,
      errors: 0,
      errorDetail: {},
      coldRuns,
      apiPeakRssMb: coldRss,
      note:
        (databaseRestarted
          ? 'PostgreSQL (the bench\u2019s embedded server) and the API restarted before each request'
          : 'Only the API restarted before each request: PostgreSQL is BENCH_DATABASE_URL\u2019s, not the bench\u2019s to restart') +
        '; the operating system\u2019s page cache is not dropped. Throughput is requests over their own time.',
    },
    coldAnswers,
    coldRequestSeconds,
  );
  cold.target = p95(args.targets.coldP95Ms)(cold);

  // Warm: the same request on the processes the last cold run left, one after another (one supervisor).
  const warmAnswers: Answer[] = [];
  const warmStarted = performance.now();
  for (let i = 0; i < args.warmRequests; i++) {
    warmAnswers.push(await timed(`${api!.baseUrl}${args.path}`, args.session));
  }
  const warmSeconds = (performance.now() - warmStarted) / 1000;
  const warmStartRss = sampler?.windowStart();
  const warmRss = sampler?.window() ?? 0;
  sampler?.stop();
  peakRssMb = Math.max(peakRssMb, sampler?.peakMb ?? 0);
  const warm = summarize(
    {
      name: 'stats-month-warm',
      group: 'stats',
      description: description(`${args.warmRequests} requests one after another once the caches are warm`),
      method: 'GET',
      path: args.path,
      connections: 1,
      durationSec: Math.round(warmSeconds * 100) / 100,
      errors: 0,
      errorDetail: {},
      apiStartRssMb: warmStartRss,
      apiPeakRssMb: warmRss,
      note: 'One supervisor: each request is sent when the previous one was answered (a report is not a burst).',
    },
    warmAnswers,
    warmSeconds,
  );
  warm.target = p95(args.targets.warmP95Ms)(warm);
  for (const result of [cold, warm]) {
    args.log(
      `  ${result.name}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, ` +
        `errors ${result.errors} (5xx ${result.status5xx}), API RSS ≤ ${result.apiPeakRssMb} MB`,
    );
  }
  return { cold, warm, peakRssMb };
}
