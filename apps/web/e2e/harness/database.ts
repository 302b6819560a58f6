import { createDbClient, type DbClient } from '../../../../packages/db/src/client';

/**
 * A Prisma client on the stack's database (or another stack's), for tests that arrange data or check what was
 * stored. Disconnect it when done (`await db.$disconnect()`).
 */
export function stackDatabase(databaseUrl = process.env.E2E_DATABASE_URL): DbClient {
  if (!databaseUrl) {
    throw new Error('E2E_DATABASE_URL is not set: run through jest -c jest.e2e.config.js');
  }
  return createDbClient({ databaseUrl, poolSize: 1 });
}
