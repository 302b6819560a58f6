import { createHmac } from 'node:crypto';
// The queue's SQL without a database: the `sql` tag, the cursor, and the statement Prisma is handed.
// Plans and results are the API's e2e tests (cases-queue, cases-pagination, cases-scale).
import { CASE_STATUSES } from '@madoguchi/shared';
import {
  decodeCursor,
  encodeCursor,
  OPEN_SEARCH_PROBE_ROWS,
  queueQuery,
  queueSearch,
  readQueuePage,
  SEARCH_PROBE_ROWS,
  searchTokenizer,
  tokenizeSearchDocument,
} from '../src/case-queue-sql';
import { prismaSql } from '../src/prisma-sql';
import { joinSql, sql } from '../src/sql';

/** A tokenizer under a fixed test key: deterministic, as the API's is for one index key. */
const KEY = Buffer.alloc(32, 7);
const tokenizer = searchTokenizer((indexName, value) =>
  createHmac('sha256', KEY).update(`${indexName}|${value}`).digest('base64url'),
);
const search = (query: string) => queueSearch(query, tokenizer);

describe('sql', () => {
  it('numbers the parameters in order, nested fragments included', () => {
    const inner = sql`c.tags @> ${['a']}::text[]`;
    const statement = sql`SELECT 1 WHERE ${joinSql([sql`TRUE`, inner, sql`c.id = ${'x'}`], ' AND ')} LIMIT ${5}`;
    expect(statement.text).toBe('SELECT 1 WHERE TRUE AND c.tags @> $1::text[] AND c.id = $2 LIMIT $3');
    expect(statement.values).toEqual([['a'], 'x', 5]);
  });

  it('hands Prisma the same text and parameters', () => {
    const statement = queueQuery({
      statuses: ['new'],
      search: search('詐欺')!,
      limit: 26,
      now: new Date('2026-11-29T00:00:00Z'),
    });
    const prisma = prismaSql(statement);
    expect(prisma.text).toBe(statement.text);
    expect(prisma.values).toEqual(statement.values);
  });
});

describe('queueQuery', () => {
  it('writes the open cases as the partial indexes’ predicate, not as a list of statuses', () => {
    const open = CASE_STATUSES.filter((status) => status !== 'closed');
    const statement = queueQuery({ statuses: open, limit: 26, now: new Date() });
    expect(statement.text).toContain(`c.status <> 'closed'::"CaseStatus"`);
    expect(statement.text).not.toContain('ANY(');
    expect(statement.values).toEqual([26]);
  });

  it('says "open" once with the overdue preset: a repeated condition is counted twice by the planner', () => {
    const open = CASE_STATUSES.filter((status) => status !== 'closed');
    const now = new Date();
    const opened = (text: string) => text.match(/c\.status <> 'closed'/g)?.length ?? 0;
    for (const options of [{}, { probeRows: SEARCH_PROBE_ROWS }, { walkRows: SEARCH_PROBE_ROWS }]) {
      const filter = { statuses: open, followUpOverdue: true, search: search('詐欺')!, limit: 26, now };
      expect(opened(queueQuery(filter, options).text)).toBe(1);
    }
    // Over every status (closed ones included) the preset itself says "open", and not being overdue includes
    // the closed cases.
    expect(opened(queueQuery({ followUpOverdue: true, limit: 26, now }).text)).toBe(1);
    expect(queueQuery({ followUpOverdue: false, limit: 26, now }).text).toContain(
      `NOT COALESCE((c.next_follow_up_at < $1 AND c.status <> 'closed'), FALSE)`,
    );
  });

  it('never puts a search term in the statement, only its tokens', () => {
    const statement = queueQuery({ search: search('50%_off 詐欺')!, limit: 26, now: new Date() });
    expect(JSON.stringify(statement.values)).not.toMatch(/50|off|詐欺/);
    expect(statement.text).toContain(
      '(c.search_grams @> $1::int[] OR c.search_exact @> ARRAY[$2::int]) AND (c.search_grams @> $3::int[] OR c.search_exact @> ARRAY[$4::int])',
    );
  });
});

