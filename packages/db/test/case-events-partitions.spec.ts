// case_events partitioned by month (migration 20261207030000_partition_case_events): the migration keeps every row,
// id and body and leaves the cases' statistics facts as they were; the history stays closed to the API's role on
// the parent and on every partition (it may change it only through the retention and re-encryption functions,
// which still find rows by case and by id); the statistics trigger, the index and the foreign keys hold on every
// month, present and future; the months ahead are made by case_events_ensure_partitions, and an event of a month
// without a partition lands in the DEFAULT partition instead of failing.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { quoteIdent, runAdminStatement, withDatabase } from '../src/admin';
import { applyMigrations } from '../src/migrations';
import { migrationsDir } from '../src/paths';
import { createTestDatabase, type TestDatabase } from './test-database';

jest.setTimeout(120_000);

const MIGRATION = '20261207030000_partition_case_events';
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

function monthStart(monthsFromNow: number, now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1));
}

/** `case_events_y2026m12` for a month counted from the current UTC month. */
function partitionOf(monthsFromNow: number): string {
  const d = monthStart(monthsFromNow);
  return `case_events_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

async function partitions(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
      WHERE h.inhparent = 'case_events'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** A staff member and a case to hang events on. */
async function caseWithStaff(
  client: pg.Client,
  receipt: string,
): Promise<{ caseId: string; staffId: string }> {
  const staff = await client.query<{ id: string }>(
    `INSERT INTO users (id, email, display_name, role, password_hash, updated_at)
     VALUES (gen_random_uuid(), $1, 'Counselor', 'counselor', 'x', now()) RETURNING id`,
    [`${receipt.toLowerCase()}@example.jp`],
  );
  const created = await client.query<{ id: string }>(
    `INSERT INTO cases (id, receipt_number, access_code_hash, urgency, priority, channel,
                        suggested_categories, confirmed_categories, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, 'x', 'normal', 'normal', 'web', '{fraud}', '{}', '2025-10-01Z', '2025-10-01Z')
     RETURNING id`,
    [receipt],
  );
  return { caseId: created.rows[0]!.id, staffId: staff.rows[0]!.id };
}

type Report = { month_start: Date | null; partition_name: string; status: string; default_rows: string };

describe('the migration', () => {
  let scratch: string;
  const scratchName = () => `${db.name}_cep`;
  const scratchUrl = () => withDatabase(db.url, scratchName());

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-case-events-partitions-'));
    await runAdminStatement(withDatabase(db.url, 'postgres'), `CREATE DATABASE ${quoteIdent(scratchName())}`);
  });
  afterAll(async () => {
    await runAdminStatement(
      withDatabase(db.url, 'postgres'),
      `DROP DATABASE IF EXISTS ${quoteIdent(scratchName())} WITH (FORCE)`,
    );
    await rm(scratch, { recursive: true, force: true });
  });

  it('moves every event into its month with its id and body, without deriving the cases’ facts again', async () => {
    // The history up to the migration before this one, then events as an unpartitioned case_events held them.
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
    const { caseId, events } = await withClient(scratchUrl(), async (client) => {
      const { caseId, staffId } = await caseWithStaff(client, 'MIGR-0001');
      const ids: string[] = [];
      for (const [i, at] of times.entries()) {
        // Staff contacts: each would set first_response_at, were the statistics trigger to see it again.
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO case_events (id, case_id, kind, actor_id, data, body, created_at)
           VALUES (gen_random_uuid(), $1, 'contact', $2, $3, $4, $5) RETURNING id::text`,
          [caseId, staffId, JSON.stringify({ i }), `enc:v1:body-${i}`, at],
        );
        ids.push(rows[0]!.id);
      }
      // A fact the owner set by hand: moving the rows must not derive it again.
      await client.query(`UPDATE cases SET first_response_at = NULL WHERE id = $1`, [caseId]);
      return { caseId, events: ids };
    });

    expect(await applyMigrations({ databaseUrl: scratchUrl() })).toContain(MIGRATION);

    await withClient(scratchUrl(), async (client) => {
      const { rows } = await client.query<{
        id: string;
        created_at: Date;
        part: string;
        data: unknown;
        body: string;
      }>(
        `SELECT id::text, created_at, tableoid::regclass::text AS part, data, body FROM case_events ORDER BY created_at`,
      );
      expect(rows.map((r) => r.id)).toEqual(events);
      expect(rows.map((r) => r.created_at.toISOString())).toEqual(times.map((t) => t.toISOString()));
      expect(rows.map((r) => r.data)).toEqual(times.map((_, i) => ({ i })));
      expect(rows.map((r) => r.body)).toEqual(times.map((_, i) => `enc:v1:body-${i}`));
      expect(rows.map((r) => r.part)).toEqual([
        'case_events_y2025m11',
        'case_events_y2025m11',
        'case_events_y2026m02',
        partitionOf(0),
        partitionOf(0),
        'case_events_y2031m05',
      ]);
      const names = await partitions(client);
      const expected = ['case_events_default', 'case_events_y2031m05'];
      for (let m = new Date(Date.UTC(2025, 10, 1)); m <= monthStart(3); m.setUTCMonth(m.getUTCMonth() + 1)) {
        expected.push(`case_events_y${m.getUTCFullYear()}m${String(m.getUTCMonth() + 1).padStart(2, '0')}`);
      }
      expect(names).toEqual(expected.sort());
      expect((await client.query('SELECT count(*)::int AS n FROM case_events_default')).rows[0].n).toBe(0);
      expect(
        (await client.query(`SELECT first_response_at FROM cases WHERE id = $1`, [caseId])).rows[0]
          .first_response_at,
      ).toBeNull();

      const { rows: kinds } = await client.query<{ relkind: string; key: string; pk: string }>(
        `SELECT c.relkind, pg_get_partkeydef(c.oid) AS key,
                (SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk
           FROM pg_class c WHERE c.oid = 'case_events'::regclass`,
      );
      expect(kinds[0]).toEqual({
        relkind: 'p',
        key: 'RANGE (created_at)',
        pk: 'PRIMARY KEY (id, created_at)',
      });

      // A new event feeds the statistics again (the trigger is on the parent, cloned onto the month).
      await client.query(
        `INSERT INTO case_events (id, case_id, kind, actor_id, created_at)
         SELECT gen_random_uuid(), $1, 'contact', actor_id, $2 FROM case_events WHERE id = $3`,
        [caseId, monthStart(0), events[0]],
      );
      expect(
        (await client.query(`SELECT first_response_at FROM cases WHERE id = $1`, [caseId])).rows[0]
          .first_response_at,
      ).toEqual(monthStart(0));

      // Deleting the case (as the owner) deletes its events in every month.
      await client.query(`DELETE FROM cases WHERE id = $1`, [caseId]);
      expect((await client.query('SELECT count(*)::int AS n FROM case_events')).rows[0].n).toBe(0);
    });
  });
});

