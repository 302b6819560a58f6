// The staff queue's SQL (list, search, cursor, counts), framework-free: CasesRepository runs it through
// Prisma, the benchmark's raw baseline (scripts/bench/baseline-server.ts) through pg, and tests EXPLAIN it.
import {
  CASE_STATUSES,
  categoriesNamedBy,
  receiptNumberSpelledBy,
  searchTerms,
  termGrams,
  URGENCY_LEVELS,
  type TCaseStatus,
  type TIntakeChannel,
  type TSearchDocument,
  type TUrgency,
} from '@madoguchi/shared';
import { joinSql, Sql, sql } from './sql';

/** Where a case sits in the queue order. */
export type SortKey = { priority: TUrgency; createdAt: Date; id: string };
export type QueueRow = { id: string; priority: TUrgency; created_at: Date; response_due_at?: Date | null };
/** Where a case sits in the order by response due time (sort=due): soonest first, the rest (null) last. */
export type DueKey = { dueAt: Date | null; id: string };
/**
 * A page's rows (one more than asked when there is a next page) and, for a bounded walk that
 * stopped before finding that many, the last row it examined: the next page starts after it.
 */
export type QueuePage = { rows: QueueRow[]; resumeAfter?: SortKey };

/**
 * Keyed tokens of the search grams and whole values of packages/shared/src/search.ts: the first 32 bits of an
 * HMAC-SHA-256 under an index key of the key system (SearchTokens in the API; the benchmark opens the same
 * key). `key` names the index key and the token scheme: a case whose cases.search_key differs is rebuilt.
 */
export type SearchTokenizer = {
  gram(gram: string): number;
  exact(value: string): number;
  key: string;
};

/** The index names the HMAC keys are derived from (deriveIndexKey): one key per kind of token. */
export const SEARCH_INDEX_NAMES = { gram: 'cases.search_grams', exact: 'cases.search_exact' } as const;

/** Bumped when the document or the tokens change: every case is then rebuilt with the new scheme. */
const SEARCH_TOKEN_SCHEME = 'v1';

/**
 * A tokenizer over a keyed hash (`hmac(indexName, value)`, base64url of HMAC-SHA-256: FieldCrypto.blindIndex
 * in the API): 32 bits are plenty for a term's several grams, and half the size of the 64 bits per gram
 * every search reads.
 */
export function searchTokenizer(hmac: (indexName: string, value: string) => string): SearchTokenizer {
  const token = (indexName: string, value: string) =>
    Buffer.from(hmac(indexName, value), 'base64url').readInt32BE(0);
  return {
    gram: (gram) => token(SEARCH_INDEX_NAMES.gram, gram),
    exact: (value) => token(SEARCH_INDEX_NAMES.exact, value),
    // A keyed value of a constant: names the key without telling anything of it.
    key: `${SEARCH_TOKEN_SCHEME}:${hmac('cases.search_key', SEARCH_TOKEN_SCHEME).slice(0, 16)}`,
  };
}

/** What cases.search_grams, search_exact, search_sig and search_key hold for a search document. */
export type SearchTokens = { grams: number[]; exact: number[]; sig: number[]; key: string };

/**
 * The gram tokens' signature: a 1,024-bit set (32 int4 words) with bit `token mod 1024` of every gram token.
 * A walk of the queue order (the probe, readQueuePage) checks it before `search_grams @> …`: one array
 * subscript and an AND per word instead of a scan of a few hundred tokens, for every row that does not match
 * (about 1 in 5 bits is set, so a two-gram word passes ~4 % of those rows on to the exact check). It is a
 * function of the tokens, so it tells nothing they do not.
 */
const SIG_WORDS = 32;

function sigBit(token: number): { word: number; mask: number } {
  const bit = token & (SIG_WORDS * 32 - 1);
  return { word: bit >> 5, mask: 1 << (bit & 31) };
}

