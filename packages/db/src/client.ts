import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type DbClientOptions = {
  databaseUrl: string;
  /** Pool size; PostgreSQL's own limit and the API's concurrency decide it. */
  poolSize?: number;
  /**
   * `statement_timeout` of every connection of this pool (ms; 0 or absent: the server's default).
   * Sent in the startup packet (`options=-c statement_timeout=…`), so it holds from the first query
   * and no extra round trip is spent on a `SET` per connection.
   */
  statementTimeoutMs?: number;
  /** Shown in `pg_stat_activity`, so an operator sees which bulkhead a slow query came from. */
  applicationName?: string;
  /** How long to wait for a new connection to the server before failing (ms). */
  connectionTimeoutMs?: number;
};

/** Prisma Client on the pg driver adapter: no native query engine is needed at run time. */
export function createDbClient({
  databaseUrl,
  poolSize = 10,
  statementTimeoutMs,
  applicationName,
  connectionTimeoutMs,
}: DbClientOptions) {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: poolSize,
    ...(statementTimeoutMs ? { options: `-c statement_timeout=${Math.round(statementTimeoutMs)}` } : {}),
    ...(applicationName ? { application_name: applicationName } : {}),
    ...(connectionTimeoutMs ? { connectionTimeoutMillis: connectionTimeoutMs } : {}),
  });
  return new PrismaClient({ adapter });
}

export type DbClient = ReturnType<typeof createDbClient>;