describe('queueSearch', () => {
  it('gives each term the tokens of its bigrams and of its whole value', () => {
    const result = search('詐欺 090-8765')!;
    expect(result.terms).toEqual(['詐欺', '0908765']);
    expect(result.matches).toEqual([
      { spellings: [{ grams: [tokenizer.gram('詐欺')], exact: tokenizer.exact('詐欺') }] },
      {
        spellings: [
          {
            grams: ['09', '90', '08', '87', '76', '65'].map(tokenizer.gram).sort((a, b) => a - b),
            exact: tokenizer.exact('0908765'),
          },
        ],
      },
    ]);
    expect(search('   ')).toBeUndefined();
  });

  it('looks a one-character term up by the token of its character', () => {
    expect(search('林')!.matches).toEqual([
      { spellings: [{ grams: [tokenizer.gram('林')], exact: tokenizer.exact('林') }] },
    ]);
  });

  it('gives a term naming a category that category', () => {
    expect(search('いじめ 林田')!.matches.map((match) => match.categories)).toEqual([
      ['child_bullying'],
      undefined,
    ]);
  });

  it('gives a receipt number typed without its hyphen its hyphenated spelling', () => {
    expect(search('Ｋ７ＱＰ４ＭＺＴ')!.matches[0]!.spellings.map((spelling) => spelling.exact)).toEqual([
      tokenizer.exact('k7qp4mzt'),
      tokenizer.exact('k7qp-4mzt'),
    ]);
  });

  it('gives other tokens under another key, and names its key', () => {
    const other = searchTokenizer((indexName, value) =>
      createHmac('sha256', Buffer.alloc(32, 8)).update(`${indexName}|${value}`).digest('base64url'),
    );
    expect(other.gram('詐欺')).not.toBe(tokenizer.gram('詐欺'));
    expect(other.key).not.toBe(tokenizer.key);
    expect(tokenizer.gram('詐欺')).not.toBe(tokenizer.exact('詐欺'));
  });
});

