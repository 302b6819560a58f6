// Fills the benchmark database with N cases. Generator threads build chunks of rows as COPY text
// (case-factory.ts); this thread streams them with COPY FROM STDIN over two connections: one loads
// each chunk's cases, the other the rows that reference them (intakes, triage results, events,
// identifiers, referrals, audit), one chunk behind, so both PostgreSQL backends work at once.
// By default the big tables' indexes and all foreign keys are dropped for the load and built
// again afterwards from their own definitions, as pg_restore does (bulk-indexes.ts); the schema
// read back must equal the migrated one. `--indexes keep` loads with all of them in place.
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hash } from '@node-rs/argon2';
import { ARGON2ID } from '@madoguchi/db';
import { repoRoot } from '@madoguchi/db/tooling';
import { ACCESS_CODE_LENGTH, formatReadable, READABLE_ALPHABET, ZReferralWindow } from '@madoguchi/shared';
import { GENERATOR_VERSION, TABLES, type FactoryConfig, type TableName } from './case-factory';
import type { ChurnStats } from './churn';
import { writeMarker } from './database';
import type { ChunkReply } from './generator-worker';
import {
  checkFacts,
  dropForBulkLoad,
  readSchemaObjects,
  restoreAfterBulkLoad,
  setFactTriggers,
  type SchemaObjects,
} from './bulk-indexes';
import { buildPools } from './identifier-pool';
import { drainAuditDefault, MONTHLY_TABLES } from '../lib/audit-partitions';
import { factoryKeys, openBenchKeys } from './index-key';
import { insertRegistry, insertStaff } from './staff';
import { buildTimeline } from './timeline';

export type GenerateOptions = {
  url: string;
  cases: number;
  seed: number;
  workers: number;
  chunkSize: number;
  indexes: 'keep' | 'rebuild';
  /** The server runs on this machine (the embedded one): its backends' CPU time can be read. */
  localServer: boolean;
  log: (line: string) => void;
};

export type GenerateStats = {
  /** CPU seconds during the load: this process (generator threads included) and the two loading backends. */
  cpuSeconds: { generator: number; database: number | null };
  cases: number;
  seconds: number;
  loadSeconds: number;
  /** Building the keys and indexes after the load, and adding (checking) the foreign keys. */
  indexSeconds: number | null;
  foreignKeySeconds: number | null;
  vacuumSeconds: number;
  casesPerSecond: number;
  rows: Record<string, number>;
  databaseBytes: number;
  indexes: 'keep' | 'rebuild';
  workers: number;
  dataUntil: string;
  /** The update history given to the data set after the load (scripts/bench/churn.ts); absent before it ran. */
  churn?: ChurnStats;
};

/** Same profile as apps/api/src/modules/intake/access-codes.ts. */
const ACCESS_CODE_HASH = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const ACCESS_CODE_HASHES = 16;

