// The owner's side of audit_log's monthly partitions (migration 20261206030000_partition_audit_log;
// docs/deployment.md, "Audit log partitions and retention"):
//
// - archive (`npm run audit:archive -- --before YYYY-MM`): every month before YYYY-MM leaves the database whole.
//   Its partition is COPYed out (one snapshot, ordered by id) into a gzip file plus a manifest (rows, SHA-256,
//   first and last id, range), the file is synced to disk, and only then, in a short transaction, the partition is
//   DETACHed, its row count checked against the file's and the detached table dropped. Never a row delete (the
//   append-only trigger refuses them anyway). A month within the retention period is refused.
// - drain the default (`npm run audit:partitions -- --drain-default`): rows that landed in audit_log_default or
//   case_events_default (a month without a partition; migration 20261207030000_partition_case_events partitions
//   case_events the same way) move into partitions of their months. PostgreSQL refuses to create a partition whose
//   range holds rows of the default, and those rows cannot be deleted from it: so the default is detached, the
//   months are created, its rows are inserted through the parent, the old default is dropped and a new empty one
//   attached, all in one transaction holding audit_log exclusively for the moment it takes.
//
// Both need the owner of audit_log (DATABASE_URL): the API's role holds no privilege on a partition and may not
// detach one, so run as that role they fail at their first statement and change nothing.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

export const AUDIT_ARCHIVE_FORMAT = 'madoguchi-audit-archive/1';
/** The shortest retention the archive command accepts by default (docs/deployment.md). */
export const DEFAULT_AUDIT_RETENTION_MONTHS = 24;

const COLUMNS = [
  'id',
  'at',
  'actor_id',
  'actor_role',
  'action',
  'entity',
  'entity_id',
  'case_id',
  'ip',
  'request_id',
  'meta',
] as const;
/** The tables partitioned by month that `audit:partitions` looks after (the archive is audit_log's only). */
export const MONTHLY_TABLES = ['audit_log', 'case_events'] as const;
export type MonthlyTable = (typeof MONTHLY_TABLES)[number];

const MONTHLY_TABLE_COLUMNS: Record<MonthlyTable, { columns: readonly string[]; partitionKey: string }> = {
  audit_log: { columns: COLUMNS, partitionKey: 'at' },
  case_events: {
    columns: ['id', 'case_id', 'kind', 'public', 'actor_id', 'data', 'created_at', 'body'],
    partitionKey: 'created_at',
  },
};
/**
 * Row triggers that derive facts on other tables from an inserted row (the cases' statistics facts,
 * migration 20261129041653_stats_case_facts). A row that only moves between partitions must not run them again
 * (a category change re-inserted last would win over one of the same time).
 */
const FACT_TRIGGERS: Record<MonthlyTable, readonly string[]> = {
  audit_log: [],
  case_events: ['case_events_keep_case_facts'],
};
const INSUFFICIENT_PRIVILEGE = '42501';

export class AuditPartitionError extends Error {}

export type AuditArchiveManifest = {
  format: typeof AUDIT_ARCHIVE_FORMAT;
  table: 'audit_log';
  partition: string;
  /** [from, to) in UTC. */
  from: string;
  to: string;
  /** The data file next to this manifest: COPY text format (UTF-8), gzip-compressed. */
  file: string;
  columns: string[];
  rows: number;
  /** SHA-256 of the uncompressed COPY text. */
  sha256: string;
  firstId: string | null;
  lastId: string | null;
  database: string;
  serverVersion: string;
  archivedAt: string;
};

export type ArchiveOptions = {
  databaseUrl: string;
  /** `YYYY-MM`: every month before it is archived. */
  before: string;
  outDir: string;
  retentionMonths?: number;
  now?: Date;
  log?: (line: string) => void;
};

/** Parses `YYYY-MM` into the first instant of that month (UTC). */
export function parseMonth(value: string): Date {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) {
    throw new AuditPartitionError(`"${value}" is not a month: use YYYY-MM, e.g. 2024-04`);
  }
  return new Date(Date.UTC(Number(match[1]), month - 1, 1));
}

function monthOfPartition(name: string, table: MonthlyTable = 'audit_log'): Date | null {
  const match = new RegExp(`^${table}_y(\\d{4})m(\\d{2})$`).exec(name);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : null;
}

function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'madoguchi-audit-partitions' });
  await client.connect();
  await client.query(`SET TimeZone = 'UTC'`);
  return client;
}

function ownerOnly(error: unknown): never {
  if ((error as { code?: string }).code === INSUFFICIENT_PRIVILEGE) {
    throw new AuditPartitionError(
      `Refused by the database (${(error as Error).message}): run this as the owner of the schema (DATABASE_URL), ` +
        "not as the API's role.",
    );
  }
  throw error;
}

