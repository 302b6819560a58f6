// One Prisma client over several pools (the API's bulkheads): each view's work runs on its own pool,
// with that pool's statement_timeout, and a saturated pool does not hold up another's queries.
import { createPooledDbClient, type PooledDbClient } from '../src/client';
import { createTestDatabase, type TestDatabase } from './test-database';

jest.setTimeout(60_000);

let db: TestDatabase;
let pooled: PooledDbClient<'fast' | 'slow'>;

beforeAll(async () => {
  db = await createTestDatabase();
  pooled = createPooledDbClient({
    databaseUrl: db.url,
    pools: {
      fast: { poolSize: 2, applicationName: 'pool-test-fast' },
      slow: { poolSize: 1, applicationName: 'pool-test-slow', statementTimeoutMs: 500 },
    },
    fallback: 'fast',
  });
});

afterAll(async () => {
  await pooled?.disconnect();
  await db?.drop();
});

type Setting = { name: string; timeout: string }[];
const settings = (client: PooledDbClient<'fast' | 'slow'>['pools']['fast']) =>
  client.$queryRaw<Setting>`SELECT current_setting('application_name') AS name,
    current_setting('statement_timeout') AS timeout`;

it('runs raw queries, model queries and both kinds of transaction on the pool of the view', async () => {
  const { fast, slow } = pooled.pools;
  expect(await settings(fast)).toEqual([{ name: 'pool-test-fast', timeout: '0' }]);
  expect(await settings(slow)).toEqual([{ name: 'pool-test-slow', timeout: '500ms' }]);
  expect(await slow.$transaction(async (tx) => settings(tx as typeof slow))).toEqual([
    { name: 'pool-test-slow', timeout: '500ms' },
  ]);
  const [inBatch, users] = await slow.$transaction([settings(slow), slow.user.count()]);
  expect(inBatch).toEqual([{ name: 'pool-test-slow', timeout: '500ms' }]);
  expect(typeof users).toBe('number');
  // The server sees a view's statement under that view's pool.
  const sleeping = slow.$queryRaw`SELECT 1 AS marker_pooled_client_test FROM pg_sleep(0.4)`;
  const done = sleeping.then(() => true);
  let seen: { application_name: string }[] = [];
  for (let tries = 0; tries < 20 && seen.length === 0; tries++) {
    seen = await fast.$queryRaw<{ application_name: string }[]>`SELECT application_name FROM pg_stat_activity
      WHERE query LIKE '%marker_pooled_client_test%' AND pid <> pg_backend_pid()`;
  }
  expect(seen.map((row) => row.application_name)).toEqual(['pool-test-slow']);
  expect(await done).toBe(true);
});

it('keeps the statement_timeout of its pool and serves the other pool while one is saturated', async () => {
  const { fast, slow } = pooled.pools;
  const stuck = slow.$queryRaw`SELECT 1 AS ok FROM pg_sleep(2)`.then(
    () => 'finished',
    (error: Error) => error.message,
  );
  const started = Date.now();
  expect(await fast.user.count()).toBeGreaterThanOrEqual(0);
  expect(Date.now() - started).toBeLessThan(400);
  expect(await stuck).toMatch(/statement timeout/);
});

it('makes each delegate view and method wrapper once per pool, not once per query', async () => {
  const { fast, slow } = pooled.pools;
  expect(fast.user).toBe(fast.user);
  expect(fast.user.count).toBe(fast.user.count);
  expect(fast.$queryRaw).toBe(fast.$queryRaw);
  // The views stay apart: the same delegate read through another pool runs on that pool.
  expect(slow.user).not.toBe(fast.user);
  expect(await slow.user.count()).toBe(await fast.user.count());
});
