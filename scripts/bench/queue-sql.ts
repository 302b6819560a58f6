// The SQL the API runs for GET /cases, written with plain pg parameters: the baseline server runs
// it, and the profile step EXPLAINs it. Mirrors queueQuery() in
// apps/api/src/modules/cases/cases.repository.ts for the filters the scenarios use (search terms,
// cursor); keep the two in step when the queue query changes.
import { escapeLike, queryGrams, searchTerms } from '@madoguchi/shared';

export type QueueParams = { q?: string; cursor?: string; limit: number };
export type Statement = { text: string; values: unknown[] };

type SortKey = { priority: string; createdAt: string; id: string };

/** The API's opaque cursor: base64url of `priority|createdAt ISO|id` (see case-cursor.ts). */
export function decodeCursor(cursor: string): SortKey | null {
  const [priority, createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return rest.length === 0 && priority && createdAt && id ? { priority, createdAt, id } : null;
}

export function encodeCursor(key: { priority: string; created_at: Date; id: string }): string {
  return Buffer.from(`${key.priority}|${key.created_at.toISOString()}|${key.id}`, 'utf8').toString(
    'base64url',
  );
}

/** Page ids: filters, then priority (enum order), oldest first, id; keyset instead of OFFSET. */
export function queueStatement(params: QueueParams): Statement {
  const where: string[] = ['TRUE'];
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (params.q) {
    const terms = searchTerms(params.q);
    const grams = queryGrams(params.q);
    if (terms.length > 0) {
      if (grams.length > 0) {
        where.push(`c.search_grams @> ${bind(grams)}::text[]`);
      }
      for (const term of terms) {
        where.push(`c.search_text LIKE ${bind(`%${escapeLike(term)}%`)} ESCAPE '\\'`);
      }
    }
  }
  if (params.cursor) {
    const after = decodeCursor(params.cursor);
    if (after) {
      where.push(
        `(c.priority, c.created_at, c.id) > (${bind(after.priority)}::"Urgency", ${bind(after.createdAt)}::timestamptz, ${bind(after.id)}::uuid)`,
      );
    }
  }
  return {
    text: `SELECT c.id, c.priority::text AS priority, c.created_at
    FROM cases c
    WHERE ${where.join(' AND ')}
    ORDER BY c.priority ASC, c.created_at ASC, c.id ASC
    LIMIT ${bind(params.limit + 1)}`,
    values,
  };
}

/**
 * The page's rows as Prisma's findMany with `include: { assignee }` reads them: every scalar column
 * of the case (search document included), then the assignees.
 */
export function summariesStatement(ids: string[]): Statement {
  return {
    text: `SELECT c.*, u.id AS assignee_user_id, u.display_name AS assignee_display_name
      FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
      WHERE c.id = ANY($1::uuid[])`,
    values: [ids],
  };
}
