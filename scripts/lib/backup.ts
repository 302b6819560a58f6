// Logical backup and restore of the application's data (`npm run db:backup`, `npm run db:restore`;
// docs/deployment.md, "Backups"). No pg_dump matching the embedded PostgreSQL 17 exists here (Debian's client
// tools are version 15 and refuse a newer server), so the data travels through COPY:
//
// - backup: one REPEATABLE READ, READ ONLY transaction (one snapshot for every table, as pg_dump takes), each
//   table of the `public` schema COPYed out in foreign-key order, sorted by its primary key (so the same rows
//   give the same bytes), into a .tar.gz with a manifest: tables, columns, row counts, SHA-256 per table, the
//   sequences, the Prisma migrations applied, the time, and the ids (fingerprints, not keys) of the
//   key-encryption keys the data keys are wrapped under. The key-encryption key itself is never in it.
// - restore: only into an empty database (or, with force, one dropped and created again): the migrations the
//   backup was taken at are applied (the schema comes from the project's own migrations, not from the
//   archive) plus the partitions the backup lists that the migrations did not create, then every table is
//   loaded in one transaction with its user triggers disabled — the append-only guards of audit_log and
//   disclosures and the triggers maintaining derived tables (case counters, case facts, next follow-up) must
//   not fire, because the derived tables are restored as they were. Row counts and
//   hashes are checked against the manifest (the archive's bytes as read, and the tables exported again)
//   before the transaction commits, sequences are set, and migrations newer than the backup are applied last.
//
// Not in the backup: the job queue's schema (`pgboss`: queued jobs are re-created from the tables by the
// sweeps, schedules at start), the `_prisma_migrations` rows (re-created by applying the same migrations), the
// database roles (re-granted by `npm run db:roles`), evidence files (EVIDENCE_DIR or the S3 bucket) and the
// key-encryption key.
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createWriteStream, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import {
  applyMigrations,
  databaseExists,
  ensureDatabase,
  listMigrations,
  migrationsDir as defaultMigrationsDir,
  quoteIdent,
  runAdminStatement,
  withDatabase,
} from '@madoguchi/db/tooling';
import type { KeyEncryptionKey } from '../../apps/api/src/common/crypto/key-encryption-key';
import { ArchiveError, ArchiveWriter, readArchive, readEntry } from './backup-archive';

export const BACKUP_FORMAT = 'madoguchi-backup/1';
const SCHEMA = 'public';
const JOBS_SCHEMA = 'pgboss';
const MIGRATIONS_TABLE = '_prisma_migrations';
const MANIFEST = 'manifest.json';

export type BackupTable = {
  name: string;
  /** The archive entry holding the table's rows (COPY text format, UTF-8). */
  file: string;
  columns: string[];
  /** The ORDER BY of the export (primary key, text in the "C" collation): the same rows give the same bytes. */
  orderBy: string;
  rows: number;
  bytes: number;
  sha256: string;
};

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: string;
  serverVersion: string;
  /** The last Prisma migration applied to the database when it was backed up. */
  schemaMigration: string | null;
  migrations: { name: string; checksum: string }[];
  tables: BackupTable[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  /**
   * Partitions of partitioned tables, parents first. Their rows are in the parent's entry; a partition that the
   * migrations do not create (one made ahead of time by a job) is created before the load, so rows land where
   * they were and not in a DEFAULT partition that would then block creating it.
   */
  partitions: BackupPartition[];
  /** Ids (keyed fingerprints, never the keys) of the key-encryption keys the data keys are wrapped under. */
  keyEncryptionKeyIds: string[];
  notIncluded: string[];
};

export type BackupPartition = {
  name: string;
  parent: string;
  /** `FOR VALUES …` or `DEFAULT` (pg_get_expr of the partition bound). */
  bound: string;
  /** The partition key of a partition that is itself partitioned. */
  partitionBy: string | null;
};

export class BackupError extends Error {}

