import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type DbClientOptions = {
  databaseUrl: string;
  /** Pool size; PostgreSQL's own limit and the API's concurrency decide it. */
  poolSize?: number;
};

/** Prisma Client on the pg driver adapter: no native query engine is needed at run time. */
export function createDbClient({ databaseUrl, poolSize = 10 }: DbClientOptions) {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}

export type DbClient = ReturnType<typeof createDbClient>;