/** The keyed tokens of a document (packages/shared/src/search.ts), distinct and sorted. */
export function tokenizeSearchDocument(tokenizer: SearchTokenizer, document: TSearchDocument): SearchTokens {
  const sorted = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  const grams = sorted(document.grams.map((gram) => tokenizer.gram(gram)));
  const sig = new Array<number>(SIG_WORDS).fill(0);
  for (const token of grams) {
    const { word, mask } = sigBit(token);
    sig[word]! |= mask;
  }
  return {
    grams,
    exact: sorted(document.exact.map((value) => tokenizer.exact(value))),
    sig: grams.length > 0 ? sig : [],
    key: tokenizer.key,
  };
}

/** `search_sig` holds every bit of these gram tokens (a row without a signature has none). */
function sigCondition(grams: readonly number[]): Sql {
  const masks = new Map<number, number>();
  for (const token of grams) {
    const { word, mask } = sigBit(token);
    masks.set(word, (masks.get(word) ?? 0) | mask);
  }
  return joinSql(
    [...masks].map(([word, mask]) => sql`(c.search_sig[${word + 1}::int] & ${mask}::int) = ${mask}::int`),
    ' AND ',
  );
}

/** What one spelling of a term requires: the tokens of all its grams, or its token as a whole value. */
export type SearchSpelling = { grams: number[]; exact: number };

/**
 * A search: every term must match. A term matches a case whose search_grams hold all the gram tokens of
 * one of its spellings (the term, or the receipt number it spells), or whose search_exact holds that
 * spelling's whole-value token, or (a term naming categories) a case of one of those categories.
 * `terms` only counts them (the audit row); no clear term reaches the SQL.
 */
export type QueueSearch = {
  terms: string[];
  matches: { spellings: SearchSpelling[]; categories?: string[] }[];
};

/** The queue's filters, resolved by the service (`me` → a user id, dates → instants). */
export type QueueFilter = {
  statuses?: TCaseStatus[];
  urgencies?: TUrgency[];
  priorities?: TUrgency[];
  /** Any of these, among the confirmed categories or, while none are confirmed, the suggested ones. */
  categories?: string[];
  assigneeId?: string | null;
  channels?: TIntakeChannel[];
  createdFrom?: Date;
  /** Exclusive. */
  createdBefore?: Date;
  followUpOverdue?: boolean;
  /** All of these. */
  tags?: string[];
  search?: QueueSearch;
  /**
   * `due`: by cases.response_due_at (the unanswered, soonest due first; answered and not yet computed last),
   * then id; with `afterDue` as the keyset. Not with `search` (POST /cases/search keeps the queue order).
   */
  sort?: 'queue' | 'due';
  afterDue?: DueKey;
  after?: SortKey;
  limit: number;
  now: Date;
};

const OPEN_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');

/** A case's categories as the queue knows them: the confirmed ones, or while none are, the suggested ones. */
const CASE_CATEGORIES = sql`(CASE WHEN cardinality(c.confirmed_categories) > 0
      THEN c.confirmed_categories ELSE c.suggested_categories END)`;

/**
 * The search of the words a counselor typed: its terms (search.ts), and for each term what else it
 * means (queue-search.ts in packages/shared): the categories it names, the receipt number it spells;
 * as keyed tokens. undefined when nothing is left to search for.
 */
export function queueSearch(query: string, tokenizer: SearchTokenizer): QueueSearch | undefined {
  const terms = searchTerms(query);
  if (terms.length === 0) {
    return undefined;
  }
  const spelling = (text: string): SearchSpelling => ({
    grams: [...new Set(termGrams(text).map((gram) => tokenizer.gram(gram)))].sort((a, b) => a - b),
    exact: tokenizer.exact(text),
  });
  const matches = terms.map((term) => {
    const receipt = receiptNumberSpelledBy(term);
    const categories = categoriesNamedBy(term);
    return {
      spellings: [term, ...(receipt === null ? [] : [receipt])].map(spelling),
      ...(categories.length === 0 ? {} : { categories }),
    };
  });
  return { terms, matches };
}

/**
 * What one term requires of a case: each spelling's grams, or its whole value, or a category it names.
 * Every arm but the categories is a GIN index condition (BitmapOr); the categories have no index. On a walk
 * of the queue order (`walked`) the grams are checked against the signature first (tokenizeSearchDocument).
 */
