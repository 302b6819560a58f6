// The benchmark's database: its own embedded PostgreSQL under .data/bench (never the development
// data in .data/postgres), or BENCH_DATABASE_URL. A marker table in the `bench` schema records which
// data set it holds, so a second run with the same size reuses it instead of generating again.
import path from 'node:path';
import pg from 'pg';
import {
  applyMigrations,
  ensureDatabase,
  repoRoot,
  runAdminStatement,
  seedReferenceData,
  startEmbeddedPostgres,
  withDatabase,
} from '@madoguchi/db/tooling';
import { createDbClient } from '@madoguchi/db';
import { redact } from '../lib/database';

export const DEFAULT_BENCH_PG_PORT = 54339;
const DATABASE_NAME = 'madoguchi_bench';

/**
 * Server settings for the embedded cluster: what a dedicated database server of this size would
 * run with (PostgreSQL's defaults are sized for a laptop: 128 MB of shared buffers, 1 GB of WAL
 * between checkpoints). With BENCH_DATABASE_URL the server's own settings are used untouched.
 */
export const EMBEDDED_SETTINGS: Record<string, string> = {
  shared_buffers: '1GB',
  effective_cache_size: '8GB',
  maintenance_work_mem: '512MB',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  random_page_cost: '1.1',
  // Per-statement timings for the report's "where the time goes" (read by scenarios.ts).
  shared_preload_libraries: 'pg_stat_statements',
};

export type BenchDatabase = {
  url: string;
  embedded: boolean;
  /** For the report: where the data lives. */
  description: string;
  /** The embedded server's log (auto_explain writes plans there); null for BENCH_DATABASE_URL. */
  serverLog: ServerLog | null;
  /** Stops and starts the embedded server (its caches go cold); null for BENCH_DATABASE_URL. */
  restart: (() => Promise<void>) | null;
  stop(): Promise<void>;
};

/** The last few thousand lines the embedded server logged. */
export class ServerLog {
  private lines: string[] = [];
  private dropped = 0;

  push(text: string): void {
    this.lines.push(...text.split('\n'));
    const excess = this.lines.length - 5000;
    if (excess > 0) {
      this.lines.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** A position to read from later. */
  mark(): number {
    return this.dropped + this.lines.length;
  }

  since(mark: number): string[] {
    return this.lines.slice(Math.max(0, mark - this.dropped));
  }
}

export type DatasetMarker = {
  cases: number;
  seed: number;
  generatorVersion: number;
  state: 'loading' | 'complete';
  /** Every generated case was created before this instant; later rows come from load runs. */
  dataUntil: Date;
  details: Record<string, unknown>;
};

export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    await ensureDatabase(external);
    log(`Using BENCH_DATABASE_URL (${redact(external)}).`);
    return {
      url: external,
      embedded: false,
      description: redact(external),
      serverLog: null,
      restart: null,
      stop: async () => undefined,
    };
  }
  const port = Number(process.env.BENCH_PG_PORT ?? DEFAULT_BENCH_PG_PORT);
  const dataDir = path.join(repoRoot, '.data', 'bench');
  log(`Starting the benchmark's embedded PostgreSQL on 127.0.0.1:${port} (data in .data/bench)…`);
  const serverLog = new ServerLog();
  const start = () =>
    startEmbeddedPostgres({ dataDir, port, persistent: true, log: (line) => serverLog.push(line) });
  let server = await start();
  const adminUrl = server.url('postgres');
  if (await needsSettings(adminUrl)) {
    for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
      await runAdminStatement(adminUrl, `ALTER SYSTEM SET ${name} = '${value}'`);
    }
    log('Applied server settings (shared_buffers needs a restart); restarting…');
    await server.stop();
    server = await start();
  }
  const url = server.url(DATABASE_NAME);
  await ensureDatabase(url);
  return {
    url,
    embedded: true,
    description: `embedded PostgreSQL, .data/bench, port ${port}`,
    serverLog,
    restart: async () => {
      await server.stop();
      server = await start();
    },
    stop: () => server.stop(),
  };
}

