import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  applyMigrations,
  COVERING_INDEXES,
  createMigration,
  diffMigrationsToSchema,
} from '../src/migrations';
import { migrationsDir, schemaPath } from '../src/paths';
import { createTestDatabase, type TestDatabase } from './test-database';
import { quoteIdent, runAdminStatement, withDatabase } from '../src/admin';

jest.setTimeout(120_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('schema drift', () => {
  // Fails whenever schema.prisma changes without a matching migration (or a migration is edited
  // by hand into something the schema does not describe). Fix: `npm run db:migration -- <name>`.
  it('prisma/schema.prisma and prisma/migrations describe the same database', async () => {
    const sql = await diffMigrationsToSchema({ databaseUrl: db.url });
    expect(sql).toBe('');
  });

  // The schema names these by their keys alone; the drift check above sets their INCLUDE aside, so this holds
  // the migrations to them.
  it('the migrated database has the covering indexes with their INCLUDE columns', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(
        'SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1::text[]) ORDER BY indexname',
        [COVERING_INDEXES.map((index) => index.name)],
      );
      expect(rows).toEqual(
        COVERING_INDEXES.map((index) => ({ indexname: index.name, indexdef: index.definition })).sort(
          (a, b) => a.indexname.localeCompare(b.indexname),
        ),
      );
    } finally {
      await client.end();
    }
  });

  // Index storage parameters are not in schema.prisma and the drift check does not compare them: a GIN index the
  // schema engine recreates would silently get the server's 4 MB pending list back (64 kB here) (migration
  // search_gin_small_pending_list).
  it("every GIN index keeps a small pending list: no intake merges megabytes of others' tokens", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; options: string[] | null }>(
        `SELECT c.relname AS name, c.reloptions AS options
         FROM pg_class c JOIN pg_am am ON am.oid = c.relam
         WHERE c.relkind = 'i' AND am.amname = 'gin' AND c.relnamespace = 'public'::regnamespace
         ORDER BY 1`,
      );
      expect(rows).toEqual(
        [
          'cases_open_search_exact_idx',
          'cases_open_search_grams_idx',
          'cases_search_exact_idx',
          'cases_search_grams_idx',
        ].map((name) => ({ name, options: ['fastupdate=on', 'gin_pending_list_limit=64'] })),
      );
    } finally {
      await client.end();
    }
  });
});

describe('WebAssembly schema-engine wrapper', () => {
  let scratch: string;
  let scratchDb: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-migrations-'));
    await cp(migrationsDir, path.join(scratch, 'migrations'), { recursive: true });
    const schema = await readFile(schemaPath, 'utf8');
    // A deliberate change: a new column on users.
    await writeFile(
      path.join(scratch, 'schema.prisma'),
      schema.replace(
        '  active       Boolean  @default(true)',
        '  active       Boolean  @default(true)\n  nickname     String?',
      ),
    );
    scratchDb = withDatabase(db.url, `${db.name}_scratch`);
    await runAdminStatement(
      withDatabase(db.url, 'postgres'),
      `CREATE DATABASE ${quoteIdent(`${db.name}_scratch`)}`,
    );
  });
  afterAll(() =>
    runAdminStatement(
      withDatabase(db.url, 'postgres'),
      `DROP DATABASE IF EXISTS ${quoteIdent(`${db.name}_scratch`)} WITH (FORCE)`,
    ),
  );

  const options = () => ({
    databaseUrl: scratchDb,
    migrationsDir: path.join(scratch, 'migrations'),
    schemaPath: path.join(scratch, 'schema.prisma'),
  });

  it('reports the drift, writes a standard migration folder for it, and then agrees', async () => {
    expect(await diffMigrationsToSchema(options())).toMatch(/ADD COLUMN\s+"nickname" TEXT/);

    const folder = await createMigration({
      ...options(),
      name: 'Add nickname',
      now: new Date('2099-01-02T03:04:05Z'),
    });
    expect(folder).toBe('20990102030405_add_nickname');
    const written = await readFile(path.join(scratch, 'migrations', folder!, 'migration.sql'), 'utf8');
    expect(written).toMatch(/ALTER TABLE "users" ADD COLUMN\s+"nickname" TEXT/);
    expect(await readFile(path.join(scratch, 'migrations', 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    );

    expect(await diffMigrationsToSchema(options())).toBe('');
    expect(await createMigration({ ...options(), name: 'nothing' })).toBeNull();
  });

  it('still reports a change to the keys of a covering index', async () => {
    const schema = await readFile(options().schemaPath, 'utf8');
    const caseModel = schema.indexOf('model Case {');
    const at = schema.indexOf('  @@index([createdAt])\n', caseModel);
    await writeFile(
      options().schemaPath,
      `${schema.slice(0, at)}  @@index([createdAt, id], map: "cases_created_at_idx")\n${schema.slice(at + '  @@index([createdAt])\n'.length)}`,
    );
    try {
      const sql = await diffMigrationsToSchema(options());
      expect(sql).toContain('DROP INDEX "cases_created_at_idx";');
      expect(sql).toContain('CREATE INDEX "cases_created_at_idx" ON "cases"("created_at", "id");');
    } finally {
      await writeFile(options().schemaPath, schema);
    }
  });

  it('applies pending migrations once, recording them in _prisma_migrations like prisma migrate deploy', async () => {
    const folders = (await readdir(path.join(scratch, 'migrations'), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(await applyMigrations(options())).toEqual(folders);
    expect(await applyMigrations(options())).toEqual([]);

    const client = new pg.Client({ connectionString: scratchDb });
    await client.connect();
    const { rows } = await client.query<{
      migration_name: string;
      finished_at: Date | null;
      checksum: string;
    }>('SELECT migration_name, finished_at, checksum FROM _prisma_migrations ORDER BY migration_name');
    const columns = await client.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nickname'",
    );
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    expect(rows.every((r) => r.finished_at !== null && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    expect(columns.rowCount).toBe(1);
  });
});