export async function generateDataset(options: GenerateOptions): Promise<GenerateStats> {
  const { log } = options;
  const started = performance.now();
  const nowMs = Date.now();
  const timeline = buildTimeline({ cases: options.cases, seed: options.seed, nowMs });
  const dataUntil = new Date(timeline.endMs);
  await writeMarker(options.url, {
    cases: options.cases,
    seed: options.seed,
    generatorVersion: GENERATOR_VERSION,
    state: 'loading',
    dataUntil,
    details: {},
  });

  const setup = await connect(options.url);
  const staff = await insertStaff(setup, {
    seed: options.seed,
    cases: options.cases,
    createdAt: new Date(timeline.startMs - 30 * 24 * 3_600_000),
  });
  await insertRegistry(setup, buildPools(options.seed, options.cases), new Date(timeline.startMs));
  const accessCodeHashes = await Promise.all(
    Array.from({ length: ACCESS_CODE_HASHES }, () => hash(randomAccessCode(), ACCESS_CODE_HASH)),
  );
  const windows = ZReferralWindow.array().parse(
    JSON.parse(readFileSync(path.join(repoRoot, 'prisma', 'seed', 'data', 'windows.json'), 'utf8')),
  );
  await setFactTriggers(setup, false);
  let schemaObjects: SchemaObjects | null = null;
  if (options.indexes === 'rebuild') {
    schemaObjects = await readSchemaObjects(setup);
    log(
      `Dropping ${schemaObjects.keys.length + schemaObjects.indexes.length} keys and indexes of the big tables ` +
        `and ${schemaObjects.foreignKeys.length} foreign keys for the load; they are built again at the end.`,
    );
    await dropForBulkLoad(setup, schemaObjects);
  }

  const config: FactoryConfig = {
    seed: options.seed,
    cases: options.cases,
    nowMs,
    timeline,
    windows,
    staff,
    accessCodeHashes,
    // The API under test opens the same data keys (the benchmark's KEK file): its searches find these tokens and
    // it opens what the generator encrypted.
    ...factoryKeys(await openBenchKeys(options.url)),
  };
  const chunks = Math.ceil(options.cases / options.chunkSize);
  const rows: Record<string, number> = Object.fromEntries(Object.keys(TABLES).map((t) => [t, 0]));
  const loadStarted = performance.now();
  const casesConn = await connect(options.url);
  const childConn = await connect(options.url);
  // Only a server on this machine has its backends in our /proc.
  const backends = options.localServer ? await Promise.all([casesConn, childConn].map(backendCpu)) : [null];
  let databaseCpu: number | null = null;
  const cpuBefore = process.cpuUsage();
  await childConn.query(
    `CREATE TEMP TABLE stage_links (case_id uuid, kind text, id uuid, value_key text, value text, display text,
                                    source text, created_at timestamptz)`,
  );
  const pool = new GeneratorPool(config, Math.max(1, Math.min(options.workers, chunks)), options);
  let lastReport = performance.now();
  let loaded = 0;
  let generateMs = 0;
  try {
    let children: Promise<void> = Promise.resolve();
    for (let chunk = 0; chunk < chunks; chunk++) {
      const reply = await pool.take(chunk);
      generateMs += reply.generateMs;
      await copyInto(casesConn, 'cases', reply.tables.cases);
      // The previous chunk's children must be in before this chunk's start (bounded memory, and
      // identifiers keep the created_at of their first case).
      await children;
      children = loadChildren(childConn, reply).then(() => {
        for (const [table, count] of Object.entries(reply.rows)) {
          rows[table] = (rows[table] ?? 0) + count;
        }
        loaded += reply.rows.cases;
      });
      if (loaded > 0 && performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const seconds = (performance.now() - loadStarted) / 1000;
        log(
          `  ${loaded.toLocaleString('en-US')} / ${options.cases.toLocaleString('en-US')} cases ` +
            `(${Math.round(loaded / seconds).toLocaleString('en-US')}/s)`,
        );
      }
    }
    await children;
  } finally {
    await pool.close();
    databaseCpu = backends.every((b) => b !== null)
      ? backends.reduce((sum, b) => sum + (b.read() ?? 0), 0)
      : null;
    await casesConn.end();
    await childConn.end();
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const generatorCpu = (cpu.user + cpu.system) / 1e6;
  log(
    `CPU during the load: ${generatorCpu.toFixed(0)} s in the generator process` +
      (databaseCpu === null ? '' : `, ${databaseCpu.toFixed(0)} s in the two loading backends`) +
      '.',
  );
  log(
    `Loaded ${options.cases.toLocaleString('en-US')} cases in ${loadSeconds.toFixed(1)} s ` +
      `(generator threads busy ${(generateMs / 1000).toFixed(1)} s in total).`,
  );

  // The dataset's audit rows and case events span years: months without a partition went to the DEFAULT
  // partitions (audit_log_default, case_events_default). Give each month its own partition, as the
  // audit.ensure-partitions job and the migrations leave a live database (an empty default; a time range reads
  // its months only).
  for (const table of MONTHLY_TABLES) {
    const drained = await drainAuditDefault({ databaseUrl: options.url, table });
    log(
      `${table}: ${drained.moved.toLocaleString('en-US')} rows moved into ${drained.created.length} month partitions.`,
    );
  }

  // Two connections for the two cores: keys and indexes, then foreign keys, then VACUUM (ANALYZE)
  // of every table (what autovacuum would have done on a live system: visibility map, hint bits,
  // statistics).
  const other = await connect(options.url);
  const restored = schemaObjects ? await restoreAfterBulkLoad([setup, other], schemaObjects, log) : null;
  await setFactTriggers(setup, true);
  const finishStarted = performance.now();
  const { rows: tables } = await other.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
  );
  // Split by size: cases, triage results and intakes on one connection; audit_log, case_events and
  // the small tables on the other.
  const first = ['cases', 'triage_results', 'intakes'];
  const rest = tables.map((t) => t.name).filter((name) => !first.includes(name));
  const vacuum = (client: pg.Client, names: string[]) =>
    client.query(`VACUUM (ANALYZE) ${names.map((name) => `"${name}"`).join(', ')}`);
  await Promise.all([vacuum(setup, first), vacuum(other, rest)]);
  // The partitioned parents' own statistics (VACUUM above did their partitions), as the audit.ensure-partitions
  // job gathers them daily on a live system.
  await setup.query(`ANALYZE audit_log, case_events`);
  await other.end();
  const vacuumSeconds = (performance.now() - finishStarted) / 1000;
  log(`VACUUM (ANALYZE) of every table in ${vacuumSeconds.toFixed(1)} s.`);
  const checked = await checkFacts(setup);
  log(
    `Derived facts as the database's triggers would have kept them (sample of ${checked.cases} cases, ` +
      `${checked.referrals} referrals).`,
  );
  const counted = await setup.query<{ identifiers: string; case_identifiers: string; bytes: string }>(
    `SELECT (SELECT count(*) FROM identifiers) AS identifiers,
            (SELECT count(*) FROM case_identifiers) AS case_identifiers,
            pg_database_size(current_database()) AS bytes`,
  );
  const { identifier_links: links, ...loadedRows } = rows;
  void links;
  const stats: GenerateStats = {
    cases: options.cases,
    seconds: (performance.now() - started) / 1000,
    loadSeconds,
    indexSeconds: restored?.indexSeconds ?? null,
    foreignKeySeconds: restored?.foreignKeySeconds ?? null,
    vacuumSeconds,
    casesPerSecond: options.cases / loadSeconds,
    cpuSeconds: { generator: generatorCpu, database: databaseCpu },
    rows: {
      ...loadedRows,
      identifiers: Number(counted.rows[0]!.identifiers),
      case_identifiers: Number(counted.rows[0]!.case_identifiers),
      users: staff.length + 1,
    },
    databaseBytes: Number(counted.rows[0]!.bytes),
    indexes: options.indexes,
    workers: options.workers,
    dataUntil: dataUntil.toISOString(),
  };
  await setup.end();
  await writeMarker(options.url, {
    cases: options.cases,
    seed: options.seed,
    generatorVersion: GENERATOR_VERSION,
    state: 'complete',
    dataUntil,
    details: stats,
  });
  return stats;
}