/** The month partitions of audit_log (or case_events), oldest first, and the DEFAULT partition's row count. */
export async function listAuditPartitions(
  databaseUrl: string,
  table: MonthlyTable = 'audit_log',
): Promise<{ months: { name: string; month: Date }[]; defaultRows: number }> {
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
        WHERE h.inhparent = $1::regclass ORDER BY 1`,
      [`public.${table}`],
    );
    const months = rows.flatMap((r) => {
      const month = monthOfPartition(r.name, table);
      return month ? [{ name: r.name, month }] : [];
    });
    const defaultRows = rows.some((r) => r.name === `${table}_default`)
      ? Number(
          (
            await client
              .query<{ n: string }>(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(`${table}_default`)}`)
              .catch(ownerOnly)
          ).rows[0]!.n,
        )
      : 0;
    return { months, defaultRows };
  } finally {
    await client.end();
  }
}

/**
 * Archives and removes every month partition before `before`. Returns the manifests written, oldest first.
 * A month already archived (its file exists) stops the run before anything of that month is touched.
 */
export async function archiveAuditPartitions(options: ArchiveOptions): Promise<AuditArchiveManifest[]> {
  const log = options.log ?? (() => undefined);
  const before = parseMonth(options.before);
  const now = options.now ?? new Date();
  const retention = options.retentionMonths ?? DEFAULT_AUDIT_RETENTION_MONTHS;
  const latest = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - retention, 1));
  if (before > latest) {
    throw new AuditPartitionError(
      `--before ${options.before} would archive months inside the retention period of ${retention} months: ` +
        `the latest allowed is ${latest.toISOString().slice(0, 7)}.`,
    );
  }
  const { months } = await listAuditPartitions(options.databaseUrl);
  const due = months.filter((p) => p.month < before);
  if (due.length === 0) {
    log(`No month partition of audit_log before ${options.before}.`);
    return [];
  }
  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  const manifests: AuditArchiveManifest[] = [];
  for (const partition of due) {
    manifests.push(await archiveOne({ ...options, partition, log }));
  }
  return manifests;
}

async function archiveOne(args: {
  databaseUrl: string;
  outDir: string;
  partition: { name: string; month: Date };
  log: (line: string) => void;
}): Promise<AuditArchiveManifest> {
  const { name, month } = args.partition;
  const file = `${name}.copy.gz`;
  const target = path.join(args.outDir, file);
  const manifestPath = path.join(args.outDir, `${name}.json`);
  if (existsSync(target) || existsSync(manifestPath)) {
    throw new AuditPartitionError(
      `${target} exists already: move it away, or archive into another directory.`,
    );
  }
  const client = await connect(args.databaseUrl);
  const partial = `${target}.partial`;
  try {
    // 1. The rows out, in one snapshot. The month is past: nothing writes into it any more.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const ids = await client
      .query<{ first: string | null; last: string | null }>(
        `SELECT min(id)::text AS first, max(id)::text AS last FROM ${pg.escapeIdentifier(name)}`,
      )
      .catch(ownerOnly);
    const hash = createHash('sha256');
    let rows = 0;
    const tally = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        for (const byte of chunk) {
          if (byte === 0x0a) {
            rows++;
          }
        }
        done(null, chunk);
      },
    });
    const columns = COLUMNS.map((c) => pg.escapeIdentifier(c)).join(', ');
    await pipeline(
      client.query(
        copyTo(`COPY (SELECT ${columns} FROM ${pg.escapeIdentifier(name)} ORDER BY id) TO STDOUT`),
      ),
      tally,
      createGzip(),
      createWriteStream(partial, { mode: 0o600 }),
    );
    await client.query('COMMIT');
    const handle = await open(partial, 'r');
    await handle.sync();
    await handle.close();
    await rename(partial, target);
    const server = await client.query<{ version: string; database: string }>(
      'SELECT current_setting($1) AS version, current_database() AS database',
      ['server_version'],
    );
    const manifest: AuditArchiveManifest = {
      format: AUDIT_ARCHIVE_FORMAT,
      table: 'audit_log',
      partition: name,
      from: month.toISOString(),
      to: nextMonth(month).toISOString(),
      file,
      columns: [...COLUMNS],
      rows,
      sha256: hash.digest('hex'),
      firstId: ids.rows[0]!.first,
      lastId: ids.rows[0]!.last,
      database: server.rows[0]!.database,
      serverVersion: server.rows[0]!.version,
      archivedAt: new Date().toISOString(),
    };
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const manifestHandle = await open(manifestPath, 'r');
    await manifestHandle.sync();
    await manifestHandle.close();

    // 2. The partition leaves the log: detached, checked against the file, dropped. A short lock on audit_log.
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = '10s'`);
    await client
      .query(`ALTER TABLE audit_log DETACH PARTITION ${pg.escapeIdentifier(name)}`)
      .catch(ownerOnly);
    const count = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(name)}`)).rows[0]!
        .n,
    );
    if (count !== rows) {
      throw new AuditPartitionError(
        `${name} holds ${count} rows, the archive ${rows}: nothing was removed; archive this month again.`,
      );
    }
    await client.query(`DROP TABLE ${pg.escapeIdentifier(name)}`);
    await client.query('COMMIT');
    args.log(`Archived ${name}: ${rows} rows to ${target}; the partition is detached and dropped.`);
    return manifest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Moves the rows of audit_log_default (or case_events_default) into partitions of their months (created as
 * needed) and attaches a new, empty default. Returns the months created and the rows moved.
 */
