import { Controller, Get, Inject, Module, Query } from '@nestjs/common';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TIntakeInput } from '@madoguchi/shared';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';
import { UseBulkhead } from '../src/common/admission/bulkhead.decorator';
import { Access } from '../src/common/decorators/access.decorator';
import { PrismaService } from '../src/db/prisma.service';
import { createTestApp, type TestApp } from './test-app';

/**
 * A test-only route that runs a slow query on the reports bulkhead, standing in for a heavy statistics
 * or search request: `pg_sleep` makes "slow" exact, whatever the machine.
 */
@Controller('test-hooks')
@Access('public')
@UseBulkhead('reports')
class SlowReportController {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  @Get('slow-report')
  async slow(@Query('seconds') seconds: string) {
    await this.prisma.reports.$queryRaw`SELECT 1 AS ok FROM pg_sleep(${Number(seconds)}::float8)`;
    return { ok: true };
  }
}

@Module({ controllers: [SlowReportController] })
class TestHooksModule {}

const forRoot = AppModule.forRoot.bind(AppModule);
jest.spyOn(AppModule, 'forRoot').mockImplementation((env) => {
  const root = forRoot(env);
  return { ...root, imports: [...(root.imports ?? []), TestHooksModule] };
});

let db: DbClient;
beforeAll(() => {
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(async () => {
  await db.$disconnect();
});

const intake = (n: number) =>
  ({
    channel: 'web',
    description: `知らない番号からSMSが来て、リンクを開いたらカード番号を入力してしまいました (${n})`,
    identifiers: { phones: ['050-1234-5678'] },
  }) satisfies TIntakeInput;

const NO_LIMITS = { RATE_LIMIT_INTAKE_PER_MINUTE: '100000', RATE_LIMIT_STATUS_PER_MINUTE: '100000' };

function expectShed(res: Response) {
  expect(res.status).toBe(503);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(res.body).toEqual({
    code: 'unavailable',
    message: { ja: expect.any(String), en: expect.any(String) },
    details: expect.objectContaining({ retryable: true }),
    requestId: expect.any(String),
  });
}

async function casesWithReceipts(receipts: string[]): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ receipt_number: string; n: bigint }[]>`
    SELECT receipt_number, count(*) AS n FROM cases WHERE receipt_number = ANY(${receipts}::text[])
    GROUP BY receipt_number`;
  return new Map(rows.map((r) => [r.receipt_number, Number(r.n)]));
}

describe('a burst of intakes on a tiny intake bulkhead (pool 1, queue 2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      ...NO_LIMITS,
      INTAKE_DB_POOL_SIZE: '1',
      INTAKE_QUEUE_LENGTH: '2',
      INTAKE_QUEUE_MAX_WAIT_MS: '3000',
      OVERLOAD_RETRY_AFTER_SECONDS: '2',
    });
  });
  afterAll(() => t.close());

  it('answers only 201 or 503 + Retry-After, stores every 201 once and nothing for a 503, and a retried 503 succeeds', async () => {
    const before = await db.case.count();
    const keys = Array.from({ length: 40 }, (_, i) => `burst-${i}-${Date.now()}`);
    const replies = await Promise.all(
      keys.map((key, i) => t.http.post('/api/v1/intakes').set('Idempotency-Key', key).send(intake(i))),
    );
    const statuses = new Set(replies.map((r) => r.status));
    expect([...statuses].sort()).toEqual([201, 503]);
    const created = replies.filter((r) => r.status === 201);
    const shed = replies.filter((r) => r.status === 503);
    shed.forEach(expectShed);
    expect(shed.every((r) => r.body.details.reason === 'overloaded')).toBe(true);
    expect(shed.every((r) => r.headers['retry-after'] === '2')).toBe(true);

    // Every receipt a person was given is stored exactly once; a shed request left nothing behind.
    const receipts = created.map((r) => r.body.receiptNumber as string);
    const stored = await casesWithReceipts(receipts);
    expect(receipts.map((r) => stored.get(r))).toEqual(receipts.map(() => 1));
    expect(await db.case.count()).toBe(before + created.length);

    // The person presses "send" again later (same Idempotency-Key, as the web form does): it goes through.
    const retried: Response[] = [];
    for (const [i, reply] of replies.entries()) {
      if (reply.status === 503) {
        retried.push(await t.http.post('/api/v1/intakes').set('Idempotency-Key', keys[i]!).send(intake(i)));
      }
    }
    expect(retried.map((r) => r.status)).toEqual(shed.map(() => 201));
    expect(await db.case.count()).toBe(before + 40);
    // Retrying a success with its key gives the same receipt, still one case.
    const again = await t.http.post('/api/v1/intakes').set('Idempotency-Key', keys[0]!).send(intake(0));
    expect(again.status).toBe(201);
    expect(await db.case.count()).toBe(before + 40);
  }, 60_000);
});

describe('bulkhead isolation: slow reports do not delay intakes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      ...NO_LIMITS,
      REPORTS_DB_POOL_SIZE: '1',
      REPORTS_QUEUE_LENGTH: '1',
      REPORTS_QUEUE_MAX_WAIT_MS: '800',
      // The staff pool is as small as it can be too: intakes must not depend on it being free.
      DATABASE_POOL_SIZE: '1',
    });
  });
  afterAll(() => t.close());

  it('serves intakes at once while the reports pool is saturated, and sheds the reports beyond its queue', async () => {
    const started = Date.now();
    const slow = [0, 1, 2].map(() =>
      t.http
        .get('/api/v1/test-hooks/slow-report?seconds=2')
        .then((res) => ({ res, at: Date.now() - started })),
    );
    // Let the slow queries reach the database first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const intakeTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const begin = Date.now();
      const res = await t.http.post('/api/v1/intakes').send(intake(i));
      expect(res.status).toBe(201);
      intakeTimes.push(Date.now() - begin);
    }
    const intakesDoneAt = Date.now() - started;
    const reports = await Promise.all(slow);
    // One slow report ran (~2 s), one waited past the queue's 0.8 s and one found the queue full.
    expect(reports.map((r) => r.res.status).sort()).toEqual([200, 503, 503]);
    reports.filter((r) => r.res.status === 503).forEach((r) => expectShed(r.res));
    expect(reports.filter((r) => r.res.status === 503).map((r) => r.res.body.details.reason)).toEqual([
      'overloaded',
      'overloaded',
    ]);
    const served = reports.find((r) => r.res.status === 200)!;
    expect(served.at).toBeGreaterThanOrEqual(1_900);
    // All five intakes were done while the slow report still held the reports pool.
    expect(intakesDoneAt).toBeLessThan(served.at);
    expect(Math.max(...intakeTimes)).toBeLessThan(1_000);
  }, 30_000);
});

describe('statement_timeout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...NO_LIMITS, REPORTS_STATEMENT_TIMEOUT_MS: '300' });
  });
  afterAll(() => t.close());

  it('ends a runaway report query with 503 + Retry-After, not 500, and the pool keeps serving', async () => {
    const begin = Date.now();
    const res = await t.http.get('/api/v1/test-hooks/slow-report?seconds=5');
    expect(Date.now() - begin).toBeLessThan(3_000);
    expectShed(res);
    expect(res.body.details.reason).toBe('statement_timeout');
    // The connection is usable afterwards: a query within the limit answers.
    await t.http.get('/api/v1/test-hooks/slow-report?seconds=0.01').expect(200);
  }, 30_000);
});
