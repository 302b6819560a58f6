// The API's database role (security audit finding 5): what it may do, what it may not, and that
// setting it up is idempotent, safe to run concurrently, and refuses a role that could undo it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent, runAdminStatement, withDatabase } from '../src/admin';
import { appRoleScript, AppRoleError, ensureAppRole, withCredentials } from '../src/roles';
import { createTestDatabase, type TestDatabase } from './test-database';

jest.setTimeout(60_000);

let db: TestDatabase;
const roles: string[] = [];

/** A role name of this file's own (role names are cluster-wide; others' runs use the same server). */
function newRole(): { role: string; password: string; url: string } {
  const role = `madoguchi_test_role_${randomBytes(5).toString('hex')}`;
  roles.push(role);
  const password = randomBytes(12).toString('base64url');
  return { role, password, url: withCredentials(db.url, role, password) };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function asClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: pg.Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
  const serverUrl = withDatabase(db.url, 'postgres');
  for (const role of roles) {
    await runAdminStatement(serverUrl, `DROP ROLE IF EXISTS ${quoteIdent(role)}`);
  }
});

describe('as the API role', () => {
  let app: pg.Client;
  let role: string;

  beforeAll(async () => {
    const made = newRole();
    role = made.role;
    const result = await ensureAppRole({ ownerUrl: db.url, appUrl: made.url, mode: 'manage' });
    expect(result).toMatchObject({ role, created: true });
    app = await connect(made.url);
  });
  afterAll(() => app.end());

  it('is no superuser and may neither create databases or roles nor bypass row security', async () => {
    const { rows } = await app.query(
      `SELECT current_user AS name, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication
       FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({
      name: role,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolbypassrls: false,
      rolreplication: false,
    });
    const owned = await app.query(
      `SELECT count(*)::int AS n FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
    );
    expect(owned.rows[0].n).toBe(0);
  });

  it('adds to and reads the audit log', async () => {
    const inserted = await app.query<{ id: string }>(
      `INSERT INTO audit_log (action, entity, entity_id) VALUES ('test.insert', 'role-test', $1) RETURNING id`,
      [role],
    );
    const { rows } = await app.query('SELECT action FROM audit_log WHERE id = $1', [inserted.rows[0]!.id]);
    expect(rows).toEqual([{ action: 'test.insert' }]);
  });

  it('cannot change, delete or empty the audit log, nor switch its triggers off in any way', async () => {
    const attempts = {
      update: `UPDATE audit_log SET action = 'tampered'`,
      delete: 'DELETE FROM audit_log',
      truncate: 'TRUNCATE audit_log',
      disableTrigger: 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
      disableAllTriggers: 'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      replicationRole: 'SET session_replication_role = replica',
      dropTrigger: 'DROP TRIGGER audit_log_no_update_delete ON audit_log',
      replaceFunction: `CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger
                        LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
      createTable: 'CREATE TABLE planted (id int)',
    };
    const results: Record<string, string> = {};
    for (const [name, sql] of Object.entries(attempts)) {
      results[name] = await outcome(app, sql);
    }
    // Refused for want of privilege, not only by the append-only trigger.
    expect(results).toEqual(
      Object.fromEntries(Object.keys(attempts).map((k) => [k, INSUFFICIENT_PRIVILEGE])),
    );
    const { rows } = await app.query('SHOW session_replication_role');
    expect(rows[0].session_replication_role).toBe('origin');
  });

  it('cannot become the owner', async () => {
    const owner = new URL(db.url).username || 'postgres';
    expect(await outcome(app, `SET ROLE ${quoteIdent(decodeURIComponent(owner))}`)).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect((await app.query('SELECT current_user AS name')).rows[0].name).toBe(role);
  });

  it('writes the tables the API writes, but history tables only grow', async () => {
    expect(await outcome(app, `UPDATE cases SET priority = priority WHERE false`)).toBe('ok');
    expect(await outcome(app, `DELETE FROM idempotency_records WHERE false`)).toBe('ok');
    expect(await outcome(app, `UPDATE referral_windows SET name_en = name_en WHERE false`)).toBe('ok');
    for (const table of ['disclosures', 'case_events', 'triage_results', 'referral_status_changes']) {
      expect([table, await outcome(app, `UPDATE ${table} SET id = id WHERE false`)]).toEqual([
        table,
        INSUFFICIENT_PRIVILEGE,
      ]);
      expect([table, await outcome(app, `DELETE FROM ${table} WHERE false`)]).toEqual([
        table,
        INSUFFICIENT_PRIVILEGE,
      ]);
      expect([table, await outcome(app, `SELECT 1 FROM ${table} LIMIT 1`)]).toEqual([table, 'ok']);
    }
    expect(await outcome(app, 'SELECT 1 FROM _prisma_migrations')).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('gets the grants on a table a later migration adds, and keeps its restrictions after a re-grant', async () => {
    await asClient(db.url, (owner) =>
      owner.query('CREATE TABLE later_table (id bigserial PRIMARY KEY, v int)'),
    );
    expect(await outcome(app, 'INSERT INTO later_table (v) VALUES (1)')).toBe('ok');
    expect(await outcome(app, 'DELETE FROM later_table')).toBe('ok');
    await ensureAppRole({ ownerUrl: db.url, appUrl: withCredentials(db.url, role, 'x'), mode: 'create' });
    expect(await outcome(app, 'INSERT INTO later_table (v) VALUES (2)')).toBe('ok');
    expect(await outcome(app, 'DELETE FROM audit_log')).toBe(INSUFFICIENT_PRIVILEGE);
  });
});

describe('setting the role up', () => {
  it('is safe when many start at once', async () => {
    const { role, url } = newRole();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => ensureAppRole({ ownerUrl: db.url, appUrl: url, mode: 'manage' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await asClient(url, async (app) => {
      expect((await app.query('SELECT current_user AS name')).rows[0].name).toBe(role);
      expect(await outcome(app, 'TRUNCATE audit_log')).toBe(INSUFFICIENT_PRIVILEGE);
    });
  });

  it('refuses to hand the API the owner role', async () => {
    await expect(ensureAppRole({ ownerUrl: db.url, appUrl: db.url, mode: 'manage' })).rejects.toThrow(
      AppRoleError,
    );
  });

  it("refuses an operator's role with privileges it must not have, and never alters it", async () => {
    const { role, url } = newRole();
    const owner = decodeURIComponent(new URL(db.url).username || 'postgres');
    await runAdminStatement(db.url, `CREATE ROLE ${quoteIdent(role)} LOGIN CREATEDB`);
    await expect(ensureAppRole({ ownerUrl: db.url, appUrl: url, mode: 'create' })).rejects.toThrow(
      /CREATEDB/,
    );
    await runAdminStatement(db.url, `ALTER ROLE ${quoteIdent(role)} NOCREATEDB`);
    await runAdminStatement(db.url, `GRANT ${quoteIdent(owner)} TO ${quoteIdent(role)}`);
    await expect(ensureAppRole({ ownerUrl: db.url, appUrl: url, mode: 'create' })).rejects.toThrow(
      /member of/,
    );
    await runAdminStatement(db.url, `REVOKE ${quoteIdent(owner)} FROM ${quoteIdent(role)}`);
    await runAdminStatement(db.url, `CREATE TABLE ${quoteIdent(`${role}_table`)} (id int)`);
    await runAdminStatement(
      db.url,
      `ALTER TABLE ${quoteIdent(`${role}_table`)} OWNER TO ${quoteIdent(role)}`,
    );
    await expect(ensureAppRole({ ownerUrl: db.url, appUrl: url, mode: 'create' })).rejects.toThrow(/owns/);
    await runAdminStatement(db.url, `DROP TABLE ${quoteIdent(`${role}_table`)}`);
    await expect(ensureAppRole({ ownerUrl: db.url, appUrl: url, mode: 'create' })).resolves.toMatchObject({
      created: false,
      updated: false,
    });
  });

  it('puts right a role of its own that someone gave too much (manage mode)', async () => {
    const { role, url } = newRole();
    await ensureAppRole({ ownerUrl: db.url, appUrl: url, mode: 'manage' });
    await runAdminStatement(db.url, `ALTER ROLE ${quoteIdent(role)} CREATEDB CREATEROLE PASSWORD 'stale'`);
    await expect(ensureAppRole({ ownerUrl: db.url, appUrl: url, mode: 'manage' })).resolves.toMatchObject({
      updated: true,
    });
    await asClient(url, async (app) => {
      const { rows } = await app.query(
        'SELECT rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows[0]).toEqual({ rolcreatedb: false, rolcreaterole: false });
    });
  });

  it('prints SQL an administrator can run by hand to the same effect', async () => {
    const { role, password, url } = newRole();
    const owner = decodeURIComponent(new URL(db.url).username || 'postgres');
    const script = appRoleScript({ role, owner, database: db.name, password });
    expect(script).not.toContain(password); // a SCRAM verifier, not the password
    await asClient(db.url, (admin) => admin.query(script));
    await asClient(url, async (app) => {
      expect(
        await outcome(app, `INSERT INTO audit_log (action, entity) VALUES ('test.script', 'role-test')`),
      ).toBe('ok');
      expect(await outcome(app, 'UPDATE audit_log SET action = action')).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await outcome(app, 'SET session_replication_role = replica')).toBe(INSUFFICIENT_PRIVILEGE);
    });
  });
});