export async function drainAuditDefault(options: {
  databaseUrl: string;
  table?: MonthlyTable;
  log?: (line: string) => void;
}): Promise<{ created: string[]; moved: number }> {
  const log = options.log ?? (() => undefined);
  const table = options.table ?? 'audit_log';
  const { columns: tableColumns, partitionKey } = MONTHLY_TABLE_COLUMNS[table];
  const parent = pg.escapeIdentifier(table);
  const defaultName = `${table}_default`;
  const defaultPartition = pg.escapeIdentifier(defaultName);
  const draining = pg.escapeIdentifier(`${table}_default_draining`);
  const client = await connect(options.databaseUrl);
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = '10s'`);
    // Writers wait for the few moments this takes, and none finds the table without a default meanwhile.
    await client.query(`LOCK TABLE ${parent} IN ACCESS EXCLUSIVE MODE`).catch(ownerOnly);
    const waiting = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${defaultPartition}`).catch(ownerOnly))
        .rows[0]!.n,
    );
    if (waiting === 0) {
      await client.query('COMMIT');
      log(`${defaultName} is empty: nothing to move.`);
      return { created: [], moved: 0 };
    }
    await client.query(`ALTER TABLE ${parent} DETACH PARTITION ${defaultPartition}`);
    await client.query(`ALTER TABLE ${defaultPartition} RENAME TO ${draining}`);
    const { rows: months } = await client.query<{ month: string }>(
      `SELECT DISTINCT to_char(date_trunc('month', ${pg.escapeIdentifier(partitionKey)} AT TIME ZONE 'UTC'),
                               'YYYY-MM-DD') AS month
         FROM ${draining} ORDER BY 1`,
    );
    const created: string[] = [];
    for (const { month } of months) {
      const { rows } = await client.query<{ name: string }>(
        `SELECT ${pg.escapeIdentifier(`${table}_attach_month`)}($1::date) AS name`,
        [month],
      );
      created.push(rows[0]!.name);
    }
    // The rows only move: what their insert derived elsewhere is there already (re-enabled below, in this
    // same transaction, which holds the table exclusively).
    // (Those already off, as during the bench generator's bulk load, stay off.)
    const { rows: enabled } = await client.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger
        WHERE tgrelid = $1::regclass AND tgname = ANY($2::text[]) AND tgenabled <> 'D'`,
      [`public.${table}`, FACT_TRIGGERS[table]],
    );
    const toggled = enabled.map((t) => pg.escapeIdentifier(t.name));
    for (const trigger of toggled) {
      await client.query(`ALTER TABLE ${parent} DISABLE TRIGGER ${trigger}`);
    }
    const columns = tableColumns.map((c) => pg.escapeIdentifier(c)).join(', ');
    const moved = await client.query(`INSERT INTO ${parent} (${columns}) SELECT ${columns} FROM ${draining}`);
    if (moved.rowCount !== waiting) {
      throw new AuditPartitionError(`Moved ${moved.rowCount} of ${waiting} rows: nothing was changed.`);
    }
    for (const trigger of toggled) {
      await client.query(`ALTER TABLE ${parent} ENABLE TRIGGER ${trigger}`);
    }
    // Dropping fires no trigger; its rows are in their months now, in this same transaction.
    await client.query(`DROP TABLE ${draining}`);
    await client.query(`CREATE TABLE ${defaultPartition} (LIKE ${parent})`);
    await client.query(`SELECT ${pg.escapeIdentifier(`${table}_guard_partition`)}($1::regclass)`, [
      defaultName,
    ]);
    await client.query(`ALTER TABLE ${parent} ATTACH PARTITION ${defaultPartition} DEFAULT`);
    await client.query('COMMIT');
    log(`Moved ${waiting} rows out of ${defaultName} into ${created.join(', ')}.`);
    return { created, moved: waiting };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
