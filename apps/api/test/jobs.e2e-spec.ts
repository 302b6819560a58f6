// The job queue (pg-boss on the app's own database, as the API's restricted role): jobs run, a
// failing job is retried with back-off and then parked with its error visible to admins, a keyed job
// runs once, and a job queued before a restart runs exactly once after it.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createDbClient } from '@madoguchi/db';
import { ZHealthReady, ZJobsHealth, type TJobsHealth } from '@madoguchi/shared';
import { pruneIdempotencyJob } from '../src/modules/jobs/housekeeping/housekeeping.jobs';
import { defineJob, type JobRun } from '../src/modules/jobs/job-definition';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { staffHeaders } from './auth-helpers';
import { createJobsTestApp, eventually, FAST_JOBS } from './jobs-test';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

const ZNote = z.strictObject({ ref: z.string() });

let t: TestApp;
let jobs: JobsService;
let admin: { authorization: string };

beforeAll(async () => {
  t = await createJobsTestApp();
  jobs = t.app.get(JobsService);
  admin = (await staffHeaders(t, 'admin')).headers;
});
afterAll(() => t.close());

async function jobsHealth(): Promise<TJobsHealth> {
  const res = await t.http.get('/api/v1/jobs/health').set(admin).expect(200);
  return ZJobsHealth.parse(res.body);
}

describe('job queue', () => {
  it('runs a job that was sent, with its payload checked', async () => {
    const job = defineJob({ name: 'test.echo', payload: ZNote });
    const seen: string[] = [];
    await jobs.register(job, async ({ ref }) => {
      seen.push(ref);
    });
    await expect(jobs.send(job, { ref: 1 } as never)).rejects.toThrow();
    await jobs.send(job, { ref: 'hello' });
    await eventually(() => (seen.includes('hello') ? true : undefined));
    expect(seen).toEqual(['hello']);
  });

  it('retries a failing job with growing delays, then parks it with its error for admins only', async () => {
    const job = defineJob({ name: 'test.always-fails', payload: ZNote });
    const attempts: { at: number; run: JobRun }[] = [];
    await jobs.register(job, async ({ ref }, run) => {
      attempts.push({ at: Date.now(), run });
      throw new Error(`window unreachable for ${ref}`);
    });
    const id = await jobs.send(job, { ref: 'R-1' });

    const health = await eventually(async () => {
      const current = await jobsHealth();
      return current.recentFailures.some((f) => f.id === id) ? current : undefined;
    });
    // The first try and JOBS_RETRY_LIMIT (2) retries, each wait about twice the one before.
    expect(attempts.map((a) => a.run.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(third - second).toBeGreaterThanOrEqual(1_800);
    expect(health.recentFailures.find((f) => f.id === id)).toMatchObject({
      queue: 'test.always-fails',
      attempts: 3,
      error: 'window unreachable for R-1',
    });
    expect(health.queues.find((q) => q.name === 'test.always-fails')).toMatchObject({
      waiting: 0,
      active: 0,
      failed: 1,
    });

    // The public probe shows the count, never the error or the payload.
    const ready = await t.http.get('/api/v1/health/ready').expect(200);
    const body = ZHealthReady.parse(ready.body);
    expect(body.checks.jobs).toBe('ok');
    expect(body.jobs?.queues.find((q) => q.name === 'test.always-fails')?.failed).toBe(1);
    expect(JSON.stringify(ready.body)).not.toMatch(/unreachable|R-1/);
  });

  it('runs a keyed job once, however often it is sent', async () => {
    const job = defineJob({ name: 'test.keyed', payload: ZNote, key: ({ ref }) => ref });
    const runs: string[] = [];
    await jobs.register(job, async ({ ref }) => {
      runs.push(ref);
    });
    const ids = await Promise.all([jobs.send(job, { ref: 'K-1' }), jobs.send(job, { ref: 'K-1' })]);
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    await eventually(() => (runs.length > 0 ? true : undefined));
    // Sent again once it is done: still the same job, kept as completed.
    expect(await jobs.send(job, { ref: 'K-1' })).toBeNull();
    await jobs.send(job, { ref: 'K-2' });
    await eventually(() => (runs.includes('K-2') ? true : undefined));
    expect(runs.sort()).toEqual(['K-1', 'K-2']);
  });

  it('housekeeping is scheduled hourly and deletes expired idempotency records', async () => {
    const health = await jobsHealth();
    expect(health.mode).toBe('inline');
    expect(health.queues.map((q) => q.name)).toContain(pruneIdempotencyJob.name);
    const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 });
    try {
      const schedules = await db.$queryRaw<{ name: string; cron: string }[]>`
        SELECT name, cron FROM pgboss.schedule`;
      expect(schedules).toContainEqual({ name: pruneIdempotencyJob.name, cron: '17 * * * *' });

      const record = { scope: 'intake', requestHash: 'h', status: 201, reply: Buffer.from('x') };
      const day = 24 * 3_600_000;
      await db.idempotencyRecord.createMany({
        data: [
          { ...record, keyHash: 'expired', createdAt: new Date(Date.now() - day - 60_000) },
          { ...record, keyHash: 'fresh', createdAt: new Date(Date.now() - day + 60_000) },
        ],
      });
      await jobs.send(pruneIdempotencyJob, {});
      const left = await eventually(async () => {
        const rows = await db.idempotencyRecord.findMany({ select: { keyHash: true } });
        return rows.length === 1 ? rows : undefined;
      });
      expect(left).toEqual([{ keyHash: 'fresh' }]);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('start-up', () => {
  it('an API whose database is down still starts, and is not ready until its queue is', async () => {
    const broken = await createTestApp({
      ...FAST_JOBS,
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
    });
    try {
      await broken.http.get('/api/v1/health/ready').expect(503);
      expect(broken.app.get(JobsService).isStarted).toBe(false);
    } finally {
      await broken.close();
    }
  });
});

describe('a restart with jobs waiting', () => {
  it('runs a job queued before the restart exactly once after it', async () => {
    const job = defineJob({ name: 'test.survives-restart', payload: ZNote, key: ({ ref }) => ref });
    const ref = randomUUID();

    // An API that only queues (its jobs run elsewhere) queues the job and stops.
    const before = await createJobsTestApp({ JOBS_MODE: 'enqueue' });
    const ranBefore: string[] = [];
    try {
      await before.app.get(JobsService).register(job, async (payload) => {
        ranBefore.push(payload.ref);
      });
      expect(await before.app.get(JobsService).send(job, { ref })).not.toBeNull();
    } finally {
      await before.close();
    }

    // The restarted API runs it; sending it again (a retried request) adds nothing.
    const after = await createJobsTestApp();
    const ranAfter: string[] = [];
    try {
      const service = after.app.get(JobsService);
      await service.register(job, async (payload) => {
        ranAfter.push(payload.ref);
      });
      expect(await service.send(job, { ref })).toBeNull();
      await eventually(() => (ranAfter.length > 0 ? true : undefined));
      // Two more polling rounds: nothing runs it a second time.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(ranBefore).toEqual([]);
      expect(ranAfter).toEqual([ref]);
    } finally {
      await after.close();
    }
  });
});
