// The scenarios driven open loop (open-loop.ts): the intake at 80 % and 200 % of the capacity the closed-loop
// `intake` measured, and the dashboard's real requests (open statuses + counts, deep pages, a 20-term search
// mix with its filters) at a fixed arrival rate. Statistics cold and warm, which restart the processes, are
// in stats-cold.ts.
import { CASE_STATUSES } from '@madoguchi/shared';
import { httpSender, runOpenLoop, type OpenLoopResult } from './open-loop';
import type { ScenarioGroup } from './options';
import {
  apiErrorFor,
  drain,
  resetStatements,
  topStatements,
  type ScenarioContext,
  type ScenarioResult,
  type Target,
} from './scenarios';
import type { BenchSession } from './staff';

export type OpenScenarioSpec = {
  name: string;
  group: ScenarioGroup;
  description: string;
  method: 'GET' | 'POST';
  /** As the report shows it. */
  path: string;
  /** Request `index`'s path (with its query) and body. */
  request: (index: number) => { path: string; body?: string; headers?: Record<string, string> };
  session?: BenchSession;
  expectStatus: readonly number[];
  ratePerSec: number;
  durationSec: number;
  maxInFlight: number;
  target: (result: ScenarioResult) => Target;
  note?: string;
  /** The first answer's body must match this (e.g. the page a signed-in person sees, not the sign-in form). */
  expectBody?: RegExp;
  /** Other load started with the measured run and awaited after it; what it returns is added to the note. */
  during?: () => Promise<string>;
};

/** Answers awaited this long after the last scheduled send; a request's own timeout is 30 s. */
const GRACE_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** In flight at most: the arrivals of a few seconds (the API queues an intake ≤ 2 s), never above 512 sockets. */
export function inFlightBound(ratePerSec: number): number {
  return Math.min(512, Math.max(32, Math.ceil(ratePerSec * 4)));
}