/**
 * CPU time of a connection's backend process from /proc (the embedded server runs on this
 * machine); null when the server is elsewhere. `read()` returns seconds since the call.
 */
async function backendCpu(client: pg.Client): Promise<{ read(): number | null } | null> {
  const { rows } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
  const ticks = () => {
    try {
      const fields = readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 Hz)
    } catch {
      return null;
    }
  };
  const start = ticks();
  return start === null ? null : { read: () => ((ticks() ?? start) - start) / 100 };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'madoguchi-bench-loader' });
  // When a step fails the harness stops the server while these are still open: the failure is
  // reported by the step's own rejection, not as an unhandled 'error' event that hides it.
  client.on('error', () => undefined);
  await client.connect();
  // A crash mid-load means regenerating anyway, so the WAL flush per COPY is not worth waiting for.
  await client.query(`SET synchronous_commit = off`);
  return client;
}

async function loadChildren(client: pg.Client, reply: ChunkReply): Promise<void> {
  await copyInto(client, 'intakes', reply.tables.intakes);
  await copyInto(client, 'triage_results', reply.tables.triage_results);
  await copyInto(client, 'case_events', reply.tables.case_events);
  // Identifiers are shared across cases: stage the links, add the identifiers not seen before (first use wins,
  // as with the API's upsert), then link by their keyed value. As the API writes them: keyed value, value and
  // display encrypted under the row's id (which the factory derives from the value, so every link agrees).
  await client.query(`TRUNCATE stage_links`);
  await copyInto(client, 'stage_links', reply.tables.identifier_links, TABLES.identifier_links);
  await client.query(`
    INSERT INTO identifiers (id, kind, value_key, value, display, created_at)
    SELECT DISTINCT ON (s.kind, s.value_key) s.id, s.kind::"IdentifierKind", s.value_key, s.value, s.display, s.created_at
    FROM stage_links s ORDER BY s.kind, s.value_key, s.created_at
    ON CONFLICT (kind, value_key) DO NOTHING`);
  await client.query(`
    INSERT INTO case_identifiers (case_id, identifier_id, source, created_at)
    SELECT s.case_id, i.id, s.source, s.created_at
    FROM stage_links s
    JOIN identifiers i ON i.kind = s.kind::"IdentifierKind" AND i.value_key = s.value_key
    ON CONFLICT DO NOTHING`);
  await copyInto(client, 'referrals', reply.tables.referrals);
  await copyInto(client, 'referral_status_changes', reply.tables.referral_status_changes);
  await copyInto(client, 'case_links', reply.tables.case_links);
  await copyInto(client, 'audit_log', reply.tables.audit_log);
}

