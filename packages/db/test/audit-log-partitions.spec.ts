// audit_log partitioned by month (migration 20261206030000_partition_audit_log): the migration keeps every row
// and id, the log stays append-only on the parent and on every partition for the API's role (and, by trigger,
// for the owner), the months ahead are created by audit_log_ensure_partitions, which the API's role may call but
// which creates nothing else, and a query by time range reads only its months.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { quoteIdent, runAdminStatement, withDatabase } from '../src/admin';
import { applyMigrations } from '../src/migrations';
import { migrationsDir } from '../src/paths';
import { createTestDatabase, type TestDatabase } from './test-database';

jest.setTimeout(120_000);

const MIGRATION = '20261206030000_partition_audit_log';
const INSUFFICIENT_PRIVILEGE = '42501';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: pg.Client, sql: string, values: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, values);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** `audit_log_y2026m12` for a month counted from the current UTC month. */
function partitionOf(monthsFromNow: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1));
  return `audit_log_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthStart(monthsFromNow: number, now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1));
}

async function partitions(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
      WHERE h.inhparent = 'audit_log'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

type Report = { month_start: Date | null; partition_name: string; status: string; default_rows: string };

describe('the migration', () => {
  let scratch: string;
  const scratchName = () => `${db.name}_part`;
  const scratchUrl = () => withDatabase(db.url, scratchName());

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-audit-partitions-'));
    await runAdminStatement(withDatabase(db.url, 'postgres'), `CREATE DATABASE ${quoteIdent(scratchName())}`);
  });
  afterAll(async () => {
    await runAdminStatement(
      withDatabase(db.url, 'postgres'),
      `DROP DATABASE IF EXISTS ${quoteIdent(scratchName())} WITH (FORCE)`,
    );
    await rm(scratch, { recursive: true, force: true });
  });

  it('moves every row into its month, keeps the ids, and the sequence goes on', async () => {
    // The history up to the migration before this one, then rows as an unpartitioned audit_log held them.
    const before = path.join(scratch, 'before');
    await cp(migrationsDir, before, { recursive: true });
    for (const entry of await readdir(before, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name >= MIGRATION) {
        await rm(path.join(before, entry.name), { recursive: true });
      }
    }
    await applyMigrations({ databaseUrl: scratchUrl(), migrationsDir: before });

    const times = [
      new Date('2025-11-03T10:00:00Z'),
      new Date('2025-11-30T23:59:59.999Z'),
      // 2026-02-28T15:30 UTC is March in Japan: months are UTC.
      new Date('2026-02-28T15:30:00Z'),
      monthStart(0),
      new Date(monthStart(1).getTime() - 1),
      // A clock set far ahead: gets a month of its own, so the default starts empty.
      new Date('2031-05-17T00:00:00Z'),
    ];
    const inserted = await withClient(scratchUrl(), async (client) => {
      await client.query(`SELECT setval('audit_log_id_seq', 41)`);
      const ids: string[] = [];
      for (const [i, at] of times.entries()) {
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO audit_log (at, action, entity, entity_id, meta) VALUES ($1, 'test.migrate', 'row', $2, $3)
           RETURNING id::text`,
          [at, String(i), JSON.stringify({ i })],
        );
        ids.push(rows[0]!.id);
      }
      return ids;
    });
    expect(inserted).toEqual(['42', '43', '44', '45', '46', '47']);

    expect(await applyMigrations({ databaseUrl: scratchUrl() })).toContain(MIGRATION);

    await withClient(scratchUrl(), async (client) => {
      const { rows } = await client.query<{
        id: string;
        at: Date;
        part: string;
        entity_id: string;
        meta: unknown;
      }>(
        `SELECT id::text, at, tableoid::regclass::text AS part, entity_id, meta FROM audit_log ORDER BY audit_log.id`,
      );
      expect(rows.map((r) => r.id)).toEqual(inserted);
      expect(rows.map((r) => r.at.toISOString())).toEqual(times.map((t) => t.toISOString()));
      expect(rows.map((r) => r.meta)).toEqual(times.map((_, i) => ({ i })));
      expect(rows.map((r) => r.part)).toEqual([
        'audit_log_y2025m11',
        'audit_log_y2025m11',
        'audit_log_y2026m02',
        partitionOf(0),
        partitionOf(0),
        'audit_log_y2031m05',
      ]);

      const names = await partitions(client);
      // Every month from the oldest row's to three months ahead, the far one, and the default.
      const expected = ['audit_log_default', 'audit_log_y2031m05'];
      for (let m = new Date(Date.UTC(2025, 10, 1)); m <= monthStart(3); m.setUTCMonth(m.getUTCMonth() + 1)) {
        expected.push(`audit_log_y${m.getUTCFullYear()}m${String(m.getUTCMonth() + 1).padStart(2, '0')}`);
      }
      expect(names).toEqual(expected.sort());
      expect((await client.query('SELECT count(*)::int AS n FROM audit_log_default')).rows[0].n).toBe(0);

      const next = await client.query<{ id: string; part: string }>(
        `INSERT INTO audit_log (action, entity) VALUES ('test.after', 'row') RETURNING id::text, tableoid::regclass::text AS part`,
      );
      expect(next.rows[0]).toEqual({ id: '48', part: partitionOf(0) });

      const { rows: kinds } = await client.query<{ relkind: string; key: string; pk: string }>(
        `SELECT c.relkind, pg_get_partkeydef(c.oid) AS key,
                (SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk
           FROM pg_class c WHERE c.oid = 'audit_log'::regclass`,
      );
      expect(kinds[0]).toEqual({ relkind: 'p', key: 'RANGE (at)', pk: 'PRIMARY KEY (id, at)' });
      const { rows: seq } = await client.query<{ owner: string }>(
        `SELECT pg_get_serial_sequence('audit_log', 'id') AS owner`,
      );
      expect(seq[0]!.owner).toBe('public.audit_log_id_seq');
    });
  });
});

