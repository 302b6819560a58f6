// One bounded load run with autocannon against 127.0.0.1: a fixed number of connections, a time
// limit and a request cap, whichever ends first. Latencies are recorded per response, so p95 is
// exact (autocannon's own histogram reports p90 and p97.5 but not p95).
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';

export type LoadRequest = {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fresh body per request (varied intakes); omitted for GET. */
  body?: () => string;
  connections: number;
  durationSec: number;
  maxRequests: number;
  expectStatus: number;
};

/** One run's raw outcome; several runs of one side are merged by `summarize`. */
export type LoadSample = {
  latencies: number[];
  ok: number;
  errorDetail: Record<string, number>;
  durationSec: number;
  /** Requests without an answer when the run ended (their wait so far is in `latencies`). */
  unfinished: number;
  /** 5xx other than a 503 with Retry-After. */
  status5xx: number;
  /** 503 with Retry-After (shed load). */
  shed503: number;
};

export type LoadResult = {
  requests: number;
  ok: number;
  errors: number;
  /** Status code → count, for the non-expected ones, plus socket errors and timeouts. */
  errorDetail: Record<string, number>;
  durationSec: number;
  throughputPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests still waiting when the runs ended. */
  unfinished: number;
  status5xx: number;
  shed503: number;
};

export function runLoad(request: LoadRequest): Promise<LoadSample> {
  const latencies: number[] = [];
  const errorDetail: Record<string, number> = {};
  let ok = 0;
  let status5xx = 0;
  let shed503 = 0;
  // Sees the headers (the 'response' event does not): a 503 with Retry-After is shed load, not a failure.
  const onResponse = (status: number, _body: string, _context: object, headers?: IncomingHttpHeaders) => {
    // autocannon passes the raw header names, as the server spelled them.
    if (status === 503 && Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'retry-after')) {
      shed503++;
    } else if (status >= 500) {
      status5xx++;
    }
  };
  const started = performance.now();
  /** When each connection last got a response: its request in flight at the end was sent then. */
  const lastResponse = new Map<unknown, number>();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        method: request.method,
        connections: request.connections,
        duration: request.durationSec,
        maxOverallRequests: Math.max(request.maxRequests, request.connections),
        timeout: 30,
        headers: {
          ...(request.body ? { 'content-type': 'application/json' } : {}),
          ...request.headers,
        },
        requests: [
          request.body
            ? {
                method: request.method,
                setupRequest: (req) => ({ ...req, body: request.body!() }),
                onResponse,
              }
            : { method: request.method, onResponse },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (result.errors - result.timeouts > 0) {
          errorDetail.socket = result.errors - result.timeouts;
        }
        if (result.timeouts > 0) {
          errorDetail.timeout = result.timeouts;
        }
        // The requests still in flight when the run ended (one per connection, normally) count with
        // the time they had waited so far, a lower bound: otherwise a server too slow to answer even
        // once in the run would report no latency at all. A fast server's adds a few short samples.
        const ended = performance.now();
        const unfinished = Math.max(0, result.requests.sent - latencies.length - result.errors);
        const waited = Array.from({ length: request.connections }, (_, i) => {
          const last = [...lastResponse.values()][i];
          return ended - (last ?? started);
        }).sort((a, b) => b - a);
        for (let i = 0; i < Math.min(unfinished, waited.length); i++) {
          latencies.push(waited[i]!);
        }
        resolve({
          latencies,
          ok,
          errorDetail,
          durationSec: result.duration,
          unfinished,
          status5xx,
          shed503,
        });
      },
    );
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      lastResponse.set(client, performance.now());
      latencies.push(responseTime);
      if (statusCode === request.expectStatus) {
        ok++;
      } else {
        errorDetail[String(statusCode)] = (errorDetail[String(statusCode)] ?? 0) + 1;
      }
    });
  });
}

/** Throughput over the summed durations, exact percentiles over every response of the runs. */
export function summarize(samples: readonly LoadSample[]): LoadResult {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const errorDetail: Record<string, number> = {};
  for (const sample of samples) {
    for (const [key, count] of Object.entries(sample.errorDetail)) {
      errorDetail[key] = (errorDetail[key] ?? 0) + count;
    }
  }
  const ok = samples.reduce((sum, s) => sum + s.ok, 0);
  const durationSec = samples.reduce((sum, s) => sum + s.durationSec, 0);
  const at = (q: number) =>
    latencies.length === 0
      ? 0
      : round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!);
  return {
    requests: latencies.length,
    ok,
    errors: Object.values(errorDetail).reduce((a, b) => a + b, 0),
    errorDetail,
    durationSec: round(durationSec),
    throughputPerSec: durationSec > 0 ? round(ok / durationSec) : 0,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: latencies.length === 0 ? 0 : round(latencies.at(-1)!),
    unfinished: samples.reduce((sum, s) => sum + s.unfinished, 0),
    status5xx: samples.reduce((sum, s) => sum + s.status5xx, 0),
    shed503: samples.reduce((sum, s) => sum + s.shed503, 0),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
