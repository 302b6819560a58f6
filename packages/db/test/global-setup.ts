// Jest global setup for every workspace: one PostgreSQL for the whole run (DATABASE_URL's server,
// or an embedded one), and one migrated, seeded template database that each test file copies.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDbClient } from '../src/client';
import { applyMigrations } from '../src/migrations';
import { seedReferenceData } from '../src/seed';
import { startEmbeddedPostgres } from '../src/embedded';
import { runAdminStatement, withDatabase, quoteIdent } from '../src/admin';
import { ensureAppRole, withCredentials } from '../src/roles';
import { testState } from './test-state';

export default async function globalSetup(): Promise<void> {
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-test-'));
    // As root the server runs as the `postgres` system user, which must be able to reach its data.
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'pg');
    const server = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
    testState.embedded = server;
    serverUrl = server.url('postgres');
  }
  const template = `madoguchi_test_${process.pid}_tpl`;
  await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
  await runAdminStatement(serverUrl, `CREATE DATABASE ${quoteIdent(template)}`);
  const templateUrl = withDatabase(serverUrl, template);
  await applyMigrations({ databaseUrl: templateUrl });
  const db = createDbClient({ databaseUrl: templateUrl, poolSize: 1 });
  await seedReferenceData(db);
  await db.$disconnect();
  // The API under test connects as its own restricted role, as in production, so a missing grant
  // fails a test. Role names are cluster-wide: one role per run, made here once (parallel files
  // never race for it) and dropped in globalTeardown; each copy of the template keeps the grants.
  const appRole = `madoguchi_test_${process.pid}_app`;
  const appServerUrl = withCredentials(serverUrl, appRole, randomBytes(18).toString('base64url'));
  await ensureAppRole({
    ownerUrl: templateUrl,
    appUrl: withDatabase(appServerUrl, template),
    mode: 'manage',
  });

  process.env.MADOGUCHI_TEST_SERVER_URL = serverUrl;
  process.env.MADOGUCHI_TEST_TEMPLATE = template;
  process.env.MADOGUCHI_TEST_APP_SERVER_URL = appServerUrl;
}
