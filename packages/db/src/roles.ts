// The API's own database role (security audit finding 5).
//
// Migrations, seeding and tests' fixtures connect as the owner of the schema. The API process
// connects as a separate login role that owns nothing and holds only the DML it needs: were it the
// owner or a superuser, a flaw in the API could `ALTER TABLE audit_log DISABLE TRIGGER …` or
// `SET session_replication_role = replica` and rewrite the append-only audit log.
//
// ensureAppRole() is run by the owner after every migration (npm start, npm run db:migrate and
// db:roles, the Docker image's migrate step, the tests' global setup): it creates the role when it is
// missing and the owner may create roles, checks that it holds no privilege it must not have, and
// grants it exactly what is listed here. Default privileges also cover tables that a migration
// applied some other way (the stock `prisma migrate deploy`) adds before the next grant. The job
// queue's schema (job-queue.ts) gets the same: USAGE and DML on its tables, never CREATE.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from './admin';
import { JOBS_SCHEMA } from './job-queue';

/** The schema Prisma migrates (the URLs carry no `?schema=`). */
export const APP_SCHEMA = 'public';

/**
 * Tables the API only ever adds to and reads: the audit log and the disclosure record are
 * append-only by trigger as well; the case history, triage results and referral status history are
 * history by design (no repository updates or deletes them; foreign-key cascades run as the owner).
 */
export const APPEND_ONLY_TABLES = [
  'audit_log',
  'disclosures',
  'case_events',
  'triage_results',
  'referral_status_changes',
] as const;

/** Tables the API never touches. */
export const OWNER_ONLY_TABLES = ['_prisma_migrations'] as const;

/** What every other table of the schema gets. */
const TABLE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';
const SEQUENCE_PRIVILEGES = 'USAGE, SELECT';
const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION';

/** Serialises concurrent grants on one database (advisory locks are per database). */
const GRANT_LOCK_KEY = 0x6d61_646f; // "mado"

export class AppRoleError extends Error {}

export type EnsureAppRoleOptions = {
  /** The owner's URL on the application's database (the one migrations use). */
  ownerUrl: string;
  /** The API's URL on the same database: its user is the role, its password the role's password. */
  appUrl: string;
  /**
   * `create`: create the role when it is missing, never alter an existing one.
   * `manage`: also set an existing role's password to the URL's and take away attributes it must not
   * have (never a superuser's: that is refused, as is any role still unfit afterwards).
   */
  mode: 'create' | 'manage';
};

export type AppRoleResult = { role: string; created: boolean; updated: boolean };

/** Creates (if needed), checks and grants the API's role. Safe to run concurrently and repeatedly. */
export async function ensureAppRole(options: EnsureAppRoleOptions): Promise<AppRoleResult> {
  const { role, password } = credentialsOf(options.appUrl);
  const database = databaseOf(options.ownerUrl);
  if (databaseOf(options.appUrl) !== database) {
    throw new AppRoleError(
      `The API's database URL names database "${databaseOf(options.appUrl)}", the owner's "${database}": they must be the same.`,
    );
  }
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  try {
    // Role names are cluster-wide and the advisory lock only serialises this database: a concurrent
    // CREATE/ALTER ROLE from another database (parallel test runs) fails with one of these; retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK_KEY]);
        const result = await ensureInTransaction(client, { role, password, database, mode: options.mode });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt >= 8 || !isConcurrentRoleChange(error)) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
  } finally {
    await client.end();
  }
}