async function copyInto(
  client: pg.Client,
  table: string,
  data: Uint8Array,
  columns: readonly string[] = TABLES[table as TableName],
): Promise<void> {
  if (data.byteLength === 0) {
    return;
  }
  const statement = `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(statement));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}

function randomAccessCode(): string {
  let code = '';
  for (let i = 0; i < ACCESS_CODE_LENGTH; i++) {
    code += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
  }
  return formatReadable(code, 5);
}

/**
 * Generator threads fed with chunk numbers; replies are handed out in chunk order. At most two
 * chunks per thread are in flight, which bounds memory to a few chunks' worth of COPY text.
 */
export class GeneratorPool {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>[] = [];
  private readonly replies = new Map<number, ChunkReply>();
  private readonly waiting = new Map<number, (reply: ChunkReply) => void>();
  private nextToSend = 0;
  private failure: Error | null = null;
  private readonly inFlight: number[];

  constructor(
    config: FactoryConfig,
    count: number,
    private readonly options: Pick<GenerateOptions, 'cases' | 'chunkSize'>,
  ) {
    const file = path.join(__dirname, 'generator-worker.ts');
    this.inFlight = Array.from({ length: count }, () => 0);
    for (let i = 0; i < count; i++) {
      // Worker threads do not inherit tsx's loader: register it in the thread, then load the file.
      const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, {
        eval: true,
        workerData: config,
      });
      this.ready.push(new Promise((resolve) => worker.once('message', () => resolve())));
      worker.on('message', (message: ChunkReply | { ready: true }) => {
        if ('ready' in message) {
          return;
        }
        this.inFlight[i]!--;
        const waiter = this.waiting.get(message.chunk);
        if (waiter) {
          this.waiting.delete(message.chunk);
          waiter(message);
        } else {
          this.replies.set(message.chunk, message);
        }
      });
      worker.on('error', (error) => this.fail(error));
      this.workers.push(worker);
    }
  }

  private get chunks(): number {
    return Math.ceil(this.options.cases / this.options.chunkSize);
  }

  /** Keeps every thread busy with up to two chunks ahead of the one being loaded. */
  private feed(): void {
    for (let i = 0; i < this.workers.length; i++) {
      while (
        this.inFlight[i]! < 2 &&
        this.nextToSend < this.chunks &&
        this.replies.size < this.workers.length * 2
      ) {
        const chunk = this.nextToSend++;
        const from = chunk * this.options.chunkSize;
        const to = Math.min(this.options.cases, from + this.options.chunkSize);
        this.inFlight[i]!++;
        this.workers[i]!.postMessage({ chunk, from, to });
      }
    }
  }

  async take(chunk: number): Promise<ChunkReply> {
    await Promise.all(this.ready);
    if (this.failure) {
      throw this.failure;
    }
    this.feed();
    const stored = this.replies.get(chunk);
    if (stored) {
      this.replies.delete(chunk);
      this.feed();
      return stored;
    }
    const reply = await new Promise<ChunkReply>((resolve, reject) => {
      this.waiting.set(chunk, resolve);
      this.rejectWaiting = reject;
    });
    this.feed();
    return reply;
  }

  private rejectWaiting: ((error: Error) => void) | null = null;

  private fail(error: Error): void {
    this.failure = error;
    this.rejectWaiting?.(error);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
