// Every API test file gets its own database, copied from the migrated template. DATABASE_URL is the
// owner's (fixtures and resets); the app under test connects as the restricted role (test-app.ts).
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/test-database';

let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.MADOGUCHI_TEST_APP_DATABASE_URL = database.appUrl;
}, 60_000);

afterAll(async () => {
  await database?.drop();
});