export async function runOpenScenario(spec: OpenScenarioSpec, ctx: ScenarioContext): Promise<ScenarioResult> {
  const base: ScenarioResult = {
    name: spec.name,
    group: spec.group,
    description: spec.description,
    method: spec.method,
    path: spec.path,
    connections: spec.maxInFlight,
    durationSec: spec.durationSec,
    requests: 0,
    throughputPerSec: 0,
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    errors: 0,
    errorDetail: {},
    status5xx: 0,
    shed503: 0,
    note: spec.note,
  };
  const headers: Record<string, string> = {
    ...(spec.session ? { authorization: `Bearer ${spec.session.token}` } : {}),
    ...(spec.method === 'POST' ? { 'content-type': 'application/json' } : {}),
    'user-agent': 'madoguchi-bench',
  };
  const first = spec.request(0);
  const probe = await fetch(`${ctx.api.baseUrl}${first.path}`, {
    method: spec.method,
    headers: { ...headers, ...first.headers },
    body: first.body,
  });
  const probeText = await probe.text();
  if (!spec.expectStatus.includes(probe.status)) {
    const route = first.path.split('?')[0]!;
    if (probe.status === 404) {
      const reason = `${spec.method} ${route} answered 404: the route is not in this API build`;
      ctx.log(`  ${spec.name}: skipped (${reason})`);
      return { ...base, skipped: reason };
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged = apiErrorFor(ctx.api.output(), route);
    const reason =
      `the first request answered ${probe.status} instead of ${spec.expectStatus.join('/')}: ${probeText.slice(0, 300)}` +
      (logged ? ` — API log: ${logged}` : '');
    ctx.log(`  ${spec.name}: FAILED (${reason})`);
    return { ...base, failed: reason, target: spec.target({ ...base, p95Ms: Infinity, errors: 1 }) };
  }
  if (spec.expectBody && !spec.expectBody.test(probeText)) {
    const reason = `the first answer (${probe.status}) does not contain ${String(spec.expectBody)}: ${probeText.slice(0, 200)}`;
    ctx.log(`  ${spec.name}: FAILED (${reason})`);
    return { ...base, failed: reason, target: spec.target({ ...base, p95Ms: Infinity, errors: 1 }) };
  }

  ctx.log(
    `  ${spec.name}: open loop, ${spec.ratePerSec} req/s for ${spec.durationSec} s (≤ ${spec.maxInFlight} in flight)…`,
  );
  const sender = httpSender(
    {
      url: ctx.api.baseUrl,
      method: spec.method,
      headers,
      request: spec.request,
      timeoutMs: REQUEST_TIMEOUT_MS,
    },
    spec.maxInFlight,
  );
  await resetStatements(ctx);
  ctx.apiRssWindow();
  let run: OpenLoopResult;
  const background = spec.during?.();
  try {
    run = await runOpenLoop({
      ratePerSec: spec.ratePerSec,
      durationSec: spec.durationSec,
      maxInFlight: spec.maxInFlight,
      graceMs: GRACE_MS,
      send: sender.send,
      expectStatus: spec.expectStatus,
    });
  } finally {
    sender.close();
  }
  const duringNote = background ? await background : undefined;
  const apiStartRssMb = ctx.apiRssWindowStart();
  const apiPeakRssMb = ctx.apiRssWindow();
  const statements = await topStatements(ctx);
  const cancelled = await drain(ctx.db);
  const result: ScenarioResult = {
    ...base,
    durationSec: run.durationSec,
    requests: run.sent,
    throughputPerSec: run.throughputPerSec,
    p50Ms: run.p50Ms,
    p95Ms: run.p95Ms,
    p99Ms: run.p99Ms,
    maxMs: run.maxMs,
    errors: run.errors,
    errorDetail: run.errorDetail,
    status5xx: run.status5xx,
    shed503: run.shed503,
    unfinished: run.unfinished,
    cancelledAfterRuns: cancelled,
    openLoop: {
      ratePerSec: run.ratePerSec,
      scheduled: run.scheduled,
      sent: run.sent,
      notSent: run.notSent,
      maxInFlight: spec.maxInFlight,
      sendLagP99Ms: run.sendLagP99Ms,
    },
    topStatements: statements,
    apiStartRssMb,
    apiPeakRssMb,
    note: [spec.note, duringNote].filter(Boolean).join(' ') || undefined,
  };
  result.target = spec.target(result);
  ctx.log(
    `  ${spec.name}: ${run.sent}/${run.scheduled} sent, ${run.throughputPerSec} ok/s, p50 ${run.p50Ms} ms, ` +
      `p95 ${run.p95Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors} (5xx ${run.status5xx}, shed 503 ${run.shed503}, ` +
      `not sent ${run.notSent}), client lag p99 ${run.sendLagP99Ms} ms, API RSS ${apiStartRssMb} → ≤ ${apiPeakRssMb} MB`,
  );
  return result;
}

/* ------------------------------------------------------------------ the dashboard's requests */

/** The statuses the dashboard's queue shows by default (apps/web/modules/cases/queue-query.ts: OPEN_STATUSES). */
export const OPEN_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');
/** QUEUE_PAGE_SIZE of the web. */
export const DASHBOARD_PAGE_SIZE = 25;

/**
 * GET /cases exactly as apps/web's cases page sends it with no filters chosen: toCaseQuery() gives every open
 * status, the page size and `counts: 'true'` (plus the cursor on later pages), and the API client's
 * toQueryString() repeats a key per list item, in that order.
 */
export function dashboardQueuePath(cursor?: string): string {
  const params = new URLSearchParams();
  for (const status of OPEN_STATUSES) {
    params.append('status', status);
  }
  if (cursor) {
    params.append('cursor', cursor);
  }
  params.append('limit', String(DASHBOARD_PAGE_SIZE));
  params.append('counts', 'true');
  return `/api/v1/cases?${params.toString()}`;
}

/** Presets of the web (PRESET_VIEWS) that add a filter to the open statuses; most searches use none. */
const SEARCH_PRESETS: Record<string, unknown>[] = [
  { priority: ['emergency', 'high'] },
  { assignee: 'unassigned' },
  { assignee: 'me' },
  { followUpOverdue: 'true' },
];

/**
 * POST /cases/search as the cases page sends it: the page's query (open statuses, limit, counts: 'true') and
 * `q`; every fourth search also carries one of the presets.
 */
export function searchMixBody(terms: readonly string[], index: number): string {
  const q = terms[index % terms.length]!;
  const preset = index % 4 === 3 ? SEARCH_PRESETS[Math.floor(index / 4) % SEARCH_PRESETS.length]! : {};
  return JSON.stringify({
    status: OPEN_STATUSES,
    ...preset,
    limit: DASHBOARD_PAGE_SIZE,
    counts: 'true',
    q,
  });
}

/** The phone number's middle group as people search for it: 050-8765-4321 → 8765. */
export function phoneFragment(digits: string): string {
  const prefix = digits.startsWith('0120') ? 4 : digits.startsWith('03') ? 2 : 3;
  return digits.slice(prefix, prefix + 4);
}

/**
 * Twenty terms counselors type: one- and two-character words (which match most of the table), longer words
 * from the descriptions, fragments and a whole scam number, and names of scam operators from the data set.
 */
export function searchMixTerms(pools: { phones: string[]; names: string[] }): string[] {
  const name = (i: number) => pools.names[i % pools.names.length]!;
  const phone = (i: number) => pools.phones[i % pools.phones.length]!;
  const terms = [
    '金',
    '円',
    '詐欺',
    '請求',
    '投資',
    '副業',
    '電話',
    '還付金',
    'ロマンス',
    '当選',
    '未払い',
    'サポート',
    phoneFragment(phone(0)),
    phoneFragment(phone(1)),
    phoneFragment(phone(7)),
    phone(2),
    '050',
    name(0),
    name(1),
    name(2).replace(/^カ\)/, '').slice(0, 3),
  ];
  return terms;
}

