// Open-loop load: requests leave on a fixed schedule (request i at start + i / rate) whether or not the
// earlier ones were answered, the way people arrive. Latency runs from the SCHEDULED send time, so a
// server that falls behind shows its queue in the percentiles (a closed loop such as autocannon only
// sends when a connection is free, and so hides the knee: "coordinated omission").
//
// In flight is bounded (the client's own sockets and memory); a request whose time comes while the bound
// is reached is not sent and counted as `notSent`, an error: never silently dropped.
import http from 'node:http';

/** The time source and the wait, injected so the accounting is tested without sleeping. */
export type Clock = {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves at (or after) `at`; an aborted wait resolves at once. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
};

export const realClock: Clock = {
  now: () => performance.now(),
  sleepUntil: (at, signal) =>
    new Promise<void>((resolve) => {
      const delay = at - performance.now();
      if (signal?.aborted) {
        resolve();
        return;
      }
      if (delay <= 0) {
        // Behind schedule: send at once, but let answers that arrived meanwhile be timed first.
        setImmediate(resolve);
        return;
      }
      const timer = setTimeout(resolve, delay);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    }),
};

/** What came back: a status (and whether a 503 carried Retry-After), or a transport failure. */
export type Outcome = { status: number; retryAfter: boolean } | { failure: 'socket' | 'timeout' };

export type OpenLoopOptions = {
  ratePerSec: number;
  durationSec: number;
  /** Requests allowed in flight at once; a request due beyond it is counted in `notSent`. */
  maxInFlight: number;
  /** After the last scheduled send, how long to wait for answers before counting the rest unfinished. */
  graceMs: number;
  /** Sends request number `index` (0-based). */
  send: (index: number) => Promise<Outcome>;
  /** Statuses that count as success (e.g. 201 for an intake). */
  expectStatus: readonly number[];
  clock?: Clock;
};

export type OpenLoopResult = {
  ratePerSec: number;
  durationSec: number;
  /** Requests the schedule called for (= sent + notSent). */
  scheduled: number;
  sent: number;
  /** Due while `maxInFlight` requests were outstanding: never sent, counted as errors. */
  notSent: number;
  ok: number;
  /** Everything but `ok`: other statuses, shed 503s, transport failures, notSent, unfinished. */
  errors: number;
  /** 5xx other than a 503 with Retry-After. */
  status5xx: number;
  /** 503 with Retry-After: the API shedding load as designed. */
  shed503: number;
  /** Unexpected statuses and failures by kind. */
  errorDetail: Record<string, number>;
  /** Requests still unanswered after the grace period (their wait so far is in the percentiles). */
  unfinished: number;
  /** Milliseconds from scheduled send to answer, every answered (and unfinished) request, sorted. */
  latencies: number[];
  throughputPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late the client itself sent (its own lag), at the 99th percentile. */
  sendLagP99Ms: number;
};

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const clock = options.clock ?? realClock;
  const interval = 1000 / options.ratePerSec;
  const total = Math.max(1, Math.floor(options.ratePerSec * options.durationSec));
  const start = clock.now();
  const latencies: number[] = [];
  const lags: number[] = [];
  const errorDetail: Record<string, number> = {};
  const count = (key: string) => {
    errorDetail[key] = (errorDetail[key] ?? 0) + 1;
  };
  let ok = 0;
  let status5xx = 0;
  let shed503 = 0;
  let notSent = 0;
  /** Scheduled send time of each request still in flight. */
  const inFlight = new Map<number, number>();
  const settled: Promise<void>[] = [];

  for (let index = 0; index < total; index++) {
    const scheduledAt = start + index * interval;
    await clock.sleepUntil(scheduledAt);
    if (inFlight.size >= options.maxInFlight) {
      notSent++;
      continue;
    }
    inFlight.set(index, scheduledAt);
    lags.push(clock.now() - scheduledAt);
    const record = (outcome: Outcome) => {
      if (!inFlight.delete(index)) {
        return; // already counted as unfinished
      }
      latencies.push(clock.now() - scheduledAt);
      if ('failure' in outcome) {
        count(outcome.failure);
      } else if (options.expectStatus.includes(outcome.status)) {
        ok++;
      } else if (outcome.status === 503 && outcome.retryAfter) {
        shed503++;
      } else {
        if (outcome.status >= 500) {
          status5xx++;
        }
        count(String(outcome.status));
      }
    };
    settled.push(
      options.send(index).then(record, () => {
        record({ failure: 'socket' });
      }),
    );
  }

  const lastSend = start + (total - 1) * interval;
  const graceOver = new AbortController();
  await Promise.race([
    Promise.all(settled).then(() => graceOver.abort()),
    clock.sleepUntil(lastSend + options.graceMs, graceOver.signal),
  ]);
  graceOver.abort();
  const ended = clock.now();
  const unfinished = inFlight.size;
  for (const scheduledAt of inFlight.values()) {
    latencies.push(ended - scheduledAt);
  }
  inFlight.clear();
  if (notSent > 0) {
    errorDetail.notSent = notSent;
  }
  if (shed503 > 0) {
    errorDetail['503-retry-after'] = shed503;
  }
  if (unfinished > 0) {
    errorDetail.unfinished = unfinished;
  }
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const durationSec = (total * interval) / 1000;
  return {
    ratePerSec: options.ratePerSec,
    durationSec: round(durationSec),
    scheduled: total,
    sent: total - notSent,
    notSent,
    ok,
    errors: total - ok,
    status5xx,
    shed503,
    errorDetail,
    unfinished,
    latencies,
    throughputPerSec: round(ok / durationSec),
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.length === 0 ? 0 : round(latencies.at(-1)!),
    sendLagP99Ms: percentile(lags, 0.99),
  };
}

/** Nearest-rank percentile of sorted values (0 for none). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/* ----------------------------------------------------------------------- the HTTP sender */

export type HttpTarget = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Request `index`'s path (with query) and body; the target's URL gives the origin. */
  request: (index: number) => { path: string; body?: string; headers?: Record<string, string> };
  timeoutMs: number;
};

/**
 * A sender over node:http with keep-alive sockets (as many as requests in flight, so a slow answer never
 * holds back the schedule behind it). Reads the whole answer before resolving.
 */
export function httpSender(
  target: HttpTarget,
  maxSockets: number,
): {
  send: (index: number) => Promise<Outcome>;
  close: () => void;
} {
  const origin = new URL(target.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const send = (index: number) =>
    new Promise<Outcome>((resolve) => {
      const { path, body, headers } = target.request(index);
      const request = http.request(
        {
          host: origin.hostname,
          port: origin.port,
          method: target.method,
          path,
          agent,
          headers: {
            ...target.headers,
            ...headers,
            ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
          },
        },
        (response) => {
          response.resume();
          response.once('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              retryAfter: response.headers['retry-after'] !== undefined,
            }),
          );
          response.once('error', () => resolve({ failure: 'socket' }));
        },
      );
      request.setTimeout(target.timeoutMs, () => {
        request.destroy();
        resolve({ failure: 'timeout' });
      });
      request.once('error', () => resolve({ failure: 'socket' }));
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
}