const NOT_INCLUDED = [
  'the key-encryption key (MADOGUCHI_KEK / MADOGUCHI_KEK_FILE / .data/keys/kek): keep it apart from the backups',
  "the access codes' keys (ACCESS_CODE_KEYS / .data/access-code-key): without them no status-page look-up works",
  'evidence files (EVIDENCE_DIR or the S3 bucket): back them up on their own',
  'the job queue (schema pgboss): pending mails, scans and schedules are re-created from the tables at start',
  'the database roles and grants: npm run db:roles after a restore',
];

/**
 * Fixed output settings for every COPY: timestamps, intervals, floats and bytes render the same way on any
 * server and in any session, so a table's hash depends on its rows only.
 */
const STABLE_OUTPUT = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
  "SET client_encoding = 'UTF8'",
  'SET statement_timeout = 0',
];

const ident = (name: string) => quoteIdent(name);
const qualified = (name: string) => `${ident(SCHEMA)}.${ident(name)}`;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const statement of STABLE_OUTPUT) {
    await client.query(statement);
  }
  return client;
}

type TableShape = { name: string; columns: string[]; orderBy: string };

/** The application's tables (partitioned parents, not their partitions), in an order that loads under FKs. */
async function tablesInLoadOrder(client: pg.Client): Promise<TableShape[]> {
  const tables = await client.query<{ oid: number; name: string }>(
    `SELECT c.oid, c.relname AS name FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> $2
      ORDER BY c.relname`,
    [SCHEMA, MIGRATIONS_TABLE],
  );
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent FROM pg_constraint f
       JOIN pg_class ch ON ch.oid = f.conrelid JOIN pg_class pa ON pa.oid = f.confrelid
      WHERE f.contype = 'f' AND ch.relnamespace = $1::regnamespace AND f.conrelid <> f.confrelid
        AND f.conparentid = 0`,
    [SCHEMA],
  );
  const names = tables.rows.map((t) => t.name);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const { child, parent } of edges.rows) {
    if (parents.has(child) && parents.has(parent)) {
      parents.get(child)!.add(parent);
    }
  }
  // Kahn's algorithm, alphabetical among the ready ones (a stable, readable order). A table referencing
  // itself (cases.merged_into) needs nothing: non-deferred FK checks run at the end of the COPY statement.
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    if (ready.length === 0) {
      const left = names.filter((n) => !placed.has(n));
      throw new BackupError(`Foreign keys form a cycle between ${left.join(', ')}: no load order exists`);
    }
    for (const name of ready) {
      order.push(name);
      placed.add(name);
    }
  }
  const oidOf = new Map(tables.rows.map((t) => [t.name, t.oid]));
  const shapes: TableShape[] = [];
  for (const name of order) {
    const oid = oidOf.get(name)!;
    const columns = await client.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute
        WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
        ORDER BY attnum`,
      [oid],
    );
    const key = await client.query<{ name: string; collatable: boolean }>(
      `SELECT a.attname AS name, a.attcollation <> 0 AS collatable
         FROM pg_index i
         JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = $1 AND i.indisprimary
        ORDER BY k.ord`,
      [oid],
    );
    const orderBy = key.rows.length
      ? key.rows.map((k) => `${ident(k.name)}${k.collatable ? ' COLLATE "C"' : ''}`).join(', ')
      : `(${ident(name)}.*)::text COLLATE "C"`;
    shapes.push({ name, columns: columns.rows.map((c) => c.name), orderBy });
  }
  return shapes;
}

