import { Prisma } from './generated/prisma/client';
import type { Sql } from './sql';

/** A statement of the `sql` tag as Prisma's $queryRaw takes it: the same text, the same parameters. */
export function prismaSql(statement: Sql): Prisma.Sql {
  return new Prisma.Sql(statement.strings, statement.values);
}