async function ensureInTransaction(
  client: pg.Client,
  args: { role: string; password: string | undefined; database: string; mode: 'create' | 'manage' },
): Promise<AppRoleResult> {
  const { role, password, database, mode } = args;
  const me = (
    await client.query<{ name: string; can_create_roles: boolean }>(
      `SELECT current_user AS name, rolsuper OR rolcreaterole AS can_create_roles
       FROM pg_roles WHERE rolname = current_user`,
    )
  ).rows[0]!;
  if (me.name === role) {
    throw new AppRoleError(
      `The API's database URL connects as "${role}", the owner of the schema: give the API a role of its own ` +
        '(see the README, "Database roles").',
    );
  }
  const existing = (
    await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = $1', [role])
  ).rows[0];
  let created = false;
  let updated = false;
  const passwordClause = password === undefined ? '' : ` PASSWORD ${passwordLiteral(client, password)}`;
  if (!existing) {
    if (!me.can_create_roles) {
      throw new AppRoleError(
        `The role "${role}" for the API does not exist and "${me.name}" may not create roles. ` +
          'Create it as an administrator: `npm run db:roles -- --print` prints the SQL.',
      );
    }
    await client.query(`CREATE ROLE ${quoteIdent(role)} ${ROLE_ATTRIBUTES}${passwordClause}`);
    created = true;
  } else if (mode === 'manage' && me.can_create_roles && !existing.rolsuper) {
    // PostgreSQL 16+ lets a CREATEROLE owner alter only roles it administers: else just check it.
    await client.query('SAVEPOINT alter_app_role');
    try {
      await client.query(`ALTER ROLE ${quoteIdent(role)} ${ROLE_ATTRIBUTES}${passwordClause}`);
      await client.query('RELEASE SAVEPOINT alter_app_role');
      updated = true;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') {
        throw error;
      }
      await client.query('ROLLBACK TO SAVEPOINT alter_app_role');
    }
  }
  await closePublicCreate(client, role);
  const problems = await appRoleProblems(client, role);
  if (problems.length > 0) {
    throw new AppRoleError(
      `The API's database role "${role}" has privileges it must not have:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Remove them (see the README, "Database roles"), or give the API another role.',
    );
  }
  for (const sql of await grantStatements(client, { role, database })) {
    await client.query(sql);
  }
  return { role, created, updated };
}

/**
 * PostgreSQL 14 and older let every role create objects in `public`: the API's role could then plant
 * a function or table that a migration, run as the owner, picks up. Closed where the owner may.
 */
async function closePublicCreate(client: pg.Client, role: string) {
  const { rows } = await client.query<{ can: boolean }>('SELECT has_schema_privilege($1, $2, $3) AS can', [
    role,
    APP_SCHEMA,
    'CREATE',
  ]);
  if (!rows[0]?.can) {
    return;
  }
  await client.query('SAVEPOINT close_public_create');
  try {
    await client.query(`REVOKE CREATE ON SCHEMA ${quoteIdent(APP_SCHEMA)} FROM PUBLIC`);
    await client.query('RELEASE SAVEPOINT close_public_create');
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT close_public_create');
  }
}

/** Whether the role of `url` may create roles (a superuser, or CREATEROLE). */
export async function canCreateRoles(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ can: boolean }>(
      'SELECT rolsuper OR rolcreaterole AS can FROM pg_roles WHERE rolname = current_user',
    );
    return rows[0]?.can === true;
  } finally {
    await client.end();
  }
}

/** Why `role` is unfit to be the API's role (empty when it is fit). Run as the owner. */
export async function appRoleProblems(client: pg.ClientBase, role: string): Promise<string[]> {
  const { rows } = await client.query<{
    rolsuper: boolean;
    rolcreatedb: boolean;
    rolcreaterole: boolean;
    rolbypassrls: boolean;
    rolreplication: boolean;
    owns: string | null;
    powerful_roles: string[];
    creates_in_schema: boolean;
  }>(
    `SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolbypassrls, r.rolreplication,
            (SELECT pg_describe_object(d.classid, d.objid, d.objsubid) FROM pg_shdepend d
             WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid AND d.deptype = 'o'
               AND d.dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
             LIMIT 1) AS owns,
            -- Roles whose privileges it has or may SET ROLE to, and that could undo the restriction.
            ARRAY(SELECT o.rolname::text FROM pg_roles o
                  WHERE o.oid <> r.oid AND pg_has_role(r.oid, o.oid, 'MEMBER')
                    AND (o.rolsuper OR o.rolcreatedb OR o.rolcreaterole OR o.rolbypassrls OR o.rolreplication
                         OR o.rolname = current_user
                         OR o.rolname IN ('pg_write_all_data', 'pg_read_server_files', 'pg_write_server_files',
                                          'pg_execute_server_program')
                         OR EXISTS (SELECT 1 FROM pg_shdepend d
                                    WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = o.oid
                                      AND d.deptype = 'o'
                                      AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())))
                  ORDER BY 1) AS powerful_roles,
            has_schema_privilege(r.oid, $2, 'CREATE') AS creates_in_schema
     FROM pg_roles r WHERE r.rolname = $1`,
    [role, APP_SCHEMA],
  );
  const r = rows[0];
  if (!r) {
    return [`the role "${role}" does not exist`];
  }
  const problems: string[] = [];
  const attributes: [boolean, string][] = [
    [r.rolsuper, 'SUPERUSER'],
    [r.rolcreatedb, 'CREATEDB'],
    [r.rolcreaterole, 'CREATEROLE'],
    [r.rolbypassrls, 'BYPASSRLS'],
    [r.rolreplication, 'REPLICATION'],
  ];
  for (const [has, name] of attributes) {
    if (has) {
      problems.push(`it has ${name} (ALTER ROLE ${quoteIdent(role)} NO${name})`);
    }
  }
  if (r.owns) {
    problems.push(`it owns objects (${r.owns}): the owner of a table may disable its triggers`);
  }
  if (r.powerful_roles.length > 0) {
    problems.push(`it is a member of ${r.powerful_roles.map((n) => `"${n}"`).join(', ')}`);
  }
  if (r.creates_in_schema) {
    problems.push(
      `it may create objects in schema ${APP_SCHEMA} (REVOKE CREATE ON SCHEMA ${APP_SCHEMA} FROM PUBLIC)`,
    );
  }
  return problems;
}

/** The grants, for the tables that exist now. Run as the owner, after every migration. */
async function grantStatements(
  client: pg.Client,
  args: { role: string; database: string },
): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname = ANY($2)`,
    [APP_SCHEMA, [...APPEND_ONLY_TABLES, ...OWNER_ONLY_TABLES]],
  );
  const present = new Set(rows.map((row) => row.name));
  const jobsSchema = (
    await client.query<{ present: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present',
      [JOBS_SCHEMA],
    )
  ).rows[0]!.present;
  const access = (
    await client.query<{ connect: boolean; usage: boolean }>(
      `SELECT has_database_privilege($1, $2, 'CONNECT') AS connect, has_schema_privilege($1, $3, 'USAGE') AS usage`,
      [args.role, args.database, APP_SCHEMA],
    )
  ).rows[0]!;
  return grantSql({
    role: args.role,
    database: args.database,
    // PUBLIC usually holds both already; granting needs ownership of the database, so only when missing.
    connect: !access.connect,
    usage: !access.usage,
    appendOnly: APPEND_ONLY_TABLES.filter((t) => present.has(t)),
    ownerOnly: OWNER_ONLY_TABLES.filter((t) => present.has(t)),
    jobsSchema,
  });
}

