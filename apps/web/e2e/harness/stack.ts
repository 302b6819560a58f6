// A real Madoguchi stack for browser tests: a fresh PostgreSQL database (migrated and seeded), the
// built API and the built web app, each on a free port. Used by the browser suite's globalSetup;
// exported so other suites (the staff dashboard's) can bring up the same thing.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { createDbClient } from '../../../../packages/db/src/client';
import {
  applyMigrations,
  ensureFirstAdmin,
  quoteIdent,
  runAdminStatement,
  seedReferenceData,
  startEmbeddedPostgres,
  withDatabase,
} from '../../../../packages/db/src/tooling';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const apiDir = path.join(repoRoot, 'apps', 'api');
export const webDir = path.join(repoRoot, 'apps', 'web');
/** Server logs land here (CI keeps artifacts/), one file per process. */
export const logDir = path.join(repoRoot, 'artifacts', 'browser-logs');

export type TStack = {
  webUrl: string;
  apiUrl: string;
  /** The test database (for suites that need to arrange data directly). */
  databaseUrl: string;
  stop(): Promise<void>;
};

export type TStackOptions = {
  /** Creates the first staff account with these credentials (for dashboard tests). */
  admin?: { email: string; password: string };
  /** Extra environment for the API, e.g. higher RATE_LIMIT_* for suites that submit a lot. */
  apiEnv?: Record<string, string>;
  /** Extra environment for the web app (server.mjs). */
  webEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** The PostgreSQL server to create the database in (a URL of any of its databases); default as startDatabase says. */
  serverUrl?: string;
  /**
   * The database's name (default madoguchi_browser_<pid>). A second stack in the same server needs its own: jest
   * runs a lone test file in the process that ran globalSetup, so the pid alone would name the suite's database.
   */
  databaseName?: string;
};

export type TCleanup = () => Promise<void>;

/**
 * Builds the API and the web app with turbo, so the tests never run against a stale build: with
 * nothing changed this is a cache hit (under a second). E2E_SKIP_BUILD=1 skips it when the caller has
 * just built (scripts/browser-tests.sh does).
 */
export function ensureBuilt(log: (line: string) => void): void {
  const built =
    existsSync(path.join(apiDir, 'dist', 'main.js')) && existsSync(path.join(webDir, '.next', 'BUILD_ID'));
  if (built && process.env.E2E_SKIP_BUILD === '1') {
    return;
  }
  log('Building the API and the web app (npx turbo run build)…');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // Jest sets NODE_ENV=test; `next build` must choose production itself (and turbo hashes NODE_ENV).
  Reflect.deleteProperty(env, 'NODE_ENV');
  const result = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) {
    throw new Error('npx turbo run build failed');
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/** options.serverUrl, else the machine's PostgreSQL when DATABASE_URL is set (as in CI), else an embedded one for this run. */
export async function startDatabase(options: TStackOptions, cleanups: TCleanup[]): Promise<string> {
  let serverUrl: string;
  const existing = options.serverUrl ?? process.env.DATABASE_URL;
  if (existing) {
    serverUrl = withDatabase(existing, 'postgres');
  } else {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-browser-'));
    // As root the server runs as the `postgres` system user, which must be able to reach its data.
    await chmod(parent, 0o755);
    const server = await startEmbeddedPostgres({
      dataDir: path.join(parent, 'pg'),
      port: 0,
      persistent: false,
    });
    cleanups.push(async () => {
      await server.stop();
      await rm(parent, { recursive: true, force: true });
    });
    serverUrl = server.url('postgres');
  }

  const name = options.databaseName ?? `madoguchi_browser_${process.pid}`;
  await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  await runAdminStatement(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  cleanups.push(() =>
    runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );

  const databaseUrl = withDatabase(serverUrl, name);
  await applyMigrations({ databaseUrl });
  const db = createDbClient({ databaseUrl, poolSize: 1 });
  try {
    await seedReferenceData(db);
    if (options.admin) {
      await ensureFirstAdmin(db, options.admin);
    }
  } finally {
    await db.$disconnect();
  }
  return databaseUrl;
}

export type TServer = { name: string; child: ChildProcess; logFile: string };

// Processes still running if the test process dies without its teardown (a crash, Ctrl-C).
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    killGroup(child, 'SIGKILL');
  }
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export function serve(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): TServer {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const out = createWriteStream(logFile);
  // Its own process group, so stopping it reaches anything it started.
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Both streams into one file, ended once the process has closed both: whichever pipe ended the file first
  // would make the other's last lines a write after end (an unhandled error that kills the test run).
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.once('close', () => out.end());
  running.add(child);
  child.once('exit', () => running.delete(child));
  return { name, child, logFile };
}

export function stopServer(server: TServer): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    killGroup(child, 'SIGTERM');
  });
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `url` until it answers 2xx; fails early, with the server's log, if the server exits. */
export async function waitUntilReady(server: TServer, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `${server.name} exited during start-up. Last lines of ${server.logFile}:\n${logTail(server.logFile)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${server.name} was not ready at ${url} within ${timeoutMs / 1000}s:\n${logTail(server.logFile)}`,
  );
}

