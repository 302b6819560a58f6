// The queue's SQL without a database: the `sql` tag, the cursor, and the statement Prisma is handed.
// Plans and results are the API's e2e tests (cases-queue, cases-pagination, cases-scale).
import { CASE_STATUSES } from '@madoguchi/shared';
import {
  decodeCursor,
  encodeCursor,
  excerptHeadsQuery,
  queueQuery,
  queueSearch,
  readQueuePage,
  SEARCH_PROBE_ROWS,
} from '../src/case-queue-sql';
import { prismaSql } from '../src/prisma-sql';
import { joinSql, sql } from '../src/sql';

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
      search: { terms: ['詐欺'], grams: ['詐欺'] },
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

  it('escapes LIKE wildcards in a search term', () => {
    const statement = queueQuery({ search: { terms: ['50%_off'], grams: [] }, limit: 26, now: new Date() });
    expect(statement.values).toContain('%50\\%\\_off%');
  });
});

describe('queueSearch', () => {
  it('keeps a plain search as it was: its terms and all their bigrams', () => {
    expect(queueSearch('詐欺 090-8765')).toEqual({ terms: ['詐欺', '0908765'], grams: expect.any(Array) });
    expect(queueSearch('詐欺 090-8765')!.grams).toEqual(['詐欺', '09', '90', '08', '87', '76', '65'].sort());
    expect(queueSearch('   ')).toBeUndefined();
  });

  it('gives a term naming a category that category, and leaves its bigrams out of the index lookup', () => {
    expect(queueSearch('いじめ 林田')).toEqual({
      terms: ['いじめ', '林田'],
      grams: ['林田'],
      alternatives: { いじめ: { categories: ['child_bullying'] } },
    });
  });

  it('gives a receipt number typed without its hyphen its hyphenated spelling', () => {
    expect(queueSearch('Ｋ７ＱＰ４ＭＺＴ')).toEqual({
      terms: ['k7qp4mzt'],
      grams: [],
      alternatives: { k7qp4mzt: { texts: ['k7qp-4mzt'] } },
    });
  });
});

describe('queueQuery with alternatives', () => {
  it('ORs a category named by a term with its text, as the category filter reads categories', () => {
    const statement = queueQuery({ search: queueSearch('phishing')!, limit: 26, now: new Date() });
    expect(statement.text).toMatch(
      /\(c\.search_text LIKE \$1 ESCAPE '\\' OR \(CASE WHEN cardinality\(c\.confirmed_categories\) > 0\s+THEN c\.confirmed_categories ELSE c\.suggested_categories END\) && \$2::text\[\]\)/,
    );
    expect(statement.values).toEqual(['%phishing%', ['phishing'], 26]);
    expect(statement.text).not.toContain('search_grams');
  });

  it('looks a receipt number up in the index under either spelling', () => {
    const statement = queueQuery({ search: queueSearch('k7qp4mzt')!, limit: 26, now: new Date() });
    expect(statement.text).toContain('(c.search_grams @> $1::text[] OR c.search_grams @> $2::text[])');
    expect(statement.text).toContain('(c.search_text LIKE $3 ESCAPE');
    expect(statement.values).toContain('%k7qp-4mzt%');
  });

  it('reads a category search by the probe, then by the bounded walk when the probe did not fill the page', async () => {
    const statements: string[] = [];
    const page = await readQueuePage(
      { search: queueSearch('いじめ')!, limit: 26, now: new Date() },
      async (statement) => {
        statements.push(statement.text);
        return [];
      },
    );
    expect(page).toEqual({ rows: [] });
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain('c.confirmed_categories, c.suggested_categories');
    expect(statements[1]).toContain('WITH walk AS MATERIALIZED');
    expect(SEARCH_PROBE_ROWS).toBeGreaterThan(26);
  });
});

describe('excerptHeadsQuery', () => {
  it('reads only the start of the descriptions', () => {
    const statement = excerptHeadsQuery(['0f8fad5b-d9cb-469f-a165-70867728950e']);
    expect(statement.text).toContain('left(i.description, $1::int)');
    expect(statement.values).toEqual([201, ['0f8fad5b-d9cb-469f-a165-70867728950e']]);
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
