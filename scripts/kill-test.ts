// The kill -9 test (security audit, "Done when"): `npm start` on an empty embedded data directory of
// its own, intakes on loopback at a steady rate, each with its own Idempotency-Key, and the API killed
// with SIGKILL in the middle of it. Requests that fail while it is down are retried with the same key
// until they succeed. Then, in the database (as the owner): every receipt answered 201 is there exactly
// once and each key made exactly one case; re-sending a key returns the stored receipt; the supervisor
// restarted the API and left the web app alone. Bounded (a couple of minutes) and loopback only.
//
//   node --import tsx scripts/kill-test.ts [--rate 8] [--seconds 24] [--keep]
//
// Exits non-zero on any loss, duplicate or other failure, with a summary either way.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, repoRoot } from '@madoguchi/db/tooling';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '24' },
    'start-timeout': { type: 'string', default: '240' },
    keep: { type: 'boolean', default: false },
  },
});
const RATE = Number(args.rate);
const LOAD_SECONDS = Number(args.seconds);
const START_TIMEOUT_MS = Number(args['start-timeout']) * 1000;
/** After the last intake is sent, how long its retries may go on. */
const RETRY_DEADLINE_MS = 60_000;
const KILL_AT_MS = (LOAD_SECONDS * 1000) / 3;