/**
 * What the processes of one stack share: every API of it holds the same access-code key and key-encryption key
 * (a code or field written by one is read by another), every web process the same session secret.
 */
export type TStackSecrets = { accessCodeKeys: string; kek: string; nextauthSecret: string };

export function newStackSecrets(): TStackSecrets {
  return {
    // Production requires the access codes' key (ACCESS_CODE_KEYS); one per run.
    accessCodeKeys: `e2e:${randomBytes(32).toString('base64')}`,
    // …and the encrypted fields' key-encryption key; the database is this run's own, so one per run too.
    kek: randomBytes(32).toString('base64'),
    nextauthSecret: randomBytes(32).toString('base64url'),
  };
}

/** The environment of the built API (dist/main.js) on `port`, as the browser suite runs it. */
export function apiEnvironment(options: {
  databaseUrl: string;
  port: number;
  secrets: TStackSecrets;
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    LOG_LEVEL: 'warn',
    // The web server forwards the person's address; believe it from the local web server only.
    TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1',
    // Every staff test signs in, and every public test looks up a status, from this one machine (two files
    // at a time): the limits themselves are tested in the API suite. A status look-up refused by the
    // limit would read as a wrong pair to a test waiting for that answer.
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    SIGN_IN_ATTEMPTS_PER_SECOND: '1000',
    SIGN_IN_BURST: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
    // After three wrong tries a look-up or sign-in waits 2 s, then 4 s… A test showing that the right code is
    // refused during the wait must not depend on a loaded machine reaching it within those seconds: one
    // minute here, so the back-off spans the test (the durations themselves are tested in the API suite).
    AUTH_BACKOFF_BASE_MS: '60000',
    ACCESS_CODE_KEYS: options.secrets.accessCodeKeys,
    MADOGUCHI_KEK: options.secrets.kek,
    ...options.extra,
  };
}

/** The environment of the web app's production server (server.mjs) on `port`, reached by people at `publicUrl`. */
export function webEnvironment(options: {
  port: number;
  apiUrl: string;
  publicUrl: string;
  secrets: TStackSecrets;
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOSTNAME: '127.0.0.1',
    // 127.0.0.1 stands in for a reverse proxy in front of the web app: a test connecting from there
    // may speak for a client with X-Forwarded-For. Browsers connect from there without one, so they
    // are 127.0.0.1 themselves; a test connecting from another loopback address (127.0.0.2…) is a
    // client whose own X-Forwarded-For must be ignored (client-address.e2e.ts).
    TRUST_PROXY: '127.0.0.1',
    API_URL: options.apiUrl,
    NEXTAUTH_URL: options.publicUrl,
    NEXTAUTH_SECRET: options.secrets.nextauthSecret,
    NEXT_TELEMETRY_DISABLED: '1',
    ...options.extra,
  };
}

/**
 * Starts a fresh database, the API and the web app. Whatever has started is stopped again if a later
 * step fails; `stop()` stops everything, the database last.
 */
export async function startStack(options: TStackOptions = {}): Promise<TStack> {
  const log = options.log ?? ((line: string) => console.log(`[browser-tests] ${line}`));
  const cleanups: TCleanup[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log(`clean-up failed: ${String(error)}`));
    }
  };

  try {
    ensureBuilt(log);
    const started = Date.now();
    const databaseUrl = await startDatabase(options, cleanups);
    log(`Database ready (${Date.now() - started} ms).`);

    const [apiPort, webPort] = [await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;

    const secrets = newStackSecrets();
    const api = serve(
      'api',
      process.execPath,
      ['dist/main.js'],
      apiDir,
      apiEnvironment({ databaseUrl, port: apiPort, secrets, extra: options.apiEnv }),
    );
    cleanups.push(() => stopServer(api));

    // The production server (server.mjs), as `npm start` and the Docker image run it.
    const web = serve(
      'web',
      process.execPath,
      ['server.mjs'],
      webDir,
      webEnvironment({ port: webPort, apiUrl, publicUrl: webUrl, secrets, extra: options.webEnv }),
    );
    cleanups.push(() => stopServer(web));

    await Promise.all([
      waitUntilReady(api, `${apiUrl}/api/v1/health/ready`),
      waitUntilReady(web, `${webUrl}/`),
    ]);
    log(`API ${apiUrl} and web ${webUrl} ready (${Date.now() - started} ms).`);
    return { webUrl, apiUrl, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
