// Per-test-file database: a copy of the migrated template (CREATE DATABASE … TEMPLATE …), so test
// files run in parallel and never see each other's rows.
import { randomBytes } from 'node:crypto';
import { quoteIdent, runAdminStatement, withDatabase } from '../src/admin';

export type TestDatabase = {
  /** The owner's URL: fixtures, resets, anything the API itself may not do. */
  url: string;
  /** The API's URL: the run's restricted role (see global-setup.ts). */
  appUrl: string;
  name: string;
  drop(): Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.MADOGUCHI_TEST_SERVER_URL;
  const template = process.env.MADOGUCHI_TEST_TEMPLATE;
  const appServerUrl = process.env.MADOGUCHI_TEST_APP_SERVER_URL;
  if (!serverUrl || !template || !appServerUrl) {
    throw new Error(
      'The test database server is not set up: run the tests through the root jest config (npm test).',
    );
  }
  const name = template.replace(/_tpl$/, `_${randomBytes(5).toString('hex')}`);
  await copyTemplate(serverUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    appUrl: withDatabase(appServerUrl, name),
    drop: () => runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
}

// Parallel files copy the same template; PostgreSQL refuses a copy while another backend briefly
// holds the template, so retry that one error.
async function copyTemplate(serverUrl: string, sql: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runAdminStatement(serverUrl, sql);
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