function termMatch(match: QueueSearch['matches'][number], walked: boolean): Sql {
  const conditions: Sql[] = [];
  for (const spelling of match.spellings) {
    const grams = sql`c.search_grams @> ${spelling.grams}::int[]`;
    conditions.push(
      walked && spelling.grams.length > 0 ? sql`(${sigCondition(spelling.grams)} AND ${grams})` : grams,
    );
    conditions.push(sql`c.search_exact @> ARRAY[${spelling.exact}::int]`);
  }
  if (match.categories?.length) {
    // A plain column condition: the planner checks it on the rows the queue order walks.
    conditions.push(sql`${CASE_CATEGORIES} && ${match.categories}::text[]`);
  }
  return sql`(${joinSql(conditions, ' OR ')})`;
}

/** Whether the GIN indexes can answer the search: some term does not name a category. */
function indexed(search: QueueSearch): boolean {
  return search.matches.some((match) => !match.categories?.length);
}

function namesCategories(search: QueueSearch | undefined): boolean {
  return (search?.matches ?? []).some((match) => match.categories?.length);
}

/** The predicate of the partial indexes over open cases (migration case_counters), verbatim. */
const OPEN_ONLY = sql`c.status <> 'closed'::"CaseStatus"`;

/** The all-zero uuid the counters use for "no assignee" (migration case_counters). */
export const NO_ASSIGNEE = '00000000-0000-0000-0000-000000000000';

/**
 * The counts statement (CasesRepository.counts): one row per (status, priority) key, each carrying
 * the per-assignee and overdue figures (a row of nulls for the key when there are no cases at all).
 */
export function countsQuery(userId: string, now: Date): Sql {
  return sql`
    WITH by_key AS (
      SELECT status::text AS status, priority::text AS priority, sum(n)::int AS total
      FROM case_status_counts GROUP BY status, priority HAVING sum(n) <> 0
    ), by_assignee AS (
      SELECT coalesce(sum(n) FILTER (WHERE assignee_id = ${NO_ASSIGNEE}::uuid), 0)::int AS unassigned,
        coalesce(sum(n) FILTER (WHERE assignee_id = ${userId}::uuid), 0)::int AS mine
      FROM case_assignee_counts
      WHERE assignee_id IN (${NO_ASSIGNEE}::uuid, ${userId}::uuid)
    ), overdue AS (
      SELECT count(*)::int AS overdue FROM cases c
      WHERE ${OPEN_ONLY} AND c.next_follow_up_at < ${now}
    )
    SELECT k.status, k.priority, k.total, a.unassigned, a.mine, o.overdue
    FROM by_assignee a CROSS JOIN overdue o LEFT JOIN by_key k ON TRUE`;
}

/**
 * How many rows of the queue order a search walks first (see readQueuePage): enough to fill a page
 * for any term in more than about 0.7 % of the cases, a few milliseconds when it does not.
 */
export const SEARCH_PROBE_ROWS = 4_000;

/**
 * The same over the open cases only (the dashboard's default): a term rarer than ~2.5 % of them then takes the
 * index over the open cases' bigrams (cases_open_search_grams_idx), whose cost is bounded by the open cases,
 * not the years of closed ones, however far off the planner's estimate; while each row a probe reads from the
 * heap costs ~17 µs even cached (4,000 rows of the unassigned cases took 70–160 ms at a million cases).
 */
export const OPEN_SEARCH_PROBE_ROWS = 1_000;

/**
 * The queue query: filters, then the sort key (priority in the enum's order emergency → low, then
 * oldest first, then id) with a keyset condition instead of OFFSET, so rows inserted between pages
 * cannot shift the ones not yet seen.
 *
 * With `probeRows` the search is checked only on the first `probeRows` rows the other filters leave,
 * in queue order (the same token conditions, read from the rows instead of the index), so a page
 * found there is exactly the page the full query returns.
 */