/**
 * Follows nextCursor through the dashboard's queue (open statuses), 100 rows a request, and returns the
 * cursors of the second half of the walk: the deep pages the scenario then asks for in turn.
 */
export async function walkDashboardQueue(args: {
  baseUrl: string;
  session: BenchSession;
  rows: number;
}): Promise<{ cursors: string[]; depthRows: number; requests: number; seconds: number }> {
  const started = performance.now();
  const cursors: string[] = [];
  let cursor: string | undefined;
  let depthRows = 0;
  let requests = 0;
  while (depthRows < args.rows) {
    const path = dashboardQueuePath(cursor).replace(/limit=\d+&counts=true$/, 'limit=100');
    const response = await fetch(`${args.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${args.session.token}`, 'user-agent': 'madoguchi-bench' },
    });
    requests++;
    if (!response.ok) {
      throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    depthRows += body.items.length;
    if (!body.nextCursor) {
      break;
    }
    cursor = body.nextCursor;
    if (depthRows >= args.rows / 2) {
      cursors.push(cursor);
    }
  }
  return { cursors, depthRows, requests, seconds: (performance.now() - started) / 1000 };
}

/* ----------------------------------------------------------------------------- the login flood */

/** Addresses of the flood: 198.18.0.0/15 is set aside for benchmarks (RFC 2544), never a real client. */
export function floodAddress(index: number, addresses: number): string {
  const a = index % addresses;
  return `198.18.${Math.floor(a / 250)}.${(a % 250) + 1}`;
}

/**
 * Sign-in attempts at `ratePerSec` from `addresses` client addresses (X-Forwarded-For through the API's trusted
 * proxy, TRUST_PROXY=127.0.0.1), open loop, for e-mail addresses no account has: the API does the same argon2id
 * work for them as for a wrong password, and the data set's accounts get no back-off or lock from the bench.
 * Resolves to a sentence on what the API answered.
 */
export async function loginFlood(args: {
  baseUrl: string;
  ratePerSec: number;
  durationSec: number;
  addresses: number;
}): Promise<string> {
  const maxInFlight = inFlightBound(args.ratePerSec);
  const sender = httpSender(
    {
      url: args.baseUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'madoguchi-bench' },
      request: (index) => ({
        path: '/api/v1/auth/login',
        headers: { 'x-forwarded-for': floodAddress(index, args.addresses) },
        body: JSON.stringify({
          email: `nobody-${index % 5000}@bench.madoguchi.invalid`,
          password: `wrong password ${index}`,
        }),
      }),
      timeoutMs: REQUEST_TIMEOUT_MS,
    },
    maxInFlight,
  );
  try {
    const run = await runOpenLoop({
      ratePerSec: args.ratePerSec,
      durationSec: args.durationSec,
      maxInFlight,
      graceMs: GRACE_MS,
      send: sender.send,
      expectStatus: [200],
    });
    const answers = Object.entries(run.errorDetail)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    return (
      `Meanwhile ${run.scheduled} sign-in attempts (${args.ratePerSec}/s, open loop, unknown e-mails, from ` +
      `${args.addresses.toLocaleString('en-US')} addresses via X-Forwarded-For): ${run.sent} sent, answered ` +
      `${answers || 'all 200'}; 5xx other than a shed 503: ${run.status5xx}; their p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms.`
    );
  } finally {
    sender.close();
  }
}
