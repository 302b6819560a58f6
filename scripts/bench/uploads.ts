// The upload-16x5mb scenario: 16 evidence uploads in flight at once, each one 5 MB PDF, streamed by the client
// from one shared Buffer to POST /api/v1/cases/:id/evidence as a counselor. Closed loop: each of the 16
// senders starts its next upload when its last one is answered, so 16 are always streaming; latency is from
// the first byte sent to the end of the reply. What it proves: the API streams (inspector → filesystem store)
// instead of buffering files, so its peak RSS stays within the memory target while 80 MB are on the wire.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { ScenarioContext, ScenarioResult } from './scenarios';
import { summarize, type LoadSample } from './load';
import { multipartEnvelope, paddedPdf, type MultipartEnvelope } from './multipart';
import type { BenchSession } from './staff';

export const UPLOAD_SCENARIO = 'upload-16x5mb';
const CONCURRENCY = 16;
/** 5 MB as the API counts its limits (EVIDENCE_MAX_FILE_BYTES: 10 MB = 10 × 1,048,576 bytes). */
const FILE_BYTES = 5 * 1024 * 1024;
const MB = 1024 * 1024;
/**
 * Uploads per measured run at most (besides the time limit): 480 × 5 MB = 2.4 GB written to the bench's
 * evidence directory, removed when the scenario ends.
 */
const MAX_UPLOADS = 480;
const UPLOAD_TIMEOUT_MS = 60_000;
/** Intakes sent at once while the cases are made (each pays an argon2id hash in the API). */
const INTAKE_CONCURRENCY = 4;

type Outcome = { status: string; ok: boolean; latencyMs: number };

/** One upload over `agent`: head, the shared file Buffer (not copied), tail. */
function sendUpload(args: {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  envelope: MultipartEnvelope;
  file: Buffer;
}): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: string) => {
      if (!done) {
        done = true;
        resolve({ status, ok: status === '201', latencyMs: performance.now() - started });
      }
    };
    const request = http.request({
      host: args.url.hostname,
      port: args.url.port,
      path: args.url.pathname,
      method: 'POST',
      agent: args.agent,
      timeout: UPLOAD_TIMEOUT_MS,
      headers: {
        ...args.headers,
        'content-type': args.envelope.contentType,
        'content-length': String(args.envelope.contentLength),
      },
    });
    request.on('response', (response) => {
      const status = String(response.statusCode);
      response.on('error', () => finish('socket'));
      response.on('end', () => finish(status));
      response.resume();
    });
    request.on('timeout', () => {
      request.destroy();
      finish('timeout');
    });
    // An answer before the whole body was sent (a refusal) may end in EPIPE: the status already counted.
    request.on('error', () => finish('socket'));
    request.write(args.envelope.head);
    request.write(args.file);
    request.end(args.envelope.tail);
  });
}

/**
 * CONCURRENCY senders, each uploading back to back until `seconds` have passed or `max` uploads were started;
 * `caseFor()` gives each upload's case.
 */
async function closedLoop(args: {
  baseUrl: string;
  headers: Record<string, string>;
  envelope: MultipartEnvelope;
  file: Buffer;
  caseFor: () => string;
  seconds: number;
  max: number;
}): Promise<LoadSample> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const errorDetail: Record<string, number> = {};
  let ok = 0;
  let started = 0;
  const began = performance.now();
  const deadline = began + args.seconds * 1000;
  const sender = async () => {
    while (started < args.max && performance.now() < deadline) {
      started++;
      const outcome = await sendUpload({
        url: new URL(`${args.baseUrl}/api/v1/cases/${args.caseFor()}/evidence`),
        agent,
        headers: args.headers,
        envelope: args.envelope,
        file: args.file,
      });
      latencies.push(outcome.latencyMs);
      if (outcome.ok) {
        ok++;
      } else {
        errorDetail[outcome.status] = (errorDetail[outcome.status] ?? 0) + 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  } finally {
    agent.destroy();
  }
  // Until the last upload was answered: the uploads started before the deadline all count, whole.
  // sendUpload does not read headers: every 5xx is counted as such here, a 503 included.
  const status5xx = Object.entries(errorDetail)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    latencies,
    ok,
    errorDetail,
    durationSec: (performance.now() - began) / 1000,
    unfinished: 0,
    status5xx,
    shed503: 0,
  };
}