describe('append-only on the parent and on every partition', () => {
  let owner: pg.Client;
  let app: pg.Client;
  beforeAll(async () => {
    owner = new pg.Client({ connectionString: db.url });
    app = new pg.Client({ connectionString: db.appUrl });
    await Promise.all([owner.connect(), app.connect()]);
    await app.query(`INSERT INTO audit_log (action, entity) VALUES ('test.append', 'row')`);
    await owner.query(
      `INSERT INTO audit_log (at, action, entity) VALUES ('2040-01-15Z', 'test.default', 'row')`,
    );
  });
  afterAll(() => Promise.all([owner.end(), app.end()]));

  const current = () => partitionOf(0);

  it('refuses UPDATE, DELETE and TRUNCATE to the API role, whichever table it names', async () => {
    for (const table of ['audit_log', current(), partitionOf(2), 'audit_log_default']) {
      expect([
        table,
        await outcome(app, `UPDATE ${table} SET action = 'tampered'`),
        await outcome(app, `DELETE FROM ${table}`),
        await outcome(app, `TRUNCATE ${table}`),
      ]).toEqual([table, INSUFFICIENT_PRIVILEGE, INSUFFICIENT_PRIVILEGE, INSUFFICIENT_PRIVILEGE]);
    }
    // On a partition the role holds nothing at all: it reads and writes through the parent.
    expect(await outcome(app, `SELECT 1 FROM ${current()}`)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(app, `INSERT INTO ${current()} (action, entity) VALUES ('x', 'y')`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(
      (await app.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.append'`)).rows[0].n,
    ).toBe(1);
  });

  it('refuses them to the owner too, by trigger, on the parent and on each partition', async () => {
    const refused = async (sql: string) => {
      try {
        await owner.query(sql);
        return 'ok';
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const table of ['audit_log', current(), 'audit_log_default']) {
      expect(await refused(`UPDATE ${table} SET action = 'tampered'`)).toBe(
        'audit_log is append-only: UPDATE is not allowed',
      );
      expect(await refused(`DELETE FROM ${table}`)).toBe('audit_log is append-only: DELETE is not allowed');
      expect(await refused(`TRUNCATE ${table}`)).toBe('audit_log is append-only: TRUNCATE is not allowed');
    }
    expect((await owner.query(`SELECT count(*)::int AS n FROM audit_log_default`)).rows[0].n).toBe(1);
  });

  it('lets the API role neither create, attach nor detach partitions', async () => {
    expect(await outcome(app, `ALTER TABLE audit_log DETACH PARTITION ${current()}`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(app, `SELECT audit_log_attach_month('2041-01-01')`)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(
      await outcome(
        app,
        `CREATE TABLE audit_log_y2041m02 PARTITION OF audit_log FOR VALUES FROM ('2041-02-01Z') TO ('2041-03-01Z')`,
      ),
    ).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(app, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(app, `SELECT * FROM audit_log_ensure_partitions(25)`)).toBe('22023');
    expect(await partitions(owner)).not.toContain('audit_log_y2041m01');
  });
});

describe('audit_log_ensure_partitions (the audit.ensure-partitions job)', () => {
  let owner: pg.Client;
  let app: pg.Client;
  beforeAll(async () => {
    owner = new pg.Client({ connectionString: db.url });
    app = new pg.Client({ connectionString: db.appUrl });
    await Promise.all([owner.connect(), app.connect()]);
  });
  afterAll(() => Promise.all([owner.end(), app.end()]));

  const ensure = async (monthsAhead: number) =>
    (await app.query<Report>('SELECT * FROM audit_log_ensure_partitions($1)', [monthsAhead])).rows;

  it('creates the months ahead as the API role, once, and reports them', async () => {
    const first = await ensure(6);
    expect(first.map((r) => [r.partition_name, r.status])).toEqual([
      ...[0, 1, 2, 3].map((m) => [partitionOf(m), 'present']),
      ...[4, 5, 6].map((m) => [partitionOf(m), 'created']),
      ['audit_log_default', 'default'],
    ]);
    const again = await ensure(6);
    expect(again.map((r) => r.status)).toEqual([...Array(7).fill('present'), 'default']);
    // Made by the owner: the API role holds nothing on it, and the append-only triggers are there.
    const { rows } = await owner.query<{ owner: string; app_can: boolean; triggers: string[] }>(
      `SELECT pg_get_userbyid(c.relowner) AS owner,
              has_table_privilege($2, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE') AS app_can,
              ARRAY(SELECT t.tgname::text FROM pg_trigger t WHERE t.tgrelid = c.oid ORDER BY 1) AS triggers
         FROM pg_class c WHERE c.relname = $1`,
      [partitionOf(6), new URL(db.appUrl).username],
    );
    expect(rows[0]).toEqual({
      owner: new URL(db.url).username,
      app_can: false,
      triggers: ['audit_log_no_truncate', 'audit_log_no_update_delete'],
    });
    await app.query(`INSERT INTO audit_log (at, action, entity) VALUES ($1, 'test.ahead', 'row')`, [
      monthStart(6),
    ]);
    expect(
      (
        await owner.query(
          `SELECT tableoid::regclass::text AS part FROM audit_log WHERE action = 'test.ahead'`,
        )
      ).rows[0].part,
    ).toBe(partitionOf(6));
  });

  it('puts a row of a month without a partition in the default, says so, and skips that month', async () => {
    const far = new Date(Date.UTC(2045, 6, 9));
    await app.query(`INSERT INTO audit_log (at, action, entity) VALUES ($1, 'test.far', 'row')`, [far]);
    const { rows } = await owner.query(
      `SELECT tableoid::regclass::text AS part FROM audit_log WHERE action = 'test.far'`,
    );
    expect(rows[0].part).toBe('audit_log_default');
    const report = await ensure(3);
    expect(report.at(-1)).toMatchObject({ partition_name: 'audit_log_default', status: 'default' });
    expect(Number(report.at(-1)!.default_rows)).toBeGreaterThanOrEqual(1);

    // A month within reach whose rows already sit in the default: reported as blocked, not created.
    const eighth = partitionOf(8);
    await app.query(`INSERT INTO audit_log (at, action, entity) VALUES ($1, 'test.blocked', 'row')`, [
      monthStart(8),
    ]);
    const blocked = await ensure(8);
    expect(blocked.find((r) => r.partition_name === eighth)).toMatchObject({
      status: 'blocked',
      default_rows: '1',
    });
    expect(blocked.filter((r) => r.status === 'blocked')).toHaveLength(1);
    expect(await partitions(owner)).not.toContain(eighth);
  });
});

describe('queries by time range', () => {
  it('read only the months of the range (the audit log page: newest first, by id)', async () => {
    await withClient(db.url, async (client) => {
      // Runtime pruning of a generic plan shows as "Subplans Removed"; a custom plan lists the months it reads.
      const plan = (
        await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT * FROM audit_log WHERE at >= $1 AND at < $2 AND action = $3 ORDER BY id DESC LIMIT 50`,
          [monthStart(0), monthStart(1), 'case.read'],
        )
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      const read = [...plan.matchAll(/ on (audit_log_\w+)/g)].map((m) => m[1]);
      expect(new Set(read)).toEqual(new Set([partitionOf(0)]));

      const twoMonths = (
        await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT * FROM audit_log WHERE at >= $1 AND at < $2 ORDER BY id DESC LIMIT 50`,
          [monthStart(1), new Date(monthStart(3).getTime() - 1)],
        )
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(new Set([...twoMonths.matchAll(/ on (audit_log_\w+)/g)].map((m) => m[1]))).toEqual(
        new Set([partitionOf(1), partitionOf(2)]),
      );
    });
  });
});
