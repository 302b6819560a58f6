// The job queue (pg-boss) lives in its own schema of the application's database: no other
// infrastructure. Like the Prisma migrations, its tables are created and migrated by the owner
// (applyMigrations runs installJobQueue), never by the API, whose role only gets DML on them
// (roles.ts). The API and the worker start pg-boss with `migrate: false` and fail if the schema is
// missing or older than their pg-boss.
import { PgBoss } from 'pg-boss';

/** pg-boss's schema. */
export const JOBS_SCHEMA = 'pgboss';

/** Creates pg-boss's schema, or migrates it to the installed pg-boss's version. Run as the owner. */
export async function installJobQueue(options: { databaseUrl: string }): Promise<void> {
  // start() with `migrate: true` is pg-boss's own installer (it serialises concurrent installs); the
  // rest of what start() would run (scheduling, maintenance, the instance registry) is switched off.
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: JOBS_SCHEMA,
    application_name: 'madoguchi-migrate',
    max: 1,
    migrate: true,
    schedule: false,
    supervise: false,
    registerInstance: false,
    reindex: false,
    monitorVacuum: false,
  });
  // pg-boss reports background trouble as events; without a listener an 'error' event would throw.
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false });
}