export function queueQuery(
  filter: QueueFilter,
  options: { probeRows?: number; walkRows?: number } = {},
): Sql {
  const where: Sql[] = [sql`TRUE`];
  if (filter.statuses?.length) {
    const statuses = new Set(filter.statuses);
    if (!statuses.has('closed')) {
      // Written out (not a parameter) so the planner can prove the predicate of the open cases'
      // partial indexes with any plan: the queue then walks the open cases only, however many
      // years of closed ones the table holds.
      where.push(OPEN_ONLY);
    }
    if (!(statuses.size === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => statuses.has(s)))) {
      // Every open status (the dashboard's default) is exactly OPEN_ONLY; repeating it as a list
      // would make the planner count its selectivity twice and sort all open cases for a page.
      where.push(sql`c.status = ANY(${filter.statuses}::"CaseStatus"[])`);
    }
  }
  if (filter.urgencies?.length) {
    where.push(sql`c.urgency = ANY(${filter.urgencies}::"Urgency"[])`);
  }
  if (filter.priorities?.length) {
    where.push(sql`c.priority = ANY(${filter.priorities}::"Urgency"[])`);
  }
  if (filter.categories?.length) {
    where.push(sql`${CASE_CATEGORIES} && ${filter.categories}::text[]`);
  }
  if (filter.assigneeId === null) {
    where.push(sql`c.assignee_id IS NULL`);
  } else if (filter.assigneeId !== undefined) {
    where.push(sql`c.assignee_id = ${filter.assigneeId}::uuid`);
  }
  if (filter.channels?.length) {
    where.push(sql`c.channel = ANY(${filter.channels}::"Channel"[])`);
  }
  if (filter.createdFrom) {
    where.push(sql`c.created_at >= ${filter.createdFrom}`);
  }
  if (filter.createdBefore) {
    where.push(sql`c.created_at < ${filter.createdBefore}`);
  }
  if (filter.followUpOverdue !== undefined) {
    // next_follow_up_at: the case's own date or an open referral's, whichever comes first. Over the open cases
    // only (the dashboard's default) their condition is not repeated: the planner would count its selectivity
    // twice (5 % of the cases open at 2 M: 1,000 overdue estimated for 41,000), sort every overdue case for a
    // page through their own index instead of walking the queue order, and a search probe took 0.6–1.6 s.
    const past = sql`c.next_follow_up_at < ${filter.now}`;
    const overdue = where.includes(OPEN_ONLY) ? past : sql`(${past} AND c.status <> 'closed')`;
    where.push(filter.followUpOverdue ? overdue : sql`NOT COALESCE(${overdue}, FALSE)`);
  }
  if (filter.tags?.length) {
    where.push(sql`c.tags @> ${filter.tags}::text[]`);
  }
  if (filter.after) {
    const { priority, createdAt, id } = filter.after;
    where.push(
      sql`(c.priority, c.created_at, c.id) > (${priority}::"Urgency", ${createdAt}::timestamptz, ${id}::uuid)`,
    );
  }
  // Each term's tokens (see packages/shared/src/search.ts), or a category it names.
  const search = filter.search;
  const walked = options.walkRows !== undefined || options.probeRows !== undefined;
  const matches = search ? search.matches.map((match) => termMatch(match, walked)) : [];
  const order = sql`ORDER BY c.priority ASC, c.created_at ASC, c.id ASC`;
  const matchSql = sql`(${joinSql([sql`TRUE`, ...matches], ' AND ')})`;
  // The rows a probe or a walk reads: their keys first, then whether each matches, read by id. Were the match
  // decided in the same scan, a plan that sorts the filtered rows instead of walking the queue order (the
  // overdue preset: its own index then a sort of 30,000 open cases at a million) would read every filtered
  // row's search tokens (~1 kB) for the sort, 1 s; the keys alone sort in a few milliseconds.
  const walkKeys = (rows: number) => sql`
        SELECT c.id, c.priority, c.created_at
        FROM cases c
        WHERE ${joinSql(where, ' AND ')}
        ${order}
        LIMIT ${rows}`;
  // Each key's row read by its primary key (a subquery per key, not a join the planner may turn into a scan of
  // the table): the cost follows the rows walked, whatever the size of the table.
  const matched = (keys: 'walk_keys' | 'probe_keys') => sql`
        SELECT k.id, k.priority, k.created_at, (SELECT ${matchSql} FROM cases c WHERE c.id = k.id) AS hit
        FROM ${new Sql([keys], [])} k`;
  if (options.walkRows !== undefined) {
    // The matches among the next `walkRows` rows of the queue order, and the last row walked when
    // the walk stopped before the end (where the next request resumes): see readQueuePage.
    return sql`
      WITH walk_keys AS MATERIALIZED (${walkKeys(options.walkRows)}),
      walk AS MATERIALIZED (${matched('walk_keys')})
      (SELECT c.id, c.priority::text AS priority, c.created_at, FALSE AS resume
        FROM walk c WHERE c.hit ${order} LIMIT ${filter.limit})
      UNION ALL
      (SELECT c.id, c.priority::text, c.created_at, TRUE
        FROM walk c WHERE (SELECT count(*) FROM walk) = ${options.walkRows}
        ORDER BY c.priority DESC, c.created_at DESC, c.id DESC LIMIT 1)`;
  }
  if (options.probeRows !== undefined) {
    // When the probe read fewer than `probeRows` rows it read every row the filters leave (a counselor's own
    // cases, say): a last row, `exhausted` and without an id, says so, and the probe's matches are the whole answer
    // (probePage); it costs a count of the materialised keys.
    return sql`
      WITH probe_keys AS MATERIALIZED (${walkKeys(options.probeRows)}),
      probe AS MATERIALIZED (${matched('probe_keys')})
      (SELECT c.id, c.priority::text AS priority, c.created_at, FALSE AS exhausted
        FROM probe c WHERE c.hit
        ${order}
        LIMIT ${filter.limit})
      UNION ALL
      (SELECT NULL, NULL, NULL, TRUE WHERE (SELECT count(*) FROM probe_keys) < ${options.probeRows})`;
  }
  if (filter.sort === 'due') {
    // NULLS LAST (ascending's default), written as a keyset over a nullable column: after a row with a due
    // time come the later ones and every null; after a null only the nulls with a greater id.
    const after = filter.afterDue;
    if (after) {
      where.push(
        after.dueAt === null
          ? sql`(c.response_due_at IS NULL AND c.id > ${after.id}::uuid)`
          : sql`(c.response_due_at > ${after.dueAt}::timestamptz OR c.response_due_at IS NULL
              OR (c.response_due_at = ${after.dueAt}::timestamptz AND c.id > ${after.id}::uuid))`,
      );
    }
    return sql`
      SELECT c.id, c.priority::text AS priority, c.created_at, c.response_due_at
      FROM cases c
      WHERE ${joinSql([...where, ...matches], ' AND ')}
      ORDER BY c.response_due_at ASC, c.id ASC
      LIMIT ${filter.limit}`;
  }
  return sql`
    SELECT c.id, c.priority::text AS priority, c.created_at
    FROM cases c
    WHERE ${joinSql([...where, ...matches], ' AND ')}
    ${order}
    LIMIT ${filter.limit}`;
}