/** Public intakes through the API (cases made after the data set's end: removed after the run with the others). */
async function makeCases(ctx: ScenarioContext, count: number, intakeBody: () => string): Promise<string[]> {
  const receipts: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const response = await fetch(`${ctx.api.baseUrl}/api/v1/intakes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'madoguchi-bench' },
        body: intakeBody(),
      });
      const text = await response.text();
      if (response.status !== 201) {
        throw new Error(`POST /api/v1/intakes answered ${response.status}: ${text.slice(0, 300)}`);
      }
      receipts.push((JSON.parse(text) as { receiptNumber: string }).receiptNumber);
    }
  };
  await Promise.all(Array.from({ length: INTAKE_CONCURRENCY }, worker));
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT id FROM cases WHERE receipt_number = ANY($1) ORDER BY receipt_number`,
    [receipts],
  );
  if (rows.length !== count) {
    throw new Error(`${count} intakes were answered but ${rows.length} cases are in the database`);
  }
  return rows.map((row) => row.id);
}

export async function runUploadScenario(
  ctx: ScenarioContext,
  options: {
    session: BenchSession;
    /** Bodies for POST /intakes, to make the cases the files go to. */
    intakeBody: () => string;
    /** The API's memory target (MB of peak RSS), the same as for the whole run. */
    apiRssTargetMb: number;
    /** Empties the API's evidence directory (the files of this scenario). */
    removeFiles: () => Promise<void>;
  },
): Promise<ScenarioResult> {
  const path = '/api/v1/cases/:id/evidence';
  const base: ScenarioResult = {
    name: UPLOAD_SCENARIO,
    group: UPLOAD_SCENARIO,
    description:
      `${CONCURRENCY} evidence uploads in flight at once, each a ${FILE_BYTES / MB} MB PDF in multipart/form-data, ` +
      `streamed by the client from one shared buffer; as a counselor, closed loop (each sender starts its next ` +
      `upload when the last is answered). Files go to the filesystem store and stay pending (no clamd).`,
    method: 'POST',
    path,
    connections: CONCURRENCY,
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
  const target = (peakMb: number, errors: number) => ({
    description: `API peak RSS ≤ ${options.apiRssTargetMb} MB while the files stream, 0 errors`,
    met: peakMb <= options.apiRssTargetMb && errors === 0,
  });
  const headers = { authorization: `Bearer ${options.session.token}`, 'user-agent': 'madoguchi-bench' };
  const maxUploads = Math.min(MAX_UPLOADS, ctx.maxRequests);
  let caseIds: string[] = [];
  try {
    // The cases first, then the per-case limit from the API itself: the files are spread so that no case is
    // ever refused for holding too many.
    const first = await makeCases(ctx, 1, options.intakeBody);
    const probe = await fetch(`${ctx.api.baseUrl}/api/v1/cases/${first[0]}/evidence`, { headers });
    if (probe.status === 404) {
      const reason = `GET ${path} answered 404: the route is not in this API build`;
      ctx.log(`  ${UPLOAD_SCENARIO}: skipped (${reason})`);
      caseIds = first;
      return { ...base, skipped: reason };
    }
    if (!probe.ok) {
      throw new Error(`GET ${path} answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
    }
    const limits = (await probe.json()) as { maxFileBytes: number; maxFilesPerCase: number };
    if (limits.maxFileBytes < FILE_BYTES) {
      throw new Error(
        `the API takes files up to ${limits.maxFileBytes} bytes (EVIDENCE_MAX_FILE_BYTES), less than ${FILE_BYTES}`,
      );
    }
    const warmUploads = CONCURRENCY;
    const needed = Math.ceil((warmUploads + maxUploads) / limits.maxFilesPerCase);
    ctx.log(`  ${UPLOAD_SCENARIO}: making ${needed} cases (${limits.maxFilesPerCase} files each at most)…`);
    caseIds = [...first, ...(await makeCases(ctx, needed - 1, options.intakeBody))];
    let uploadNumber = 0;
    const caseFor = () => caseIds[Math.floor(uploadNumber++ / limits.maxFilesPerCase)]!;

    const file = paddedPdf(FILE_BYTES);
    const envelope = multipartEnvelope({
      boundary: `madoguchi-bench-${randomBytes(12).toString('hex')}`,
      fileField: 'file',
      filename: 'bench-evidence.pdf',
      fileContentType: 'application/pdf',
      fileBytes: file.length,
    });
    const run = (seconds: number, max: number) =>
      closedLoop({ baseUrl: ctx.api.baseUrl, headers, envelope, file, caseFor, seconds, max });

    // The API's resident size before the first upload (half a second idle), to set the peak against.
    ctx.apiRssWindow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const apiRssBeforeMb = ctx.apiRssWindow();
    // Warm-up: one upload per sender (the inspector's file-type import, the store's first directories).
    const warm = await run(60, warmUploads);
    if (warm.ok === 0) {
      throw new Error(`no warm-up upload succeeded: ${JSON.stringify(warm.errorDetail)}`);
    }
    ctx.log(`  ${UPLOAD_SCENARIO}: API, ${ctx.durationSec} s (at most ${maxUploads} uploads)…`);
    const measured = summarize([await run(ctx.durationSec, maxUploads)]);
    const apiStartRssMb = ctx.apiRssWindowStart();
    const apiPeakRssMb = ctx.apiRssWindow();
    const megabytesPerSec = round((measured.throughputPerSec * FILE_BYTES) / MB);
    const result: ScenarioResult = {
      ...base,
      durationSec: measured.durationSec,
      requests: measured.requests,
      throughputPerSec: measured.throughputPerSec,
      p50Ms: measured.p50Ms,
      p95Ms: measured.p95Ms,
      p99Ms: measured.p99Ms,
      maxMs: measured.maxMs,
      errors: measured.errors,
      errorDetail: measured.errorDetail,
      status5xx: measured.status5xx,
      shed503: measured.shed503,
      apiStartRssMb,
      apiPeakRssMb,
      upload: {
        concurrency: CONCURRENCY,
        fileBytes: FILE_BYTES,
        uploaded: measured.ok,
        megabytesPerSec,
        cases: caseIds.length,
        maxUploads,
        apiRssTargetMb: options.apiRssTargetMb,
        apiRssBeforeMb,
      },
      target: target(apiPeakRssMb, measured.errors),
      note:
        `MB = 1,048,576 bytes, as the API's limits count. Latency from the first byte sent to the end of the reply. ` +
        `API RSS: the peak while the scenario ran (warm-up included), against the run's memory target. The files ` +
        `went to ${caseIds.length} cases made for the scenario (at most ${limits.maxFilesPerCase} files each, the ` +
        `API's per-case limit); the files, their rows and the cases are removed afterwards.`,
    };
    ctx.log(
      `  ${UPLOAD_SCENARIO}: ${result.throughputPerSec} uploads/s (${megabytesPerSec} MB/s), p50 ${result.p50Ms} ms, ` +
        `p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors}` +
        (result.errors > 0 ? ` ${JSON.stringify(result.errorDetail)}` : '') +
        `, API RSS ≤ ${apiPeakRssMb} MB (${apiRssBeforeMb} MB before; target ${options.apiRssTargetMb} MB)`,
    );
    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log(`  ${UPLOAD_SCENARIO}: FAILED (${reason})`);
    return { ...base, failed: reason, target: target(Number.POSITIVE_INFINITY, 1) };
  } finally {
    await options.removeFiles();
    if (caseIds.length > 0) {
      // The files are gone: their rows too (the cases themselves go after the run, with the other cases the
      // run added: removeRunLeftovers). The audit log is append-only and keeps its rows, as after intakes.
      await ctx.db
        .query(`DELETE FROM evidence_files WHERE case_id = ANY($1::uuid[])`, [caseIds])
        .catch((error: unknown) =>
          ctx.log(`  ${UPLOAD_SCENARIO}: could not delete the file rows: ${String(error)}`),
        );
    }
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
