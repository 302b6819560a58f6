// npm start: build what is needed, bring up the database (embedded unless DATABASE_URL is set),
// apply migrations, seed reference data, create the first admin, then serve the API on :4000 and
// the web app on :3000. Ctrl-C / SIGTERM stops all of it, the embedded server last.
//
// npm run dev: the same with watchers (tsup --watch for the API, next dev for the web app).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@madoguchi/db/tooling';
import { apiRuntimeEnv } from './lib/api-runtime';
import { applyMigrations, createDbClient, ensureFirstAdmin, seedReferenceData } from './lib/db-tools';
import { resolveDatabase, type ResolvedDatabase } from './lib/database';
import { adminFromEnv, printFirstAdmin } from './db';

const dev = process.argv.includes('--dev');
const apiPort = Number(process.env.API_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 3000);
const log = (line: string) => console.log(`[madoguchi] ${line}`);

const children: ChildProcess[] = [];
let database: ResolvedDatabase | undefined;
let shuttingDown = false;

async function main() {
  loadDotEnv();
  process.once('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.once('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  process.once('SIGHUP', () => void shutdown(0, 'SIGHUP'));
  // `npm start` runs us through `sh -c`; dash does not pass SIGTERM on and simply exits. Notice
  // being orphaned (our parent changes) and shut down, so nothing is ever left running.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      void shutdown(0, 'parent process exited');
    }
  }, 500).unref();

  // Build while the database starts: both take a while on a fresh machine.
  const build = dev ? Promise.resolve() : run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
  // If start-up fails meanwhile, shutdown() kills the build; that rejection is expected, not a crash.
  build.catch(() => undefined);
  database = await resolveDatabase(log);
  const applied = await applyMigrations({ databaseUrl: database.url });
  log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  const db = createDbClient({ databaseUrl: database.url, poolSize: 2 });
  try {
    const { windowsAdded } = await seedReferenceData(db);
    if (windowsAdded > 0) {
      log(`Seeded ${windowsAdded} referral windows.`);
    }
    printFirstAdmin(await ensureFirstAdmin(db, adminFromEnv()));
  } finally {
    await db.$disconnect();
  }
  await build;
  if (shuttingDown) {
    return;
  }

  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    PORT: String(apiPort),
    // The web app calls the API from its server and forwards the person's address; believe it
    // from the local web server only, so per-IP rate limits see people, not the web server.
    TRUST_PROXY: process.env.TRUST_PROXY ?? '127.0.0.1,::1,::ffff:127.0.0.1',
    API_URL: process.env.API_URL ?? `http://127.0.0.1:${apiPort}`,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${webPort}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? localSecret('nextauth-secret'),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  if (dev) {
    serve(
      'api',
      'npx',
      ['tsup', '--watch', '--onSuccess', 'node dist/main.js'],
      path.join(repoRoot, 'apps/api'),
      env,
    );
    serve('web', 'npx', ['next', 'dev', '-p', String(webPort)], path.join(repoRoot, 'apps/web'), env);
  } else {
    serve('api', process.execPath, ['dist/main.js'], path.join(repoRoot, 'apps/api'), {
      ...env,
      ...apiRuntimeEnv(env),
    });
    serve('web', 'npx', ['next', 'start', '-p', String(webPort)], path.join(repoRoot, 'apps/web'), env);
  }
  log(
    `API:       http://localhost:${apiPort}/api/v1/health/ready   (OpenAPI: http://localhost:${apiPort}/api/docs)`,
  );
  log(`Web:       http://localhost:${webPort}/   (staff sign-in: http://localhost:${webPort}/login)`);
  log('Press Ctrl-C to stop.');
}

function serve(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  // Own process group, so stopping reaches npx's children too.
  const child = spawn(command, args, { cwd, env, stdio: 'inherit', detached: true });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything.`);
      void shutdown(1, 'child exit');
    }
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' },
    });
    children.push(child);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code})`)),
    );
  });
}

async function shutdown(code: number, reason: string) {
  if (shuttingDown) {
    return;
  }
  shuttingDown = true;
  log(`Stopping (${reason})…`);
  await Promise.all(children.map((child) => stopChild(child)));
  try {
    await database?.stop();
    if (database?.embedded) {
      log('Embedded PostgreSQL stopped.');
    }
  } catch (error) {
    console.error('Stopping the embedded PostgreSQL failed:', error);
    code = 1;
  }
  process.exit(code);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        child.kill(signal);
      }
    };
    const force = setTimeout(() => kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    kill('SIGTERM');
  });
}

/** A secret generated once per checkout and kept in .data (git-ignored), never a fixed default. */
function localSecret(name: string): string {
  const dir = path.join(repoRoot, '.data');
  const file = path.join(dir, name);
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function loadDotEnv() {
  const file = path.join(repoRoot, '.env');
  if (existsSync(file)) {
    process.loadEnvFile(file);
    log('Loaded .env');
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1, 'start-up failed');
});
