// Every API test file gets its own database, copied from the migrated template. DATABASE_URL is the
// owner's (fixtures and resets); the app under test connects as the restricted role (test-app.ts).
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/test-database';

let database: TestDatabase | undefined;

// Each e2e file boots the whole API and signs staff in (argon2) in beforeAll: jest's 5 s is too little on a
// 2-core runner against the embedded server (a CI run lost registry.e2e-spec's hook at 5 s). Timing assertions
// are explicit inside the tests, not this limit. (A project's `testTimeout` in jest.config.js is ignored:
// jest-circus reads only the global one, so it is set here, for the API files alone.)
jest.setTimeout(30_000);

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.MADOGUCHI_TEST_APP_DATABASE_URL = database.appUrl;
}, 60_000);

afterAll(async () => {
  await database?.drop();
});