describe('history for the API role, on the parent and on every partition', () => {
  let owner: pg.Client;
  let app: pg.Client;
  let caseId: string;
  let eventId: string;
  beforeAll(async () => {
    owner = new pg.Client({ connectionString: db.url });
    app = new pg.Client({ connectionString: db.appUrl });
    await Promise.all([owner.connect(), app.connect()]);
    ({ caseId } = await caseWithStaff(owner, 'HIST-0001'));
    const { rows } = await app.query<{ id: string }>(
      `INSERT INTO case_events (id, case_id, kind, data, body)
       VALUES (gen_random_uuid(), $1, 'note', '{"note": "電話番号は090-0000-0000"}', 'enc:v1:old') RETURNING id::text`,
      [caseId],
    );
    eventId = rows[0]!.id;
    await owner.query(
      `INSERT INTO case_events (id, case_id, kind, created_at) VALUES (gen_random_uuid(), $1, 'note', '2040-01-15Z')`,
      [caseId],
    );
  });
  afterAll(() => Promise.all([owner.end(), app.end()]));

  it('refuses UPDATE, DELETE and TRUNCATE to the API role, whichever table it names', async () => {
    for (const table of ['case_events', partitionOf(0), partitionOf(2), 'case_events_default']) {
      expect([
        table,
        await outcome(app, `UPDATE ${table} SET body = NULL`),
        await outcome(app, `DELETE FROM ${table}`),
        await outcome(app, `TRUNCATE ${table}`),
      ]).toEqual([table, INSUFFICIENT_PRIVILEGE, INSUFFICIENT_PRIVILEGE, INSUFFICIENT_PRIVILEGE]);
    }
    // On a partition the role holds nothing at all: it reads and writes through the parent.
    expect(await outcome(app, `SELECT 1 FROM ${partitionOf(0)}`)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(
      await outcome(
        app,
        `INSERT INTO ${partitionOf(0)} (id, case_id, kind) VALUES (gen_random_uuid(), $1, 'note')`,
        [caseId],
      ),
    ).toBe(INSUFFICIENT_PRIVILEGE);
    expect(
      (await app.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [caseId])).rows[0].n,
    ).toBe(2);
  });

  it('lets the API role neither create, attach nor detach partitions, nor drop the triggers', async () => {
    expect(await outcome(app, `ALTER TABLE case_events DETACH PARTITION ${partitionOf(0)}`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(app, `SELECT case_events_attach_month('2041-01-01')`)).toBe(INSUFFICIENT_PRIVILEGE);
    expect(
      await outcome(
        app,
        `CREATE TABLE case_events_y2041m02 PARTITION OF case_events FOR VALUES FROM ('2041-02-01Z') TO ('2041-03-01Z')`,
      ),
    ).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await outcome(app, `ALTER TABLE case_events DISABLE TRIGGER case_events_keep_case_facts`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await outcome(app, `SELECT * FROM case_events_ensure_partitions(25)`)).toBe('22023');
    expect(await partitions(owner)).not.toContain('case_events_y2041m01');
  });

  it('still lets it re-encrypt a body by id and shred a case’s free text, through the owner’s functions', async () => {
    expect(
      (await app.query(`SELECT reencrypt_case_event_body($1, 'enc:v1:old', 'enc:v1:new') AS ok`, [eventId]))
        .rows[0].ok,
    ).toBe(true);
    expect(
      (await app.query(`SELECT reencrypt_case_event_body($1, 'enc:v1:old', 'enc:v1:x') AS ok`, [eventId]))
        .rows[0].ok,
    ).toBe(false);
    await app.query(`SELECT shred_case_event_text($1, ARRAY['note'])`, [caseId]);
    const { rows } = await owner.query(`SELECT data, body FROM case_events WHERE id = $1`, [eventId]);
    expect(rows).toEqual([{ data: { note: '' }, body: null }]);
  });
});

describe('case_events_ensure_partitions (the audit.ensure-partitions job)', () => {
  let owner: pg.Client;
  let app: pg.Client;
  let caseId: string;
  beforeAll(async () => {
    owner = new pg.Client({ connectionString: db.url });
    app = new pg.Client({ connectionString: db.appUrl });
    await Promise.all([owner.connect(), app.connect()]);
    ({ caseId } = await caseWithStaff(owner, 'AHEA-0001'));
  });
  afterAll(() => Promise.all([owner.end(), app.end()]));

  const ensure = async (monthsAhead: number) =>
    (await app.query<Report>('SELECT * FROM case_events_ensure_partitions($1)', [monthsAhead])).rows;
  const insertAt = (at: Date) =>
    app.query<{ part: string }>(
      `INSERT INTO case_events (id, case_id, kind, created_at) VALUES (gen_random_uuid(), $1, 'note', $2)
       RETURNING tableoid::regclass::text AS part`,
      [caseId, at],
    );

  it('creates the months ahead as the API role, once, owned and guarded like the others', async () => {
    const first = await ensure(6);
    expect(first.map((r) => [r.partition_name, r.status])).toEqual([
      ...[0, 1, 2, 3].map((m) => [partitionOf(m), 'present']),
      ...[4, 5, 6].map((m) => [partitionOf(m), 'created']),
      ['case_events_default', 'default'],
    ]);
    expect((await ensure(6)).map((r) => r.status)).toEqual([...Array(7).fill('present'), 'default']);
    const { rows } = await owner.query<{
      owner: string;
      app_can: boolean;
      triggers: string[];
      indexes: string[];
    }>(
      `SELECT pg_get_userbyid(c.relowner) AS owner,
              has_table_privilege($2, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE') AS app_can,
              ARRAY(SELECT t.tgname::text FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal
                    ORDER BY 1) AS triggers,
              ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = c.oid ORDER BY 1) AS indexes
         FROM pg_class c WHERE c.relname = $1`,
      [partitionOf(6), new URL(db.appUrl).username],
    );
    expect(rows[0]).toMatchObject({
      owner: new URL(db.url).username,
      app_can: false,
      triggers: ['case_events_keep_case_facts'],
    });
    expect(rows[0]!.indexes.join('\n')).toMatch(/\(case_id, created_at\)/);
    expect(rows[0]!.indexes.join('\n')).toMatch(/UNIQUE INDEX .* \(id, created_at\)/);
    expect((await insertAt(monthStart(6))).rows[0]!.part).toBe(partitionOf(6));
  });

  it('puts an event of a month without a partition in the default, says so, and skips that month', async () => {
    expect((await insertAt(new Date(Date.UTC(2045, 6, 9)))).rows[0]!.part).toBe('case_events_default');
    expect(Number((await ensure(3)).at(-1)!.default_rows)).toBeGreaterThanOrEqual(1);

    const eighth = partitionOf(8);
    expect((await insertAt(monthStart(8))).rows[0]!.part).toBe('case_events_default');
    const blocked = await ensure(8);
    expect(blocked.find((r) => r.partition_name === eighth)).toMatchObject({
      status: 'blocked',
      default_rows: '1',
    });
    expect(await partitions(owner)).not.toContain(eighth);
  });
});

describe("a case's timeline", () => {
  it('reads only the months of its time range', async () => {
    await withClient(db.url, async (client) => {
      const plan = (
        await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT * FROM case_events WHERE case_id = $1 AND created_at >= $2 AND created_at < $3
            ORDER BY created_at`,
          ['00000000-0000-4000-8000-000000000000', monthStart(0), monthStart(1)],
        )
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(new Set([...plan.matchAll(/ on (case_events_\w+)/g)].map((m) => m[1]))).toEqual(
        new Set([partitionOf(0)]),
      );
    });
  });
});