/** Every partition in the application's schema, each after its parent. */
async function partitionsOf(client: pg.Client): Promise<BackupPartition[]> {
  const rows = await client.query<BackupPartition>(
    `SELECT c.relname AS name, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS "partitionBy"
       FROM pg_class c
       JOIN pg_inherits i ON i.inhrelid = c.oid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE c.relnamespace = $1::regnamespace AND c.relispartition AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
    [SCHEMA],
  );
  const ordered: BackupPartition[] = [];
  const placed = new Set<string>();
  let pending = rows.rows;
  while (pending.length) {
    const names = new Set(pending.map((r) => r.name));
    const ready = pending.filter((r) => !names.has(r.parent) || placed.has(r.parent));
    for (const partition of ready) {
      ordered.push(partition);
      placed.add(partition.name);
    }
    pending = pending.filter((r) => !placed.has(r.name));
  }
  return ordered;
}

function exportSql(table: TableShape): string {
  return `COPY (SELECT ${table.columns.map(ident).join(', ')} FROM ${qualified(table.name)} ORDER BY ${table.orderBy}) TO STDOUT`;
}

/** Hashes, counts bytes and rows (one line per row in COPY's text format) of what passes through. */
class Tally extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  rows = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      this.rows += 1;
    }
    this.push(chunk);
    done();
  }

  result() {
    return { rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** Exports a table again and returns its row count and hash (what the manifest says of it). */
async function tallyTable(client: pg.Client, table: TableShape) {
  const tally = new Tally();
  await pipeline(client.query(copyTo(exportSql(table))), tally, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      void chunk;
    }
  });
  return tally.result();
}

export type BackupResult = { file: string; manifest: BackupManifest; bytes: number };

/** Writes a backup of `databaseUrl` (the owner's URL) to `file` (.tar.gz, mode 0600). */
export async function createBackup(options: {
  databaseUrl: string;
  file: string;
  log?: (line: string) => void;
  now?: Date;
}): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const file = path.resolve(options.file);
  await mkdir(path.dirname(file), { recursive: true });
  // Tables are spooled to files first (a tar header needs each size), next to the output: same disk.
  const spool = await mkdtemp(path.join(path.dirname(file), '.madoguchi-backup-'));
  const partial = `${file}.partial`;
  const client = await connect(options.databaseUrl);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const migrationsTable = await client.query(`SELECT to_regclass($1) AS t`, [
      `${SCHEMA}.${MIGRATIONS_TABLE}`,
    ]);
    if (!migrationsTable.rows[0].t) {
      throw new BackupError(
        'This database has no Madoguchi schema (no _prisma_migrations table): nothing to back up',
      );
    }
    const unfinished = await client.query<{ name: string }>(
      `SELECT migration_name AS name FROM ${qualified(MIGRATIONS_TABLE)}
        WHERE finished_at IS NULL AND rolled_back_at IS NULL`,
    );
    if (unfinished.rows.length) {
      throw new BackupError(
        `The migration ${unfinished.rows.map((r) => r.name).join(', ')} failed or is still running: ` +
          'fix the schema first (npm run db:migrate), then back up',
      );
    }
    const tables = await tablesInLoadOrder(client);
    // Like pg_dump: no migration may change a table while it is being read.
    await client.query(
      `LOCK TABLE ${[MIGRATIONS_TABLE, ...tables.map((t) => t.name)].map(qualified).join(', ')} IN ACCESS SHARE MODE`,
    );
    const migrations = await client.query<{ name: string; checksum: string }>(
      `SELECT migration_name AS name, checksum FROM ${qualified(MIGRATIONS_TABLE)}
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const server = await client.query<{ version: string; database: string }>(
      `SELECT current_setting('server_version') AS version, current_database() AS database`,
    );

    const written: BackupTable[] = [];
    for (const [index, table] of tables.entries()) {
      const entry = `data/${String(index + 1).padStart(3, '0')}-${table.name}.copy`;
      const spooled = path.join(spool, `${index}.copy`);
      const tally = new Tally();
      await pipeline(
        client.query(copyTo(exportSql(table))),
        tally,
        createWriteStream(spooled, { mode: 0o600 }),
      );
      written.push({ ...table, file: entry, ...tally.result() });
      log(`  ${table.name}: ${tally.rows} rows`);
    }

    const sequences: BackupManifest['sequences'] = [];
    const sequenceNames = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'S' ORDER BY relname`,
      [SCHEMA],
    );
    for (const { name } of sequenceNames.rows) {
      // Sequences are outside the snapshot: the value read now is at least the one the rows used.
      const value = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${qualified(name)}`,
      );
      sequences.push({ name, lastValue: value.rows[0]!.last_value, isCalled: value.rows[0]!.is_called });
    }
    const partitions = await partitionsOf(client);
    const keks = tables.some((t) => t.name === 'data_keys')
      ? await client.query<{ kek_id: string }>(
          `SELECT DISTINCT kek_id FROM ${qualified('data_keys')} ORDER BY kek_id`,
        )
      : { rows: [] };
    await client.query('COMMIT');

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: (options.now ?? new Date()).toISOString(),
      database: server.rows[0]!.database,
      serverVersion: server.rows[0]!.version,
      schemaMigration: migrations.rows.at(-1)?.name ?? null,
      migrations: migrations.rows,
      tables: written,
      sequences,
      partitions,
      keyEncryptionKeyIds: keks.rows.map((r) => r.kek_id),
      notIncluded: NOT_INCLUDED,
    };
    const archive = new ArchiveWriter(partial);
    await archive.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    for (const [index, table] of written.entries()) {
      await archive.addFile(table.file, path.join(spool, `${index}.copy`), table.bytes);
    }
    await archive.close();
    await rename(partial, file);
    return { file, manifest, bytes: (await stat(file)).size };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    await rm(spool, { recursive: true, force: true });
  }
}