/** Runs a statement and returns its rows (Prisma's $queryRaw in the API, pg's query in the baseline). */
export type QueueQueryRunner = (statement: Sql) => Promise<unknown[]>;

/**
 * One page of the queue, with the statements the API runs for it.
 *
 * A search first walks the queue order for SEARCH_PROBE_ROWS rows. PostgreSQL estimates the rows
 * matching several bigrams as the product of their frequencies, which for digits is far off: the
 * fragment 2854 of a scam number in 2 % of the cases is estimated at 0.002 %, so it would fetch
 * and sort every match through the GIN index (docs/performance.md). A term that common fills the
 * page within the walk; a rarer one falls through to the index, which is then cheap.
 *
 * A search whose every word names categories (「いじめ」: the categories have no index) is answered
 * by walking the queue order after a probe that stops as soon as the page is full, as it does for
 * any common category: at most `walkRows` rows per request, the matches among them, and, when the
 * walk stopped before the end, where the next page resumes. A page may then hold fewer matches than
 * asked (even none) with a cursor to continue, but every request costs the same whatever the size
 * of the table, and no match is skipped. (A one-character word is a token of its own: indexed.)
 */
export async function readQueuePage(
  filter: QueueFilter,
  run: QueueQueryRunner,
  options: { walkRows?: number } = {},
): Promise<QueuePage> {
  const byIndex = filter.search !== undefined && indexed(filter.search);
  if (filter.search && !byIndex && namesCategories(filter.search)) {
    // A category is usually common, so the first rows of the queue order fill the page; otherwise
    // the bounded walk below goes on from the start.
    const probed = probePage(
      (await run(queueQuery(filter, { probeRows: options.walkRows ?? SEARCH_PROBE_ROWS }))) as ProbeRow[],
      filter.limit,
    );
    if (probed) {
      return { rows: probed };
    }
  }
  if (filter.search && !byIndex) {
    const rows = (await run(
      queueQuery(filter, { walkRows: options.walkRows ?? SEARCH_PROBE_ROWS }),
    )) as (QueueRow & {
      resume: boolean;
    })[];
    const hits = rows.filter((row) => !row.resume).map(({ resume: _resume, ...row }) => row);
    const last = rows.find((row) => row.resume);
    return {
      rows: hits,
      ...(last ? { resumeAfter: { priority: last.priority, createdAt: last.created_at, id: last.id } } : {}),
    };
  }
  if (filter.search) {
    const probeRows = openOnly(filter) ? OPEN_SEARCH_PROBE_ROWS : SEARCH_PROBE_ROWS;
    const probed = probePage((await run(queueQuery(filter, { probeRows }))) as ProbeRow[], filter.limit);
    if (probed) {
      return { rows: probed };
    }
  }
  return { rows: (await run(queueQuery(filter))) as QueueRow[] };
}

