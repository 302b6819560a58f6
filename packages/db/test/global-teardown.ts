import pg from 'pg';
import { quoteIdent, runAdminStatement } from '../src/admin';
import { testState } from './test-state';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.MADOGUCHI_TEST_SERVER_URL;
  if (serverUrl && !testState.embedded) {
    // On a shared server, leave nothing behind: the template and any copy a crashed file kept.
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`madoguchi_test_${process.pid}_%`],
    );
    await client.end();
    for (const { datname } of rows) {
      await runAdminStatement(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    }
    // The run's API role (global-setup.ts); its grants went with the databases.
    await runAdminStatement(
      serverUrl,
      `DROP ROLE IF EXISTS ${quoteIdent(`madoguchi_test_${process.pid}_app`)}`,
    ).catch((error: unknown) => console.warn(`Could not drop the test run's role: ${String(error)}`));
  }
  await testState.embedded?.stop();
}