/** The manifest alone (the archive's first entry). */
export async function readManifest(file: string): Promise<BackupManifest> {
  for await (const entry of readArchive(file)) {
    if (entry.name !== MANIFEST) {
      break;
    }
    const manifest = JSON.parse((await readEntry(entry)).toString('utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT) {
      throw new BackupError(
        `${file} is a "${String(manifest.format)}" archive; this version reads ${BACKUP_FORMAT}`,
      );
    }
    return manifest;
  }
  throw new BackupError(`${file} is not a Madoguchi backup: it does not start with ${MANIFEST}`);
}

/** Relations in the application's schema and whether the job queue's schema exists: empty means neither. */
async function targetContents(url: string): Promise<{ tables: string[]; jobsSchema: boolean }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S')
        ORDER BY relname`,
      [SCHEMA],
    );
    const jobs = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [JOBS_SCHEMA]);
    return { tables: tables.rows.map((r) => r.name), jobsSchema: (jobs.rowCount ?? 0) > 0 };
  } finally {
    await client.end();
  }
}

/** A migrations folder holding only the migrations the backup was taken at (the schema the rows fit). */
async function migrationsAsOf(
  manifest: BackupManifest,
  sourceDir: string,
): Promise<{ dir: string; newer: string[] }> {
  const available = (await listMigrations(sourceDir)).migrationDirectories.map((m) => m.path);
  const missing = manifest.migrations.filter((m) => !available.includes(m.name));
  if (missing.length) {
    throw new BackupError(
      `The backup was taken with migrations this code does not have (${missing.map((m) => m.name).join(', ')}): ` +
        'restore it with the version of Madoguchi that made it, or a newer one',
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-restore-migrations-'));
  for (const { name } of manifest.migrations) {
    await cp(path.join(sourceDir, name), path.join(dir, name), { recursive: true });
  }
  const lock = path.join(sourceDir, 'migration_lock.toml');
  if (existsSync(lock)) {
    await cp(lock, path.join(dir, 'migration_lock.toml'));
  }
  const inBackup = new Set(manifest.migrations.map((m) => m.name));
  return { dir, newer: available.filter((name) => !inBackup.has(name)) };
}

async function changedMigrations(manifest: BackupManifest, sourceDir: string): Promise<string[]> {
  const changed: string[] = [];
  for (const { name, checksum } of manifest.migrations) {
    const sql = await readFile(path.join(sourceDir, name, 'migration.sql'));
    if (createHash('sha256').update(sql).digest('hex') !== checksum) {
      changed.push(name);
    }
  }
  return changed;
}

export type RestoreResult = {
  manifest: BackupManifest;
  tables: { name: string; rows: number }[];
  /** Migrations newer than the backup, applied after the data was loaded. */
  appliedAfter: string[];
  /** With a KEK given: how many of the restored data keys it opens (all, or the encrypted columns stay unreadable). */
  keyCheck?: { dataKeys: number; opened: number; kekId: string };
};

/**
 * Restores `file` into `databaseUrl` (the owner's URL). The database must be empty or missing (created
 * then); `force` drops it and creates it again first (every connection to it is ended).
 */
export async function restoreBackup(options: {
  file: string;
  databaseUrl: string;
  force?: boolean;
  kek?: KeyEncryptionKey;
  migrationsDir?: string;
  log?: (line: string) => void;
}): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const url = options.databaseUrl;
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const manifest = await readManifest(options.file);
  const sourceDir = options.migrationsDir ?? defaultMigrationsDir;
  const changed = await changedMigrations(manifest, sourceDir).catch(() => [] as string[]);
  const { dir: asOf, newer } = await migrationsAsOf(manifest, sourceDir);
  try {
    if (changed.length) {
      log(
        `WARNING: these migrations changed since the backup was taken: ${changed.join(', ')}. The rows are ` +
          'loaded into the schema they build now; the hash check below says whether everything fits.',
      );
    }
    if (await databaseExists(url)) {
      const contents = await targetContents(url);
      const empty = contents.tables.length === 0 && !contents.jobsSchema;
      if (!empty && !options.force) {
        throw new BackupError(
          `The database "${database}" is not empty (${contents.tables.length} relations in "${SCHEMA}"` +
            `${contents.jobsSchema ? `, schema "${JOBS_SCHEMA}"` : ''}). Restore into a new database ` +
            '(point DATABASE_URL at one that does not exist yet, it is created), or add --force to drop ' +
            `"${database}" and create it again.`,
        );
      }
      if (!empty) {
        log(`Dropping the database "${database}" and creating it again (--force)…`);
        const admin = withDatabase(url, 'postgres');
        await runAdminStatement(admin, `DROP DATABASE ${ident(database)} WITH (FORCE)`);
        await runAdminStatement(admin, `CREATE DATABASE ${ident(database)}`);
      }
    } else {
      await ensureDatabase(url);
      log(`Created the database "${database}".`);
    }

    log(
      `Applying the ${manifest.migrations.length} migrations of the backup (up to ${manifest.schemaMigration})…`,
    );
    await applyMigrations({ databaseUrl: url, migrationsDir: asOf });
    const tables = await loadData({ url, file: options.file, manifest, log });

    const appliedAfter = newer.length
      ? await applyMigrations({ databaseUrl: url, migrationsDir: sourceDir })
      : [];
    if (appliedAfter.length) {
      log(`Applied the migrations newer than the backup: ${appliedAfter.join(', ')}.`);
    }
    const keyCheck = options.kek ? await checkKek(url, options.kek) : undefined;
    return { manifest, tables, appliedAfter, keyCheck };
  } finally {
    await rm(asOf, { recursive: true, force: true });
  }
}

/** Loads every table in one transaction; checks the archive's bytes and the tables exported again. */
async function loadData(options: {
  url: string;
  file: string;
  manifest: BackupManifest;
  log: (line: string) => void;
}): Promise<{ name: string; rows: number }[]> {
  const { manifest, log } = options;
  const byFile = new Map(manifest.tables.map((t) => [t.file, t]));
  const client = await connect(options.url);
  try {
    await client.query('BEGIN');
    for (const partition of manifest.partitions ?? []) {
      const exists = await client.query(`SELECT to_regclass($1) AS t`, [qualified(partition.name)]);
      if (!exists.rows[0].t) {
        await client.query(
          `CREATE TABLE ${qualified(partition.name)} PARTITION OF ${qualified(partition.parent)} ${partition.bound}` +
            (partition.partitionBy ? ` PARTITION BY ${partition.partitionBy}` : ''),
        );
        if (partition.parent === 'audit_log') {
          // Its own TRUNCATE guard and no grants, as audit_log_attach_month makes a month (migration
          // 20261206030000_partition_audit_log).
          await client.query('SELECT audit_log_guard_partition($1::regclass)', [qualified(partition.name)]);
        }
        log(`  created the partition ${partition.name} (${partition.bound})`);
      }
    }
    const loaded = new Set<string>();
    for await (const entry of readArchive(options.file)) {
      if (entry.name === MANIFEST) {
        continue;
      }
      const table = byFile.get(entry.name);
      if (!table) {
        throw new BackupError(`The archive holds ${entry.name}, which its manifest does not list`);
      }
      // Disabling user triggers needs only ownership of the table, and lasts only as long as this transaction
      // if anything fails: the append-only guards and the derived-table triggers stay off for the load.
      await client.query(`ALTER TABLE ${qualified(table.name)} DISABLE TRIGGER USER`);
      // Rows a migration inserts itself (security_policy's defaults) make way for the backed-up ones.
      await client.query(`DELETE FROM ${qualified(table.name)}`);
      const tally = new Tally();
      await pipeline(
        Readable.from(entry.body),
        tally,
        client.query(
          copyFrom(`COPY ${qualified(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`),
        ),
      );
      const read = tally.result();
      if (read.sha256 !== table.sha256 || read.bytes !== table.bytes || read.rows !== table.rows) {
        throw new BackupError(
          `${table.name}: the archive's data does not match its manifest (${read.rows} rows, sha256 ` +
            `${read.sha256.slice(0, 12)}…; expected ${table.rows}, ${table.sha256.slice(0, 12)}…): the file is damaged`,
        );
      }
      loaded.add(table.name);
    }
    const missing = manifest.tables.filter((t) => !loaded.has(t.name));
    if (missing.length) {
      throw new ArchiveError(`The archive lacks the data of ${missing.map((t) => t.name).join(', ')}`);
    }
    const result: { name: string; rows: number }[] = [];
    for (const table of manifest.tables) {
      await client.query(`ALTER TABLE ${qualified(table.name)} ENABLE TRIGGER USER`);
      const again = await tallyTable(client, table);
      if (again.sha256 !== table.sha256 || again.rows !== table.rows) {
        throw new BackupError(
          `${table.name}: exported again after loading, ${again.rows} rows with sha256 ${again.sha256.slice(0, 12)}… ` +
            `differ from the backup's ${table.rows} rows, ${table.sha256.slice(0, 12)}…`,
        );
      }
      result.push({ name: table.name, rows: table.rows });
      log(`  ${table.name}: ${table.rows} rows, sha256 checked`);
    }
    for (const sequence of manifest.sequences) {
      await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
        qualified(sequence.name),
        sequence.lastValue,
        sequence.isCalled,
      ]);
    }
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** How many of the restored data keys `kek` opens: the encrypted columns are readable only when it opens all. */
async function checkKek(url: string, kek: KeyEncryptionKey) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const keys = await client.query<{ wrapped_key: Buffer }>(
      `SELECT wrapped_key FROM ${qualified('data_keys')} WHERE retired_at IS NULL`,
    );
    let opened = 0;
    for (const { wrapped_key: wrapped } of keys.rows) {
      if (
        await kek.unwrap(wrapped).then(
          () => true,
          () => false,
        )
      ) {
        opened += 1;
      }
    }
    return { dataKeys: keys.rows.length, opened, kekId: kek.id };
  } finally {
    await client.end();
  }
}
