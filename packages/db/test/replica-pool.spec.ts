// The read-only pool the API points at a streaming replica (DATABASE_REPLICA_URL): its sessions cannot write,
// and while its server is unreachable its work goes to the failover server. The real standby is exercised in
// apps/api/test/read-replica.e2e-spec.ts; here the "replica" is a port nothing listens on.
import { createPooledDbClient, type PooledDbClient } from '../src/client';
import { freePort } from '../src/embedded';
import { createTestDatabase, type TestDatabase } from './test-database';

jest.setTimeout(60_000);

type Pools = 'primary' | 'reader' | 'onlyOwn';

let db: TestDatabase;
let down: string;
let pooled: PooledDbClient<Pools>;
/** What each pool's onFailover was told. */
const failovers: unknown[] = [];
const ownFailovers: unknown[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  down = `postgresql://nobody:nothing@127.0.0.1:${await freePort()}/nowhere`;
  pooled = createPooledDbClient<Pools>({
    databaseUrl: db.url,
    pools: {
      primary: { poolSize: 1, applicationName: 'replica-test-primary' },
      // A replica that is down, backed by the primary.
      reader: {
        poolSize: 2,
        applicationName: 'replica-test-reader',
        databaseUrl: down,
        readOnly: true,
        failover: {
          databaseUrl: db.url,
          forMs: 300,
          applicationName: 'replica-test-failover',
          onFailover: (error) => failovers.push(error),
        },
      },
      // A replica that is up, whose failover is down: a statement's own error is never failed over.
      onlyOwn: {
        poolSize: 1,
        applicationName: 'replica-test-own',
        readOnly: true,
        failover: { databaseUrl: down, forMs: 60_000, onFailover: (error) => ownFailovers.push(error) },
      },
    },
    fallback: 'primary',
  });
});

afterAll(async () => {
  await pooled?.disconnect();
  await db?.drop();
});

const session = (client: PooledDbClient<Pools>['pools']['primary']) =>
  client.$queryRaw<{ name: string; readOnly: string }[]>`SELECT current_setting('application_name') AS name,
    current_setting('transaction_read_only') AS "readOnly"`;

it('serves an unreachable replica pool from the failover, read-only, and tries the replica again later', async () => {
  const { reader } = pooled.pools;
  failovers.length = 0;
  expect(await session(reader)).toEqual([{ name: 'replica-test-failover', readOnly: 'on' }]);
  expect(failovers).toHaveLength(1);
  // Within forMs the failover answers at once, the replica is not tried again.
  expect(await reader.user.count()).toBeGreaterThanOrEqual(0);
  expect(
    await reader.$transaction(async (tx) => session(tx as typeof reader), {
      isolationLevel: 'RepeatableRead',
    }),
  ).toEqual([{ name: 'replica-test-failover', readOnly: 'on' }]);
  expect(failovers).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 350));
  expect(await session(reader)).toEqual([{ name: 'replica-test-failover', readOnly: 'on' }]);
  expect(failovers).toHaveLength(2);
});

it('refuses writes on a read-only pool, on the failover too, and never fails a statement error over', async () => {
  const { reader, onlyOwn, primary } = pooled.pools;
  expect(await session(onlyOwn)).toEqual([{ name: 'replica-test-own', readOnly: 'on' }]);
  for (const pool of [reader, onlyOwn]) {
    await expect(pool.$executeRaw`UPDATE users SET display_name = display_name`).rejects.toThrow(
      /read-only transaction/,
    );
    await expect(pool.user.updateMany({ data: { active: true } })).rejects.toThrow(/read-only transaction/);
    await expect(pool.$transaction(async (tx) => tx.user.deleteMany({}))).rejects.toThrow(
      /read-only transaction/,
    );
  }
  await expect(onlyOwn.$queryRaw`SELECT 1 / 0 AS never`).rejects.toThrow(/division by zero/);
  expect(ownFailovers).toEqual([]);
  // The other pools of the client are untouched.
  expect(await session(primary)).toEqual([{ name: 'replica-test-primary', readOnly: 'off' }]);
});

it('will not fail over a pool that could write', () => {
  expect(() =>
    createPooledDbClient({
      databaseUrl: db.url,
      pools: { writer: { failover: { databaseUrl: db.url } } },
      fallback: 'writer',
    }),
  ).toThrow(/must be read-only/);
});
