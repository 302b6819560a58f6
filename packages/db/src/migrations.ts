// Migrations on Prisma's WebAssembly schema engine.
//
// `prisma migrate` needs a native schema-engine binary that it downloads on first use; these
// machines cannot download it. The same engine ships as WebAssembly (@prisma/schema-engine-wasm)
// and talks to PostgreSQL through the pg driver adapter. Everything it writes is standard:
// migration folders under prisma/migrations and the `_prisma_migrations` table, so the stock
// `prisma migrate deploy` can take over wherever its binary is available.
//
// These are internal Prisma APIs: every prisma/@prisma package is pinned to one exact version
// and test/migrations.spec.ts covers this wrapper.
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { parseIntoClientConfig } from 'pg-connection-string';
import { runAdminStatement } from './admin';
import { installJobQueue } from './job-queue';
import { migrationsDir as defaultMigrationsDir, schemaPath as defaultSchemaPath } from './paths';

type MigrationDirectory = {
  path: string;
  migrationFile: { path: string; content: { tag: 'ok'; value: string } | { tag: 'error'; value: string } };
};
type MigrationList = {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: MigrationDirectory[];
};
type SchemaFiles = { files: { path: string; content: string }[] };
type DiffTarget =
  { tag: 'empty' } | ({ tag: 'schemaDatamodel' } & SchemaFiles) | ({ tag: 'migrations' } & MigrationList);
type WasmSchemaEngine = {
  applyMigrations(input: {
    migrationsList: MigrationList;
    filters: SchemaFilter;
  }): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: SchemaFilter;
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};
/**
 * The schema engine reads PostgreSQL's catalogs, some of whose columns have the internal type
 * "char" (OID 18). adapter-pg 7.10 has no mapping for it and fails with "Column type 'char' could
 * not be deserialized"; pg already returns such values as strings, so report them as text.
 */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
class CatalogFriendlyClient extends pg.Client {
  // pg-pool calls query() with a callback, direct callers get a promise: patch both forms.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, r: pg.QueryResult) =>
        (last as (...a: unknown[]) => void)(err, textForChar(r));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(textForChar) : result) as never;
  }
}

function textForChar(result: pg.QueryResult | undefined) {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
    }
  }
  return result;
}

/**
 * Also replaces PrismaPg's connectToShadowDb (7.10): given a connection string it reconnects to the
 * main database instead of the shadow one (pg lets `connectionString` win over `database`), and it
 * drops the shadow database before closing its pool, which PostgreSQL refuses.
 */
class ShadowSafePg implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly config: pg.ClientConfig;

  constructor(private readonly databaseUrl: string) {
    this.config = parseIntoClientConfig(databaseUrl) as pg.ClientConfig;
  }

  connect() {
    return this.adapterFor(this.config);
  }

  async connectToShadowDb() {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.admin(`CREATE DATABASE "${database}"`);
    const adapter = await this.adapterFor({ ...this.config, database });
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    };
    return adapter;
  }

  private readonly pools = new Set<pg.Pool>();

  /**
   * Ends every pool this factory opened. The engine does not dispose its main connection, and that
   * connection holds the migration advisory lock: left to pg's idle timeout, the next migration run
   * on the same database would wait ~10 s for it.
   */
  async closeAll(): Promise<void> {
    await Promise.all([...this.pools].map((pool) => pool.end().catch(() => undefined)));
    this.pools.clear();
  }

  private async adapterFor(config: pg.ClientConfig) {
    const pool = new pg.Pool({ ...config, max: 2, Client: CatalogFriendlyClient });
    this.pools.add(pool);
    const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
    // adapter-pg 7.10 runs a migration script by splitting it on every ";", which breaks function
    // bodies ($$ … ; … $$). Send the script whole instead, as the native engine does: PostgreSQL
    // runs a multi-statement simple query in one implicit transaction.
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    };
    return adapter;
  }

  private admin(sql: string) {
    return runAdminStatement(this.databaseUrl, sql);
  }
}

type SchemaFilter = { externalTables: string[]; externalEnums: string[] };

export type MigrationOptions = {
  databaseUrl: string;
  migrationsDir?: string;
  schemaPath?: string;
};

const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };
const lockfileName = 'migration_lock.toml';

// Node's WebAssembly global, typed here because this package does not load the DOM lib.
type WasmApi = {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => {
    exports: Record<string, unknown>;
  };
};
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let enginePromise: Promise<{ new: (...args: unknown[]) => Promise<WasmSchemaEngine> }> | undefined;

/** Instantiates the WebAssembly module once per process (the same way @prisma/internals does). */
async function loadEngineClass() {
  enginePromise ??= (async () => {
    const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const runtime = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Record<
      string,
      unknown
    > & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
      SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> };
    };
    const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
    const instance = new wasm.Instance(new wasm.Module(bytes), { './schema_engine_bg.js': runtime });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime.SchemaEngine;
  })();
  return enginePromise;
}

