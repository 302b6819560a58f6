// The queue's SQL without a database: the `sql` tag, the cursor, and the statement Prisma is handed.
// Plans and results are the API's e2e tests (cases-queue, cases-pagination, cases-scale).
import { CASE_STATUSES } from '@madoguchi/shared';
import { decodeCursor, encodeCursor, queueQuery } from '../src/case-queue-sql';
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