async function needsSettings(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
      const { rows } = await client.query<{ setting: string }>(`SELECT current_setting($1) AS setting`, [
        name,
      ]);
      if (normalizeSetting(rows[0]!.setting) !== normalizeSetting(value)) {
        return true;
      }
    }
    return false;
  });
}

function normalizeSetting(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

/** Migrations and the directory of windows, as `npm start` does. */
export async function migrateAndSeed(url: string): Promise<void> {
  await applyMigrations({ databaseUrl: url });
  const db = createDbClient({ databaseUrl: url, poolSize: 1 });
  try {
    await seedReferenceData(db);
  } finally {
    await db.$disconnect();
  }
  await withClient(url, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS bench`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS bench.dataset (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        cases integer NOT NULL,
        seed integer NOT NULL,
        generator_version integer NOT NULL,
        state text NOT NULL,
        data_until timestamptz NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
  });
}

export async function readMarker(url: string): Promise<DatasetMarker | null> {
  return withClient(url, async (client) => {
    const exists = await client.query(`SELECT to_regclass('bench.dataset') IS NOT NULL AS ok`);
    if (!exists.rows[0].ok) {
      return null;
    }
    const { rows } = await client.query(
      `SELECT cases, seed, generator_version, state, data_until, details FROM bench.dataset`,
    );
    const row = rows[0];
    return row
      ? {
          cases: row.cases,
          seed: row.seed,
          generatorVersion: row.generator_version,
          state: row.state,
          dataUntil: row.data_until,
          details: row.details,
        }
      : null;
  });
}

export async function writeMarker(url: string, marker: DatasetMarker): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(
      `INSERT INTO bench.dataset (singleton, cases, seed, generator_version, state, data_until, details)
       VALUES (true, $1, $2, $3, $4, $5, $6)
       ON CONFLICT (singleton) DO UPDATE SET cases = $1, seed = $2, generator_version = $3, state = $4,
         data_until = $5, details = $6`,
      [marker.cases, marker.seed, marker.generatorVersion, marker.state, marker.dataUntil, marker.details],
    );
  });
}

/** True when the database has cases but no marker: someone's real data, never to be dropped. */
export async function holdsForeignData(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const table = await client.query(`SELECT to_regclass('public.cases') IS NOT NULL AS ok`);
    if (!table.rows[0].ok) {
      return false;
    }
    const marker = await client.query(`SELECT to_regclass('bench.dataset') IS NOT NULL AS ok`);
    const cases = await client.query(`SELECT EXISTS (SELECT 1 FROM cases) AS any`);
    return !marker.rows[0].ok && cases.rows[0].any;
  });
}

/** Drops and recreates the database: the quickest way to start a new data set. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = withDatabase(url, 'postgres');
  await runAdminStatement(admin, `DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  await ensureDatabase(url);
}

/**
 * Removes what earlier load runs added (intakes posted by the scenarios, their identifiers, the
 * bench sessions), so every run measures the same data set. Audit rows stay: audit_log is
 * append-only by design (a trigger refuses DELETE), and the few thousand search audits do not matter.
 */
export async function removeRunLeftovers(url: string, dataUntil: Date): Promise<number> {
  return withClient(url, async (client) => {
    const removed = await client.query(`DELETE FROM cases WHERE created_at >= $1`, [dataUntil]);
    await client.query(
      `DELETE FROM identifiers i WHERE i.created_at >= $1
         AND NOT EXISTS (SELECT 1 FROM case_identifiers ci WHERE ci.identifier_id = i.id)`,
      [dataUntil],
    );
    await client.query(`DELETE FROM sessions WHERE user_agent = 'madoguchi-bench'`);
    if ((removed.rowCount ?? 0) > 0) {
      await client.query(`VACUUM (ANALYZE) cases, intakes, triage_results, case_events, case_identifiers`);
    }
    return removed.rowCount ?? 0;
  });
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