const log = (line: string) => console.log(`[kill-test] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const runId = randomBytes(4).toString('hex');
const dataDir = path.join(repoRoot, '.data', `kill-test-${runId}`);
const artifacts = process.env.ARTIFACTS ?? path.join(repoRoot, 'artifacts');
const startLog = path.join(artifacts, 'kill-test-start.log');

type Outcome = {
  key: string;
  index: number;
  receiptNumber?: string;
  accessCode?: string;
  attempts: number;
  /** Transport errors and 5xx/429 answers that were retried. */
  retried: string[];
  failure?: string;
};

async function main(): Promise<number> {
  const problems: string[] = [];
  const [apiPort, webPort, pgPort] = [await freePort(), await freePort(), await freePort()];
  const api = `http://127.0.0.1:${apiPort}`;
  mkdirSync(artifacts, { recursive: true });
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const out = openSync(startLog, 'w');
  log(`npm start (data in ${path.relative(repoRoot, dataDir)}, API :${apiPort}, log ${startLog})…`);
  const start = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    // Its own process group: if anything goes wrong we can take all of it down.
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      // Empty, not unset: a .env file must not point it at another server.
      DATABASE_URL: '',
      DATABASE_APP_URL: '',
      MADOGUCHI_DATA_DIR: dataDir,
      MADOGUCHI_PG_PORT: String(pgPort),
      API_PORT: String(apiPort),
      WEB_PORT: String(webPort),
      MADOGUCHI_ADMIN_EMAIL: '',
      MADOGUCHI_ADMIN_PASSWORD: '',
      // All of it comes from one address.
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    },
  });
  closeSync(out);
  let startExited = false;
  start.once('exit', () => (startExited = true));
  let outcomes: Outcome[] = [];
  try {
    outcomes = await underLoad({ api, pgPort, problems, startExited: () => startExited });
  } finally {
    await stopStart(start, () => startExited, problems);
    if (!args.keep) {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return report(problems, outcomes);
}

async function underLoad(ctx: {
  api: string;
  pgPort: number;
  problems: string[];
  startExited: () => boolean;
}): Promise<Outcome[]> {
  const { api, pgPort, problems } = ctx;
  const readyIn = await waitFor(() => ready(api), START_TIMEOUT_MS, ctx.startExited);
  if (readyIn === null) {
    problems.push(`npm start did not serve ${api}/api/v1/health/ready within ${START_TIMEOUT_MS / 1000} s`);
    return [];
  }
  log(`Ready after ${Math.round(readyIn / 1000)} s.`);
  const apiPid = readPid('api');
  const webPid = readPid('web');
  if (apiPid === undefined || webPid === undefined) {
    problems.push(`no pid files in ${path.join(dataDir, 'run')}`);
    return [];
  }

  // Steady load; the API is killed a third of the way in, the embedded PostgreSQL two thirds in.
  const total = Math.round(RATE * LOAD_SECONDS);
  log(
    `Sending ${total} intakes over ${LOAD_SECONDS} s; SIGKILL to the API (pid ${apiPid}) after ` +
      `${KILL_AT_MS / 1000} s, to the embedded PostgreSQL after ${(2 * KILL_AT_MS) / 1000} s.`,
  );
  const t0 = Date.now();
  const deadline = t0 + LOAD_SECONDS * 1000 + RETRY_DEADLINE_MS;
  const submissions: Promise<Outcome>[] = [];
  const kills = (async () => {
    await sleep(KILL_AT_MS);
    const apiKill = await killAndWait({ name: 'api', api, startExited: ctx.startExited });
    await sleep(Math.max(0, t0 + 2 * KILL_AT_MS - Date.now()));
    const dbKill = await killAndWait({ name: 'postgres', api, startExited: ctx.startExited });
    return [apiKill, dbKill];
  })();
  for (let i = 0; i < total; i++) {
    await sleep(Math.max(0, t0 + (i * 1000) / RATE - Date.now()));
    submissions.push(submit(api, i, deadline));
  }
  const outcomes = await Promise.all(submissions);

  // What the supervisor did.
  for (const kill of await kills) {
    if (kill.downMs === null) {
      problems.push(`${kill.name} was not restarted (or the API not ready again) within 60 s of the kill`);
    } else {
      log(
        `Killed ${kill.name} (pid ${kill.pid}) with ${kill.inFlight} intakes in flight; the API answered ` +
          `ready again (${kill.name} pid ${readPid(kill.name)}) ${(kill.downMs / 1000).toFixed(1)} s later.`,
      );
    }
  }
  if (readPid('web') !== webPid || !alive(webPid)) {
    problems.push(`the web app did not keep running (pid ${webPid} before, ${readPid('web')} after)`);
  }
  const startOutput = readFileSync(startLog, 'utf8');
  for (const name of ['api', 'postgres']) {
    if (!new RegExp(`${name} exited unexpectedly \\(signal SIGKILL[^]*${name} restarted`).test(startOutput)) {
      problems.push(`npm start did not log the crash and restart of ${name}`);
    }
  }

  // Every answer, then the database.
  for (const o of outcomes.filter((o) => o.failure)) {
    problems.push(`intake ${o.index} (${o.key}): ${o.failure}`);
  }
  const answered = outcomes.filter((o) => o.receiptNumber);
  const receipts = answered.map((o) => o.receiptNumber!);
  if (new Set(receipts).size !== receipts.length) {
    problems.push('two keys were answered with the same receipt number');
  }
  const rows = await countInDatabase(pgPort, receipts);
  for (const receipt of receipts) {
    const n = rows.byReceipt.get(receipt) ?? 0;
    if (n !== 1) {
      problems.push(`receipt ${receipt} (answered 201) is in the database ${n} times`);
    }
  }
  if (rows.casesOfRun !== total) {
    problems.push(`${total} keys made ${rows.casesOfRun} cases (each key must make exactly one)`);
  }

  // A retry of a key returns the stored receipt: every key the kill touched, and a sample of the rest.
  const touched = answered.filter((o) => o.retried.length > 0);
  const sample = [...touched, ...answered.filter((o) => o.retried.length === 0).slice(0, 20)];
  let replayed = 0;
  for (const o of sample) {
    const res = await post(api, o.key, bodyFor(o.index));
    const body = (await res.json().catch(() => ({}))) as { receiptNumber?: string; accessCode?: string };
    if (res.status !== 201 || body.receiptNumber !== o.receiptNumber || body.accessCode !== o.accessCode) {
      problems.push(
        `re-sending ${o.key} answered ${res.status} ${body.receiptNumber ?? ''} instead of ${o.receiptNumber}`,
      );
    } else {
      replayed += 1;
    }
  }
  const after = await countInDatabase(pgPort, receipts);
  if (after.casesOfRun !== rows.casesOfRun) {
    problems.push(`re-sending keys created ${after.casesOfRun - rows.casesOfRun} new cases`);
  }
  // The API's pool is still connected: as its restricted role, never as a superuser (finding 5).
  if (after.apiRoles.length === 0 || after.apiRoles.some((r) => r.superuser || r.name !== 'madoguchi_app')) {
    problems.push(`the API is connected as ${JSON.stringify(after.apiRoles)}, not only as madoguchi_app`);
  } else {
    log('The API is connected to the database as madoguchi_app (no superuser).');
  }

  log(
    `${answered.length}/${total} intakes answered 201; ${touched.length} needed retries ` +
      `(${touched.reduce((n, o) => n + o.retried.length, 0)} failed attempts: ` +
      `${summarise(touched.flatMap((o) => o.retried))}); ` +
      `${rows.casesOfRun} cases in the database, each receipt once; ${replayed}/${sample.length} re-sent keys ` +
      'returned their stored receipt.',
  );
  const errors = outcomes.flatMap((o) => o.retried).filter((r) => r === '500').length;
  if (errors > 0) {
    log(
      `WARNING: ${errors} answers were 500 while the database was down (its outage path should answer 503).`,
    );
  }
  return outcomes;
}

function bodyFor(index: number) {
  return {
    channel: 'web',
    description: `kill test ${runId} #${index}: サイトで「登録完了」と表示され、料金を請求されました。`,
    contact: { preferred: 'none' },
  };
}

function post(api: string, key: string, body: unknown): Promise<Response> {
  return fetch(`${api}/api/v1/intakes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
}

let inFlight = 0;

/** Sends one intake, retrying with the same key until it is answered or the deadline passes. */
async function submit(api: string, index: number, deadline: number): Promise<Outcome> {
  const outcome: Outcome = { key: `kill-${runId}-${index}`, index, attempts: 0, retried: [] };
  const body = bodyFor(index);
  for (;;) {
    outcome.attempts += 1;
    inFlight += 1;
    try {
      const res = await post(api, outcome.key, body).finally(() => (inFlight -= 1));
      if (res.status === 201) {
        const receipt = (await res.json()) as { receiptNumber: string; accessCode: string };
        outcome.receiptNumber = receipt.receiptNumber;
        outcome.accessCode = receipt.accessCode;
        return outcome;
      }
      await res.body?.cancel();
      // A 500 is retried too, as a client would (the key makes it safe), but reported: while the
      // database is down the API should say 503.
      if (![429, 500, 502, 503, 504].includes(res.status)) {
        outcome.failure = `answered ${res.status}`;
        return outcome;
      }
      outcome.retried.push(String(res.status));
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      outcome.retried.push(cause?.code ?? (error as Error).name);
    }
    if (Date.now() > deadline) {
      outcome.failure = `no answer before the deadline (${outcome.attempts} attempts: ${summarise(outcome.retried)})`;
      return outcome;
    }
    await sleep(250);
  }
}

/**
 * SIGKILL to a child of npm start (from its pid file), preferably while intakes are in flight, then
 * waits until it has a new pid and the API answers ready (which reads the database).
 */
async function killAndWait(args: { name: string; api: string; startExited: () => boolean }) {
  const pid = readPid(args.name);
  if (pid === undefined) {
    return { name: args.name, pid, inFlight: 0, downMs: null };
  }
  await waitFor(
    async () => inFlight >= 2,
    2_000,
    () => false,
  );
  const killedAt = Date.now();
  const caught = inFlight;
  process.kill(pid, 'SIGKILL');
  const back = await waitFor(
    async () => {
      const now = readPid(args.name);
      return now !== undefined && now !== pid && (await ready(args.api));
    },
    60_000,
    args.startExited,
  );
  return { name: args.name, pid, inFlight: caught, downMs: back === null ? null : Date.now() - killedAt };
}

/**
 * As the owner (the embedded cluster's superuser): how often each receipt is there, this run's cases,
 * and as whom the others (the API) are connected.
 */
async function countInDatabase(pgPort: number, receipts: string[]) {
  const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
  const client = new pg.Client({
    connectionString: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/madoguchi`,
  });
  await client.connect();
  try {
    const byReceipt = await client.query<{ receipt_number: string; n: number }>(
      'SELECT receipt_number, count(*)::int AS n FROM cases WHERE receipt_number = ANY($1) GROUP BY 1',
      [receipts],
    );
    // The data directory is this run's own and seeding adds no case: every intake is this run's. (Descriptions are
    // stored encrypted, so they cannot be matched here.)
    const ofRun = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM intakes`);
    const apiRoles = await client.query<{ name: string; superuser: boolean }>(
      `SELECT DISTINCT a.usename AS name, r.rolsuper AS superuser
       FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
       WHERE a.datname = 'madoguchi' AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()`,
    );
    return {
      byReceipt: new Map(byReceipt.rows.map((r) => [r.receipt_number, r.n])),
      casesOfRun: ofRun.rows[0]!.n,
      apiRoles: apiRoles.rows,
    };
  } finally {
    await client.end();
  }
}

async function ready(api: string): Promise<boolean> {
  try {
    const res = await fetch(`${api}/api/v1/health/ready`, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Polls until `check` holds; the time it took, or null on timeout or when `gaveUp` holds. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, gaveUp: () => boolean) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs && !gaveUp()) {
    if (await check()) {
      return Date.now() - started;
    }
    await sleep(250);
  }
  return null;
}

function readPid(name: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'run', `${name}.pid`), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops npm start with SIGTERM and checks that it took everything with it. */
async function stopStart(start: ChildProcess, exited: () => boolean, problems: string[]) {
  if (!exited()) {
    start.kill('SIGTERM');
    if (
      (await waitFor(
        async () => exited(),
        60_000,
        () => false,
      )) === null
    ) {
      problems.push('npm start did not stop within 60 s of SIGTERM');
      try {
        process.kill(-start.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  await sleep(500);
  const left = processesMentioning(dataDir);
  if (left.length > 0) {
    problems.push(`processes left behind: ${left.join(', ')}`);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** Pids whose command line mentions `text` (the embedded server's data directory). */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function summarise(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) {
    counts.set(item, (counts.get(item) ?? 0) + 1);
  }
  return [...counts].map(([item, n]) => `${n}× ${item}`).join(', ') || 'none';
}

function report(problems: string[], outcomes: Outcome[]): number {
  if (problems.length === 0) {
    log(`PASSED: no intake lost, none stored twice (${outcomes.length} keys).`);
    return 0;
  }
  log(`FAILED (${problems.length} problems):`);
  for (const problem of problems.slice(0, 30)) {
    log(`  - ${problem}`);
  }
  log(`npm start's output: ${startLog}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[kill-test] crashed:', error);
    process.exit(1);
  },
);
