// The start-up runs of the whole-table jobs (keys.reencrypt, search.reindex): skipped once a run has finished clean
// under the same keys, since each reads several tables whole at every process start (issue 19); the daily run
// still reads everything, and a changed scope (a new data key, a new column) makes the start-up run read again.
import { createDbClient, type DbClient } from '@madoguchi/db';
import { JOBS_SCHEMA } from '@madoguchi/db/job-queue';
import { Prisma } from '@madoguchi/db';
import { searchReindexJob } from '../src/modules/cases/search-reindex';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { reencryptJob } from '../src/modules/keys/keys.jobs';
import { createStaff } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import { createTestApp, type TestApp } from './test-app';

const NAMES = [reencryptJob.name, searchReindexJob.name];
/** A TOTP secret as a process from before field encryption stored it. */
const CLEAR_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let t: TestApp;
let db: DbClient;
let caseId: string;
let userId: string;

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  const res = await t.http
    .post('/api/v1/intakes')
    .send({ channel: 'web', description: '知らない番号から未払いの請求が届きました' })
    .expect(201);
  caseId = (
    await db.case.findUniqueOrThrow({
      where: { receiptNumber: res.body.receiptNumber },
      select: { id: true },
    })
  ).id;
  userId = (await createStaff('counselor')).id;
});

afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const completedRuns = async (): Promise<number> => {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${Prisma.raw(JOBS_SCHEMA)}.job
     WHERE name = ANY(${NAMES}::text[]) AND state = 'completed'`;
  return row!.n;
};

/** What an old process could have left: a secret in clear, a case without its search tokens. */
async function leaveWork(): Promise<void> {
  await db.$executeRaw`UPDATE users SET totp_secret = ${CLEAR_SECRET} WHERE id = ${userId}::uuid`;
  await db.$executeRaw`UPDATE cases SET search_key = NULL WHERE id = ${caseId}::uuid`;
}

async function workLeft(): Promise<{ secretInClear: boolean; tokensMissing: boolean }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true } });
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { searchKey: true } });
  return { secretInClear: user.totpSecret === CLEAR_SECRET, tokensMissing: row.searchKey === null };
}

/** Starts a process with jobs on and waits until its two start-up runs have completed. */
async function startAndSettle(): Promise<TestApp> {
  const before = await completedRuns();
  const jobs = await createJobsTestApp();
  await eventually(async () => ((await completedRuns()) >= before + 2 ? true : undefined));
  return jobs;
}

describe('start-up runs of the whole-table jobs', () => {
  it('record their scope after a clean run, skip the next start-up under it, and the daily run still reads all', async () => {
    await leaveWork();
    let jobs = await startAndSettle();
    await jobs.close();
    expect(await workLeft()).toEqual({ secretInClear: false, tokensMissing: false });
    const recorded = await db.maintenanceSweep.findMany({ orderBy: { name: 'asc' } });
    // The whole sweeps, and keys.reencrypt's columns one by one under its scope (a restart mid-walk goes on).
    expect(recorded.map((r) => r.name).filter((name) => !name.includes(':'))).toEqual([...NAMES].sort());
    const reencrypt = recorded.find((r) => r.name === reencryptJob.name)!;
    const columns = recorded.filter((r) => r.name.startsWith(`${reencryptJob.name}:`));
    expect(columns.map((r) => r.name)).toContain(`${reencryptJob.name}:users.totp_secret`);
    expect(new Set(columns.map((r) => r.scope))).toEqual(new Set([reencrypt.scope]));

    // A restart under the same keys: nothing read, nothing recorded again.
    await leaveWork();
    jobs = await startAndSettle();
    try {
      expect(await workLeft()).toEqual({ secretInClear: true, tokensMissing: true });
      expect(await db.maintenanceSweep.findMany({ orderBy: { name: 'asc' } })).toEqual(recorded);

      // The daily runs (no atStart) read every table and record again.
      await jobs.app.get(JobsService).send(reencryptJob, {});
      await jobs.app.get(JobsService).send(searchReindexJob, {});
      await eventually(async () => {
        const left = await workLeft();
        return !left.secretInClear && !left.tokensMissing ? true : undefined;
      });
    } finally {
      await jobs.close();
    }
  });

  it('read everything at start when the recorded scope is another (a new data key, an added column)', async () => {
    await db.$executeRaw`UPDATE maintenance_sweeps SET scope = 'another key|another column list'`;
    await leaveWork();
    const jobs = await startAndSettle();
    await jobs.close();
    expect(await workLeft()).toEqual({ secretInClear: false, tokensMissing: false });
    const scopes = await db.maintenanceSweep.findMany({ select: { scope: true } });
    expect(scopes.every((row) => row.scope !== 'another key|another column list')).toBe(true);
  });
});
