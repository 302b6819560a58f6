import { randomBytes } from 'node:crypto';
import { createDbClient, type DbClient, type Urgency } from '@madoguchi/db';
import { URGENCY_LEVELS, urgencyRank, type TCaseList } from '@madoguchi/shared';
import { staffHeaders } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
let headers: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  headers = (await staffHeaders(t, 'counselor')).headers;
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

type Row = { id: string; priority: Urgency; createdAt: Date };

/** A bare case row; the queue does not need an intake. */
async function insertCase(priority: Urgency, createdAt?: Date): Promise<Row> {
  return db.case.create({
    data: {
      receiptNumber: `TEST-${randomBytes(6).toString('hex')}`,
      accessCodeHash: 'not-a-hash',
      urgency: priority,
      priority,
      channel: 'web',
      suggestedCategories: [],
      confirmedCategories: [],
      createdAt,
    },
    select: { id: true, priority: true, createdAt: true },
  });
}

async function page(cursor: string | null, limit: number): Promise<TCaseList> {
  const query: Record<string, string> = { limit: String(limit) };
  if (cursor) {
    query['cursor'] = cursor;
  }
  return (await t.http.get('/api/v1/cases').query(query).set(headers).expect(200)).body as TCaseList;
}

function compareKey(a: Row, b: Row): number {
  return (
    urgencyRank(b.priority) - urgencyRank(a.priority) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : 1)
  );
}

describe('queue pagination', () => {
  it('neither skips nor repeats a case while new ones arrive between pages', async () => {
    const start = Date.now() - 24 * 3600_000;
    const original: Row[] = [];
    for (let i = 0; i < 41; i++) {
      // Every third case shares its creation instant with the previous one: the id breaks the tie.
      const createdAt = new Date(start + Math.floor(i / 3) * 60_000);
      original.push(await insertCase(URGENCY_LEVELS[(i * 7) % 4]!, createdAt));
    }
    const inserted = new Set<string>();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result: TCaseList = await page(cursor, 6);
      seen.push(...result.items.map((item) => item.id));
      cursor = result.nextCursor;
      pages++;
      // Arrivals of every kind: more urgent than the page we are on, less urgent, and back-dated.
      for (const row of await Promise.all([
        insertCase('emergency'),
        insertCase('low'),
        insertCase('normal', new Date(start - 3600_000)),
      ])) {
        inserted.add(row.id);
      }
      const viaApi = await t.http
        .post('/api/v1/cases')
        .set(headers)
        .send({ description: `ページ${pages}の間に届いた相談` })
        .expect(201);
      inserted.add(viaApi.body.case.id);
    } while (cursor !== null && pages < 100);

    expect(new Set(seen).size).toBe(seen.length);
    const originalIds = original.map((row) => row.id);
    expect(seen).toEqual(expect.arrayContaining(originalIds));
    expect(seen.every((id) => originalIds.includes(id) || inserted.has(id))).toBe(true);
    // The original cases came in queue order.
    const expectedOrder = [...original].sort(compareKey).map((row) => row.id);
    expect(seen.filter((id) => originalIds.includes(id))).toEqual(expectedOrder);
  });

  it('pages by 25 by default and ends with a null cursor', async () => {
    const total = await db.case.count();
    const first = await t.http.get('/api/v1/cases').set(headers).expect(200);
    expect(first.body.items).toHaveLength(Math.min(25, total));
    let cursor: string | null = first.body.nextCursor;
    let count = first.body.items.length;
    while (cursor) {
      const next = await page(cursor, 100);
      count += next.items.length;
      cursor = next.nextCursor;
    }
    expect(count).toBe(total);
  });
});
