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

/** Rows of the queue order a search walks first: SEARCH_PROBE_ROWS in cases.repository.ts. */
export const SEARCH_PROBE_ROWS = 4_000;

/**
 * Page ids: filters, then priority (enum order), oldest first, id; keyset instead of OFFSET. With
 * `probeRows`, the search terms are checked on the first rows of that order only (the API's first
 * step for a search; it runs the full statement when that does not fill the page).
 */
export function queueStatement(params: QueueParams, options: { probeRows?: number } = {}): Statement {
  const where: string[] = ['TRUE'];
  const matches: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const terms = params.q ? searchTerms(params.q) : [];
  for (const term of terms) {
    matches.push(`c.search_text LIKE ${bind(`%${escapeLike(term)}%`)} ESCAPE '\\'`);
  }
  if (params.cursor) {
    const after = decodeCursor(params.cursor);
    if (after) {
      where.push(
        `(c.priority, c.created_at, c.id) > (${bind(after.priority)}::"Urgency", ${bind(after.createdAt)}::timestamptz, ${bind(after.id)}::uuid)`,
      );
    }
  }
  const order = 'ORDER BY c.priority ASC, c.created_at ASC, c.id ASC';
  if (options.probeRows !== undefined) {
    return {
      text: `SELECT c.id, c.priority::text AS priority, c.created_at
      FROM (
        SELECT c.id, c.priority, c.created_at, c.search_text
        FROM cases c
        WHERE ${where.join(' AND ')}
        ${order}
        LIMIT ${bind(options.probeRows)}
      ) c
      WHERE ${['TRUE', ...matches].join(' AND ')}
      ${order}
      LIMIT ${bind(params.limit + 1)}`,
      values,
    };
  }
  const grams = params.q && terms.length > 0 ? queryGrams(params.q) : [];
  if (grams.length > 0) {
    where.push(`c.search_grams @> ${bind(grams)}::text[]`);
  }
  return {
    text: `SELECT c.id, c.priority::text AS priority, c.created_at
    FROM cases c
    WHERE ${[...where, ...matches].join(' AND ')}
    ${order}
    LIMIT ${bind(params.limit + 1)}`,
    values,
  };
}

/** Whether the API walks the queue order first for these parameters (a search with bigrams). */
export function probesFirst(params: QueueParams): boolean {
  return Boolean(params.q) && searchTerms(params.q!).length > 0 && queryGrams(params.q!).length > 0;
}

/**
 * The page's rows as Prisma's findMany with `include: { assignee }` and the search document omitted
 * reads them: every other scalar column of the case, then the assignees.
 */
export function summariesStatement(ids: string[]): Statement {
  return {
    text: `SELECT c.id, c.receipt_number, c.access_code_hash, c.status, c.urgency, c.priority, c.channel,
             c.picked_category, c.suggested_categories, c.confirmed_categories, c.safety_flags, c.person_age, c.prefecture,
             c.consent_to_share, c.assignee_id, c.tags, c.follow_up_at, c.summary, c.version,
             c.created_at, c.updated_at, c.closed_at,
             c.first_response_at, c.last_reopened_at, c.categories_judged_at, c.triage_overridden, c.triage_rule_ids,
             u.id AS assignee_user_id, u.display_name AS assignee_display_name
      FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
      WHERE c.id = ANY($1::uuid[])`,
    values: [ids],
  };
}
