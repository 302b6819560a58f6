import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../db/prisma.service';
import { DataKeysRepository } from '../../common/crypto/data-keys.repository';
import type { EncryptedTextColumn } from '../../common/crypto/encrypted-columns';

const MIN_UUID = '00000000-0000-0000-0000-000000000000';

function ident(name: string): string {
  // Names come from the static ENCRYPTED_TEXT_COLUMNS list, never from a request; quoted all the same.
  return `"${name.replace(/"/g, '""')}"`;
}

function only(column: EncryptedTextColumn): string {
  return column.where ? ` AND (${column.where})` : '';
}

/**
 * Storage-level access to the encrypted columns for the re-encryption job. It changes how a value is stored,
 * never what it is, so it writes past the owning services (and leaves updated_at alone) on purpose.
 */
@Injectable()
export class KeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Of the next `stretch` rows after `after` in id order, at most `limit` whose value is clear or under another
   * data key than `activeId`, and where to go on from (the last row read, or the last one returned when `limit`
   * cut them short; null: no rows left). Each statement reads one bounded stretch of the table, whatever is
   * pending: a statement that searched on until it found `limit` pending rows read the whole table when none
   * were (`case_events` at a million cases: millions of rows in one statement, past the pool's
   * statement_timeout, so the sweep could never finish); and a stretch of a few thousand rows, not of `limit`,
   * keeps a walk with little to do from taking tens of thousands of statements.
   */
  async pending(args: {
    column: EncryptedTextColumn;
    activeId: string;
    after: string | null;
    limit: number;
    stretch?: number;
  }): Promise<{ rows: { id: string; value: string }[]; last: string | null }> {
    const { table, column, idColumn } = args.column;
    const [result] = await this.prisma.client.$queryRawUnsafe<
      { last: string | null; rows: [string, string][] }[]
    >(
      `WITH stretch AS MATERIALIZED (
         SELECT ${ident(idColumn)} AS id,
                CASE WHEN ${ident(column)} IS NOT NULL AND ${ident(column)} NOT LIKE $1${only(args.column)}
                     THEN ${ident(column)} END AS value
         FROM ${ident(table)}
         WHERE ${ident(idColumn)} > $2::uuid
         ORDER BY ${ident(idColumn)} LIMIT $3
       ),
       pending AS MATERIALIZED (
         SELECT id, value FROM stretch WHERE value IS NOT NULL ORDER BY id LIMIT $4
       )
       SELECT CASE WHEN (SELECT count(*) FROM pending) = $4
                   THEN (SELECT id::text FROM pending ORDER BY id DESC LIMIT 1)
                   ELSE (SELECT id::text FROM stretch ORDER BY id DESC LIMIT 1)
              END AS last,
              (SELECT coalesce(json_agg(json_build_array(id::text, value) ORDER BY id), '[]'::json)
               FROM pending) AS rows`,
      `enc:v1:${args.activeId}:%`,
      args.after ?? MIN_UUID,
      Math.max(args.stretch ?? args.limit, args.limit),
      args.limit,
    );
    return {
      rows: (result?.rows ?? []).map(([id, value]) => ({ id, value })),
      last: result?.last ?? null,
    };
  }

  /** Replaces a value only if it is still the one read: a concurrent write (a new enrolment) wins. */
  async replace(args: {
    column: EncryptedTextColumn;
    id: string;
    from: string;
    to: string;
  }): Promise<boolean> {
    const { table, column, idColumn, replaceFunction } = args.column;
    if (replaceFunction) {
      const rows = await this.prisma.client.$queryRawUnsafe<{ replaced: boolean }[]>(
        `SELECT ${ident(replaceFunction)}($1::uuid, $2, $3) AS replaced`,
        args.id,
        args.from,
        args.to,
      );
      return rows[0]?.replaced === true;
    }
    const count = await this.prisma.client.$executeRawUnsafe(
      `UPDATE ${ident(table)} SET ${ident(column)} = $1 WHERE ${ident(idColumn)} = $2::uuid AND ${ident(column)} = $3`,
      args.to,
      args.id,
      args.from,
    );
    return count === 1;
  }

  /**
   * Whether any row of the column is encrypted under the data key, reading the table in bounded stretches of id
   * order (as `pending` does) and stopping at the first use: once a key's values have all moved, which is when it
   * is asked, one statement would read the whole table (millions of rows of case_events), past the pool's
   * statement_timeout at scale.
   */
  async uses(column: EncryptedTextColumn, dataKeyId: string, stretch = 10_000): Promise<boolean> {
    for (let after: string | null = MIN_UUID; after !== null;) {
      const [result]: { last: string | null; used: boolean }[] = await this.prisma.client.$queryRawUnsafe(
        `WITH stretch AS MATERIALIZED (
           SELECT ${ident(column.idColumn)} AS id,
                  coalesce(${ident(column.column)} LIKE $1${only(column)}, false) AS used
           FROM ${ident(column.table)}
           WHERE ${ident(column.idColumn)} > $2::uuid
           ORDER BY ${ident(column.idColumn)} LIMIT $3
         )
         SELECT (SELECT id::text FROM stretch ORDER BY id DESC LIMIT 1) AS last,
                EXISTS (SELECT 1 FROM stretch WHERE used) AS used`,
        `enc:v1:${dataKeyId}:%`,
        after,
        stretch,
      );
      if (result?.used) {
        return true;
      }
      after = result?.last ?? null;
    }
    return false;
  }

  /** Unretired field data keys. */
  activeFieldKeys(): Promise<{ id: string }[]> {
    return this.prisma.client.dataKey.findMany({
      where: { purpose: 'field', retiredAt: null },
      select: { id: true },
    });
  }

  /** Through the one writer of data_keys (common/crypto/data-keys.repository.ts). */
  retire(id: string, at: Date): Promise<void> {
    return new DataKeysRepository(this.prisma.client).retire(id, at);
  }
}