function grantSql(args: {
  role: string;
  database: string;
  connect: boolean;
  usage: boolean;
  appendOnly: readonly string[];
  ownerOnly: readonly string[];
  /** Whether the job queue's schema exists (applyMigrations installs it). */
  jobsSchema: boolean;
}): string[] {
  const role = quoteIdent(args.role);
  const schema = quoteIdent(APP_SCHEMA);
  const jobs = quoteIdent(JOBS_SCHEMA);
  const list = (tables: readonly string[]) => tables.map((t) => `${schema}.${quoteIdent(t)}`).join(', ');
  return [
    ...(args.connect ? [`GRANT CONNECT ON DATABASE ${quoteIdent(args.database)} TO ${role}`] : []),
    ...(args.usage ? [`GRANT USAGE ON SCHEMA ${schema} TO ${role}`] : []),
    // From scratch each time, so a table narrowed later loses what it had.
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`,
    `GRANT ${TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
    ...(args.appendOnly.length > 0 ? [`REVOKE UPDATE, DELETE ON ${list(args.appendOnly)} FROM ${role}`] : []),
    ...(args.ownerOnly.length > 0 ? [`REVOKE ALL ON ${list(args.ownerOnly)} FROM ${role}`] : []),
    // Partitions of an append-only table (audit_log's months) are reached through their parent only, whose
    // privileges PostgreSQL checks: on a partition itself the role holds nothing (GRANT … ON ALL TABLES gave it DML).
    ...(args.appendOnly.length > 0 ? [revokeOnPartitionsSql(args.role, args.appendOnly)] : []),
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${role}`,
    `GRANT ${SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`,
    // The schema's functions, among them the SECURITY DEFINER ones that shred a case's free text from the
    // append-only history (migration 20261205010000_retention), which PUBLIC may not call.
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`,
    // Tables and sequences the owner creates later (a migration applied by other means).
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${TABLE_PRIVILEGES} ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${SEQUENCE_PRIVILEGES} ON SEQUENCES TO ${role}`,
    // pg-boss: the API sends, fetches, completes and maintains jobs with DML and pg-boss's functions
    // (EXECUTE is PUBLIC's by default); the tables of a queue created later inherit the grants.
    ...(args.jobsSchema
      ? [
          `GRANT USAGE ON SCHEMA ${jobs} TO ${role}`,
          `REVOKE ALL ON ALL TABLES IN SCHEMA ${jobs} FROM ${role}`,
          `GRANT ${TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${jobs} TO ${role}`,
          `GRANT ${SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA ${jobs} TO ${role}`,
          `ALTER DEFAULT PRIVILEGES IN SCHEMA ${jobs} GRANT ${TABLE_PRIVILEGES} ON TABLES TO ${role}`,
          `ALTER DEFAULT PRIVILEGES IN SCHEMA ${jobs} GRANT ${SEQUENCE_PRIVILEGES} ON SEQUENCES TO ${role}`,
        ]
      : []),
  ];
}

/** Revokes everything from `role` on each partition (at any depth) of `parents`, whichever exist now. */
function revokeOnPartitionsSql(role: string, parents: readonly string[]): string {
  const names = parents.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
  const schema = `'${APP_SCHEMA.replace(/'/g, "''")}'`;
  const grantee = quoteIdent(role).replace(/'/g, "''");
  return `DO $partitions$ DECLARE part regclass; BEGIN
  FOR part IN SELECT c.oid::regclass FROM pg_class c
               WHERE c.relispartition AND c.relnamespace = ${schema}::regnamespace
                 AND (SELECT r.relname FROM pg_class r WHERE r.oid = pg_partition_root(c.oid)) IN (${names})
  LOOP EXECUTE format('REVOKE ALL ON %s FROM %s', part, '${grantee}'); END LOOP;
END $partitions$`;
}

/**
 * The SQL an administrator runs to set the role up by hand (`npm run db:roles -- --print`): the
 * role, once, as a role that may create roles; the grants as the owner, after every migration.
 */
export function appRoleScript(args: {
  role: string;
  owner: string;
  database: string;
  password?: string;
}): string {
  const role = quoteIdent(args.role);
  const password =
    args.password === undefined
      ? ''
      : ` PASSWORD '${isPrintableAscii(args.password) ? scramSha256Verifier(args.password) : args.password.replace(/'/g, "''")}'`;
  const lines = [
    `-- The API's database role for Madoguchi: DML only, owner of nothing (README, "Database roles").`,
    `-- 1. Once, as a role that may create roles:`,
    `CREATE ROLE ${role} ${ROLE_ATTRIBUTES}${password};`,
    ...(args.password === undefined ? [`-- then set its password in psql: \\password ${role}`] : []),
    '',
    `-- 2. As the owner (${quoteIdent(args.owner)}) on database ${quoteIdent(args.database)}, after every migration`,
    '--    (npm start, npm run db:migrate and the Docker image do this themselves once they know the role):',
    'BEGIN;',
    `SET LOCAL ROLE ${quoteIdent(args.owner)};`,
    ...grantSql({
      role: args.role,
      database: args.database,
      connect: true,
      usage: true,
      appendOnly: APPEND_ONLY_TABLES,
      ownerOnly: OWNER_ONLY_TABLES,
      jobsSchema: true,
    }).map((sql) => `${sql};`),
    'COMMIT;',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A SCRAM-SHA-256 verifier (what PostgreSQL stores), so the password itself never travels in a
 * statement that the server might log. Only for printable ASCII, where SASLprep changes nothing.
 */
export function scramSha256Verifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

function passwordLiteral(client: pg.Client, password: string): string {
  return client.escapeLiteral(isPrintableAscii(password) ? scramSha256Verifier(password) : password);
}

function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]+$/.test(value);
}

/** The role name a local start gives the API on `database`: `<database>_app`. */
export function localAppRoleName(database: string): string {
  return `${database
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 59)}_app`;
}

/** The same server and database as `url`, as another user. */
export function withCredentials(url: string, user: string, password: string | undefined): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = password === undefined ? '' : encodeURIComponent(password);
  return parsed.toString();
}

export function credentialsOf(url: string): { role: string; password: string | undefined } {
  const parsed = new URL(url);
  const role = decodeURIComponent(parsed.username);
  if (!role) {
    throw new AppRoleError("The API's database URL names no user.");
  }
  return { role, password: parsed.password ? decodeURIComponent(parsed.password) : undefined };
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

function isConcurrentRoleChange(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (
    code === '23505' || // pg_authid_rolname_index: the role was created meanwhile
    code === '42710' || // role already exists
    code === '40P01' ||
    (code === 'XX000' && /tuple concurrently (updated|deleted)/.test(message ?? ''))
  );
}