describe('queueQuery with alternatives', () => {
  it('ORs a category named by a term with its tokens, as the category filter reads categories', () => {
    const statement = queueQuery({ search: search('phishing')!, limit: 26, now: new Date() });
    expect(statement.text).toMatch(
      /\(c\.search_grams @> \$1::int\[\] OR c\.search_exact @> ARRAY\[\$2::int\] OR \(CASE WHEN cardinality\(c\.confirmed_categories\) > 0\s+THEN c\.confirmed_categories ELSE c\.suggested_categories END\) && \$3::text\[\]\)/,
    );
    expect(statement.values.at(-2)).toEqual(['phishing']);
  });

  it('looks a receipt number up in the indexes under either spelling', () => {
    const statement = queueQuery({ search: search('k7qp4mzt')!, limit: 26, now: new Date() });
    expect(statement.text).toContain(
      '(c.search_grams @> $1::int[] OR c.search_exact @> ARRAY[$2::int] OR c.search_grams @> $3::int[] OR c.search_exact @> ARRAY[$4::int])',
    );
  });

  it('reads a category search by the probe, then by the bounded walk when the probe did not fill the page', async () => {
    const statements: string[] = [];
    const page = await readQueuePage(
      { search: search('いじめ')!, limit: 26, now: new Date() },
      async (statement) => {
        statements.push(statement.text);
        return [];
      },
    );
    expect(page).toEqual({ rows: [] });
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(
      /THEN c\.confirmed_categories ELSE c\.suggested_categories END\) && \$\d+::text\[\]\)\) FROM cases c WHERE c\.id = k\.id\) AS hit/,
    );
    expect(statements[1]).toContain('WITH walk_keys AS MATERIALIZED');
    expect(SEARCH_PROBE_ROWS).toBeGreaterThan(26);
  });

  it('checks the gram signature first on a walk of the queue order, never in the index lookup', () => {
    const probe = queueQuery({ search: search('2854')!, limit: 26, now: new Date() }, { probeRows: 4000 });
    expect(probe.text).toMatch(
      /\(TRUE AND \(\(\(c\.search_sig\[\$\d+::int\] & \$\d+::int\) = \$\d+::int AND .*c\.search_grams @> \$\d+::int\[\]\) OR c\.search_exact @>/,
    );
    // The walk (or a sort) carries the keys only; each of its rows is then read by id and decided.
    expect(probe.text).toMatch(
      /WITH probe_keys AS MATERIALIZED \(\s+SELECT c\.id, c\.priority, c\.created_at\s+FROM cases c/,
    );
    expect(probe.text).toMatch(
      /SELECT k\.id, k\.priority, k\.created_at, \(SELECT \(TRUE AND .*\) FROM cases c WHERE c\.id = k\.id\) AS hit\s+FROM probe_keys k/,
    );
    expect(probe.text).toMatch(/WHERE c\.hit\s+ORDER BY/);
    expect(queueQuery({ search: search('2854')!, limit: 26, now: new Date() }).text).not.toContain(
      'search_sig',
    );
  });

  it('sets bit `token mod 1024` of every gram token in a document signature', () => {
    const tokens = tokenizeSearchDocument(tokenizer, { grams: ['詐欺', '28'], exact: ['x@example.jp'] });
    expect(tokens.sig).toHaveLength(32);
    for (const token of tokens.grams) {
      const bit = token & 1023;
      expect(tokens.sig[bit >> 5]! & (1 << (bit & 31))).not.toBe(0);
    }
    expect(
      tokens.sig.reduce((n, word) => n + word.toString(2).replace(/[^1]/g, '').length, 0),
    ).toBeLessThanOrEqual(2);
    expect(tokenizeSearchDocument(tokenizer, { grams: [], exact: [] }).sig).toEqual([]);
  });

  it('reads a one-character search by the probe, then by the index', async () => {
    const statements: string[] = [];
    await readQueuePage({ search: search('林')!, limit: 26, now: new Date() }, async (statement) => {
      statements.push(statement.text);
      return [];
    });
    expect(statements).toHaveLength(2);
    expect(statements[1]).not.toContain('WITH walk');
  });
});

describe('case cursor', () => {
  const key = {
    priority: 'high' as const,
    createdAt: new Date('2026-11-29T01:02:03.456Z'),
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  };

  it('round-trips the sort key to the millisecond and is URL-safe', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['unknown priority', Buffer.from(`urgent|2026-11-29T01:02:03.456Z|${key.id}`).toString('base64url')],
    ['bad date', Buffer.from(`high|yesterday|${key.id}`).toString('base64url')],
    ['bad id', Buffer.from('high|2026-11-29T01:02:03.456Z|1; DROP TABLE cases').toString('base64url')],
    ['extra field', Buffer.from(`high|2026-11-29T01:02:03.456Z|${key.id}|x`).toString('base64url')],
  ])('rejects %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});

describe('readQueuePage with a search', () => {
  const open = CASE_STATUSES.filter((status) => status !== 'closed');
  const now = new Date('2026-12-01T00:00:00Z');
  const hit = (id: string) => ({ id, priority: 'normal', created_at: now, exhausted: false });
  const end = { id: null, priority: null, created_at: null, exhausted: true };
  const read = async (filter: Parameters<typeof readQueuePage>[0], answers: unknown[][]) => {
    const statements: { text: string; values: readonly unknown[] }[] = [];
    const page = await readQueuePage(filter, async (statement) => {
      statements.push(statement);
      return answers[statements.length - 1] ?? [];
    });
    return { page, statements };
  };

  it('takes the probe’s matches as the whole answer when it read every row the filters leave', async () => {
    const mine = { statuses: open, assigneeId: '7d1f0c3e-0000-4000-8000-000000000001', limit: 26, now };
    const { page, statements } = await read({ ...mine, search: search('詐欺')! }, [
      [hit('a'), hit('b'), end],
    ]);
    expect(page).toEqual({ rows: [hit('a'), hit('b')].map(({ exhausted: _, ...row }) => row) });
    expect(statements).toHaveLength(1);
    expect(statements[0]!.text).toContain('WITH probe_keys AS MATERIALIZED');
    // Over the open cases the probe reads OPEN_SEARCH_PROBE_ROWS rows.
    expect(statements[0]!.values.at(-1)).toBe(OPEN_SEARCH_PROBE_ROWS);
  });

  it('goes on to the index when the probe stopped at its limit with fewer matches than a page', async () => {
    const { page, statements } = await read({ search: search('詐欺')!, limit: 26, now }, [
      [hit('a')],
      [{ id: 'a', priority: 'normal', created_at: now }],
    ]);
    expect(page.rows.map((row) => row.id)).toEqual(['a']);
    expect(statements).toHaveLength(2);
    // Over every status (closed cases too) the probe reads SEARCH_PROBE_ROWS rows.
    expect(statements[0]!.values.at(-1)).toBe(SEARCH_PROBE_ROWS);
    expect(statements[1]!.text).not.toContain('WITH probe');
  });

  it('stops at a full page from the probe, exhausted or not', async () => {
    const rows = Array.from({ length: 26 }, (_, i) => hit(`r${i}`));
    const { page, statements } = await read({ statuses: open, search: search('詐欺')!, limit: 26, now }, [
      rows,
    ]);
    expect(page.rows).toHaveLength(26);
    expect(statements).toHaveLength(1);
  });
});