async function withEngine<T>(options: MigrationOptions, fn: (engine: WasmSchemaEngine) => Promise<T>) {
  const SchemaEngine = await loadEngineClass();
  const factory = new ShadowSafePg(options.databaseUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const schema = await readSchema(options);
  const engine = await SchemaEngine.new(
    { datamodels: schema.files.map((f) => [f.path, f.content]) },
    () => undefined,
    adapter,
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await factory.closeAll();
  }
}

async function readSchema(options: MigrationOptions): Promise<SchemaFiles> {
  const file = options.schemaPath ?? defaultSchemaPath;
  return { files: [{ path: file, content: await readFile(file, 'utf8') }] };
}

/** Reads prisma/migrations the way the Prisma CLI does (sorted folder names, one migration.sql each). */
export async function listMigrations(dir = defaultMigrationsDir): Promise<MigrationList> {
  const lockContent = await readFile(path.join(dir, lockfileName), 'utf8').catch(() => null);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationDirectory[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const content = await readFile(path.join(dir, entry.name, 'migration.sql'), 'utf8')
      .then((value) => ({ tag: 'ok' as const, value }))
      .catch((error: Error) => ({ tag: 'error' as const, value: error.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: dir,
    lockfile: { path: lockfileName, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * Applies pending migrations (what `prisma migrate deploy` does), then installs or migrates the job
 * queue's schema (job-queue.ts). Returns the names of the Prisma migrations applied now.
 */
export async function applyMigrations(options: MigrationOptions): Promise<string[]> {
  const migrationsList = await listMigrations(options.migrationsDir);
  const applied = await withEngine(options, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return result.appliedMigrationNames;
  });
  await installJobQueue({ databaseUrl: options.databaseUrl });
  return applied;
}

/**
 * SQL that would bring a database built from the migrations up to schema.prisma, or '' when the
 * two agree. Uses a throw-away shadow database on the same server (created and dropped by the
 * adapter), like `prisma migrate diff --from-migrations`.
 */
export async function diffMigrationsToSchema(options: MigrationOptions): Promise<string> {
  const migrationsList = await listMigrations(options.migrationsDir);
  const schema = await readSchema(options);
  return withEngine(options, async (engine) => {
    const result = await engine.diff({
      // The engine needs migration_lock.toml to read a history; with no history yet, diff from empty.
      from:
        migrationsList.migrationDirectories.length === 0
          ? { tag: 'empty' }
          : { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', ...schema },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return normaliseScript(withoutCoveringIndexes(result.stdout ?? ''));
  });
}

/**
 * Indexes whose INCLUDE columns schema.prisma cannot express: the migrations create them with INCLUDE, the
 * schema names them by their key columns alone, so the engine sees a different index and would drop and
 * recreate them without the columns. `key` is the index as the schema describes it (the engine's CREATE
 * statement); test/migrations.spec.ts checks that the migrated database holds `definition`.
 */
export const COVERING_INDEXES = [
  {
    name: 'cases_created_at_idx',
    key: 'CREATE INDEX "cases_created_at_idx" ON "cases"("created_at");',
    definition:
      'CREATE INDEX cases_created_at_idx ON public.cases USING btree (created_at) INCLUDE (priority, urgency, ' +
      'channel, status, person_age, prefecture, closed_at, first_response_at, categories_judged_at, ' +
      'triage_overridden, suggested_categories, confirmed_categories, triage_rule_ids, response_target_at, ' +
      'response_target_of)',
  },
  {
    name: 'cases_closed_at_created_at_idx',
    key: 'CREATE INDEX "cases_closed_at_created_at_idx" ON "cases"("closed_at", "created_at");',
    definition:
      'CREATE INDEX cases_closed_at_created_at_idx ON public.cases USING btree (closed_at, created_at) ' +
      'INCLUDE (last_reopened_at, id)',
  },
  {
    name: 'cases_open_next_follow_up_idx',
    key:
      'CREATE INDEX "cases_open_next_follow_up_idx" ON "cases"("next_follow_up_at") ' +
      `WHERE (status <> 'closed'::"CaseStatus" AND next_follow_up_at IS NOT NULL);`,
    definition:
      'CREATE INDEX cases_open_next_follow_up_idx ON public.cases USING btree (next_follow_up_at) ' +
      `INCLUDE (priority, created_at, id) WHERE ((status <> 'closed'::"CaseStatus") AND (next_follow_up_at IS NOT NULL))`,
  },
] as const;

/**
 * The engine's script without the drop and re-creation of a covering index by its key alone (its INCLUDE is
 * the only difference). Any other change to such an index (its keys, or the schema dropping it) stays.
 */
function withoutCoveringIndexes(script: string): string {
  const statements = script.split(/\n\n/);
  const sqlOf = (statement: string) =>
    statement
      .split('\n')
      .filter((line) => !line.startsWith('--'))
      .join('\n')
      .trim();
  const present = new Set(statements.map(sqlOf));
  const recreated = COVERING_INDEXES.filter(
    (index) => present.has(`DROP INDEX "${index.name}";`) && present.has(index.key),
  ).flatMap((index) => [`DROP INDEX "${index.name}";`, index.key]);
  const kept = statements.filter((statement) => !recreated.includes(sqlOf(statement)));
  return kept.length === statements.length ? script : kept.join('\n\n');
}

function normaliseScript(script: string): string {
  const meaningful = script
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('--'))
    .join('\n');
  return meaningful.trim() === '' ? '' : script;
}

/** Writes a new migration folder from the changes in schema.prisma; returns its folder name or null. */
export async function createMigration(options: MigrationOptions & { name: string; now?: Date }) {
  const sql = await diffMigrationsToSchema(options);
  if (sql === '') {
    return null;
  }
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  const folder = `${timestamp(options.now ?? new Date())}_${slugify(options.name)}`;
  await mkdir(path.join(dir, folder), { recursive: true });
  await writeFile(path.join(dir, folder, 'migration.sql'), sql);
  await writeFile(
    path.join(dir, lockfileName),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return folder;
}

function timestamp(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(
    d.getUTCMinutes(),
  )}${pad(d.getUTCSeconds())}`;
}

function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') {
    throw new Error(
      'A migration needs a name made of letters or digits, e.g. `npm run db:migration -- add_cases`',
    );
  }
  return slug;
}
