// What the baseline does with a queue request before and after the queue's SQL, which it imports from
// packages/db (case-queue-sql.ts) like the API: the request's filter as CasesService.list resolves it, and the
// page's rows as Prisma's findMany reads them.
import {
  decodeCursor,
  queueSearch,
  type QueueFilter,
  type SearchTokenizer,
} from '@madoguchi/db/case-queue-sql';

export type QueueParams = { q?: string; cursor?: string; limit: number };

let tokenizer: SearchTokenizer | undefined;

/** The search tokens of the database under test (search-key.ts): set once before any search. */
export function useSearchTokenizer(value: SearchTokenizer): void {
  tokenizer = value;
}

function searchOf(q: string) {
  if (!tokenizer) {
    throw new Error('queue-request: useSearchTokenizer was not called before a search');
  }
  return queueSearch(q, tokenizer);
}

/** The queue filter of a request (as CasesService.list builds it); null for a cursor the API would refuse. */
export function queueFilterOf(params: QueueParams, now = new Date()): QueueFilter | null {
  const after = params.cursor === undefined ? undefined : decodeCursor(params.cursor);
  if (after === null) {
    return null;
  }
  return {
    search: params.q ? searchOf(params.q) : undefined,
    after,
    // One row more than asked tells whether there is a next page.
    limit: params.limit + 1,
    now,
  };
}

/**
 * The page's rows as Prisma's findMany with `include: { assignee }` and the search document omitted
 * reads them: every other scalar column of the case, then the assignees; and the description for the excerpt,
 * as the API's findExcerptHeads reads it (here in the same statement): whole, since it is encrypted.
 */
export function summariesStatement(ids: string[]): { text: string; values: unknown[] } {
  return {
    text: `SELECT c.id, c.receipt_number, c.access_code_hash, c.status, c.urgency, c.priority, c.channel,
             c.picked_category, c.suggested_categories, c.confirmed_categories, c.safety_flags, c.person_age, c.prefecture,
             c.consent_to_share, c.assignee_id, c.tags, c.follow_up_at, c.summary, c.version,
             c.created_at, c.updated_at, c.closed_at,
             c.first_response_at, c.last_reopened_at, c.categories_judged_at, c.triage_overridden, c.triage_rule_ids,
             u.id AS assignee_user_id, u.display_name AS assignee_display_name,
             i.description AS excerpt_head
      FROM cases c LEFT JOIN users u ON u.id = c.assignee_id LEFT JOIN intakes i ON i.case_id = c.id
      WHERE c.id = ANY($1::uuid[])`,
    values: [ids],
  };
}
