// npm start: build what is needed, bring up the database (embedded unless DATABASE_URL is set),
// apply migrations, seed reference data, create the first admin, then serve the API on :4000 and
// the web app on :3000, each restarted after a crash (scripts/lib/supervisor.ts), the embedded
// PostgreSQL too. Ctrl-C / SIGTERM / SIGHUP stops all of it, the embedded server last.
//
// npm run dev: the same with watchers (tsup --watch for the API, Next in development mode).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, type EmbeddedServer } from '@madoguchi/db/tooling';
import { apiRuntimeEnv } from './lib/api-runtime';
import { localSecret, runDir } from './lib/data-dir';
import { localKekEnv } from './lib/local-kek';
import { applyMigrations, createDbClient, ensureFirstAdmin, seedReferenceData } from './lib/db-tools';
import { resolveApiDatabaseUrl, resolveDatabase, type ResolvedDatabase } from './lib/database';
import { pidFiles, restartPolicyFromEnv, spawnChild, Supervisor, type ServiceSpec } from './lib/supervisor';
import { adminFromEnv, printFirstAdmin } from './db';

const dev = process.argv.includes('--dev');
const apiPort = Number(process.env.API_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 3000);
const log = (line: string) => console.log(`[madoguchi] ${line}`);

/** The build running while the database starts (stopped if start-up is cut short). */
let build: ChildProcess | undefined;
let database: ResolvedDatabase | undefined;
let supervisor: Supervisor | undefined;
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
  supervisor = new Supervisor({
    policy: restartPolicyFromEnv(),
    log,
    ...pidFiles(runDir()),
    // A wrong key or setting stays wrong however often the API starts: stop, with its message on screen.
    onFatal: (name) => void shutdown(1, `${name} cannot run with this configuration`),
  });

  // Build while the database starts: both take a while on a fresh machine.
  const built = dev ? Promise.resolve() : runBuild();
  // If start-up fails meanwhile, shutdown() kills the build; that rejection is expected, not a crash.
  built.catch(() => undefined);
  // The embedded server is ours to stop, in order, on these signals (see shutdown()).
  database = await resolveDatabase(log, { signals: 'caller' });
  if (database.server) {
    await supervisor.add(embeddedService(database.server));
  }
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
  // Migrations and seeding ran as the owner; the API gets a role with data access only.
  const apiDatabaseUrl = await resolveApiDatabaseUrl(database.url, log);
  await built;
  if (shuttingDown) {
    return;
  }

  // Neither child gets the other's secrets, only the API a database URL (never the owner's), and
  // neither the first admin's credentials (used above, once).
  const common: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of [
    'DATABASE_URL',
    'DATABASE_APP_URL',
    'DATABASE_OWNER_URL',
    'NEXTAUTH_SECRET',
    'ACCESS_CODE_KEYS',
    'MADOGUCHI_KEK',
    'MADOGUCHI_KEK_FILE',
    'MADOGUCHI_ADMIN_PASSWORD',
    'MADOGUCHI_ADMIN_ENROL_CODE',
  ]) {
    delete common[name];
  }
  const apiEnv = {
    ...common,
    DATABASE_URL: apiDatabaseUrl,
    PORT: String(apiPort),
    // The web app calls the API from its server and forwards the person's address (worked out by
    // server.mjs); the API believes it from the local web server only. TRUST_PROXY is the web app's.
    TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1',
    // Links in e-mails and letters point at this web app.
    WEB_PUBLIC_URL: process.env.WEB_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${webPort}`,
    // The key of the access codes' keyed hash, made once and kept in .data: losing it would lock every
    // person out of their status page.
    ACCESS_CODE_KEYS: process.env.ACCESS_CODE_KEYS ?? `local:${localSecret('access-code-key')}`,
    ...localKekEnv(log),
  };
  const webEnv = {
    ...common,
    NODE_ENV: dev ? 'development' : 'production',
    PORT: String(webPort),
    // Whom server.mjs believes about the client's address: the reverse proxy in front, if any.
    TRUST_PROXY: process.env.TRUST_PROXY ?? 'false',
    API_URL: process.env.API_URL ?? `http://127.0.0.1:${apiPort}`,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${webPort}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? localSecret('nextauth-secret'),
  };
  const apiDir = path.join(repoRoot, 'apps/api');
  const webDir = path.join(repoRoot, 'apps/web');
  await supervisor.add({
    name: 'api',
    start: () =>
      dev
        ? spawnChild({
            command: 'npx',
            args: ['tsup', '--watch', '--onSuccess', 'node dist/main.js'],
            cwd: apiDir,
            env: apiEnv,
          })
        : spawnChild({
            command: process.execPath,
            args: ['dist/main.js'],
            cwd: apiDir,
            env: { ...apiEnv, ...apiRuntimeEnv(apiEnv) },
          }),
  });
  // The web app's own server (Next in production or development mode, by NODE_ENV).
  await supervisor.add({
    name: 'web',
    start: () => spawnChild({ command: process.execPath, args: ['server.mjs'], cwd: webDir, env: webEnv }),
  });
  log(
    `API:       http://localhost:${apiPort}/api/v1/health/ready   (OpenAPI: http://localhost:${apiPort}/api/docs)`,
  );
  log(`Web:       http://localhost:${webPort}/   (staff sign-in: http://localhost:${webPort}/login)`);
  log(
    `A crashed API, web app${database.embedded ? ' or database' : ''} is restarted; pids in ${path.relative(process.cwd(), runDir())}/.`,
  );
  log('Press Ctrl-C to stop.');
}

/** The embedded server as a supervised service: the first run is the one already started. */
function embeddedService(server: EmbeddedServer): ServiceSpec {
  let first = true;
  return {
    name: 'postgres',
    stopLast: true,
    start: async () => {
      if (!first) {
        await server.restart();
      }
      first = false;
      return { pid: server.pid, exited: server.exited(), stop: () => server.stop() };
    },
  };
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    build = spawn('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' },
    });
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The build failed (${code})`))));
  });
}

async function shutdown(code: number, reason: string) {
  if (shuttingDown) {
    return;
  }
  shuttingDown = true;
  log(`Stopping (${reason})…`);
  if (build && build.exitCode === null && build.signalCode === null) {
    build.kill('SIGTERM');
  }
  try {
    // The API and the web app first, the embedded database last.
    await supervisor?.stop();
  } catch (error) {
    console.error('Stopping failed:', error);
    code = 1;
  }
  try {
    // Started but not yet supervised when start-up failed or was cut short.
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
