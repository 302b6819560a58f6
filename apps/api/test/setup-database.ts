// Every API test file gets its own database, copied from the migrated template.
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/test-database';

let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
}, 60_000);

afterAll(async () => {
  await database?.drop();
});