type ProbeRow = QueueRow & { exhausted: boolean };

/**
 * A probe's page when it is the answer, else null: a full page, or every row the filters leave was read
 * (`exhausted`: a counselor's own cases, say), so its matches are all there are. On a streaming standby a case
 * whose commit was just replayed can be missing from such a probe (an index-only walk of the queue keys) for about a
 * second, as from the statistics' covering-index reads (read-replica.e2e-spec.ts waits for both): a standby's
 * reads lag anyway, and search is served there by design.
 */
function probePage(rows: ProbeRow[], limit: number): QueueRow[] | null {
  const hits = rows.filter((row) => !row.exhausted).map(({ exhausted: _exhausted, ...row }) => row);
  return hits.length >= limit || rows.some((row) => row.exhausted) ? hits : null;
}

/** Whether the filter keeps the open cases only (some open statuses, never closed). */
function openOnly(filter: QueueFilter): boolean {
  return Boolean(filter.statuses?.length) && !filter.statuses!.includes('closed');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The queue cursor: the sort key of the last row of a page (priority, created_at to the
 * millisecond as stored, id), base64url-encoded. Opaque to clients; nothing secret in it.
 */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(`${key.priority}|${key.createdAt.toISOString()}|${key.id}`, 'utf8').toString(
    'base64url',
  );
}

const DUE_CURSOR = 'due';

/** The cursor of the order by due time: `due|<due time or ->|<id>`, base64url-encoded. */
export function encodeDueCursor(key: DueKey): string {
  return Buffer.from(`${DUE_CURSOR}|${key.dueAt?.toISOString() ?? '-'}|${key.id}`, 'utf8').toString(
    'base64url',
  );
}

/** null when the cursor was not made by encodeDueCursor (a queue-order cursor included). */
export function decodeDueCursor(cursor: string): DueKey | null {
  const [kind, at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (kind !== DUE_CURSOR || rest.length > 0 || !at || !id || !UUID.test(id)) {
    return null;
  }
  if (at === '-') {
    return { dueAt: null, id: id.toLowerCase() };
  }
  const dueAt = new Date(at);
  return Number.isNaN(dueAt.getTime()) ? null : { dueAt, id: id.toLowerCase() };
}

/** null when the cursor was not made by encodeCursor (tampered, truncated, from another API). */
export function decodeCursor(cursor: string): SortKey | null {
  const [priority, at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !priority || !at || !id) {
    return null;
  }
  const createdAt = new Date(at);
  if (!URGENCY_LEVELS.includes(priority as TUrgency) || Number.isNaN(createdAt.getTime()) || !UUID.test(id)) {
    return null;
  }
  return { priority: priority as TUrgency, createdAt, id: id.toLowerCase() };
}
