// The follow-up and response-target scans as background jobs: registered on the queue with their schedules,
// and a scan sent to the queue runs in the worker and notifies (pg-boss on the test database, no sleeps
// beyond polling).
import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TCaseCreated, TCaseCreateInput } from '@madoguchi/shared';
import { responseScanJob } from '../src/modules/desk/response-scan.jobs';
import { followupsScanJob } from '../src/modules/followups/followups.jobs';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import type { TestApp } from './test-app';

jest.setTimeout(60_000);

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createJobsTestApp({ JOBS_RETRY_LIMIT: '1' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

it('schedules both scans, and a followups.scan sent to the queue notifies the assignee', async () => {
  const schedules = await db.$queryRaw<{ name: string; cron: string }[]>`
    SELECT name, cron FROM pgboss.schedule WHERE name IN (${followupsScanJob.name}, ${responseScanJob.name})
    ORDER BY name`;
  expect(schedules).toEqual([
    { name: 'followups.scan', cron: '*/5 * * * *' },
    { name: 'response.scan', cron: '* * * * *' },
  ]);

  const created = await t.http
    .post('/api/v1/cases')
    .set(counselor.headers)
    .send({ description: '知らない番号から未納料金の請求が来ました' } satisfies TCaseCreateInput)
    .expect(201);
  const { id, version } = (created.body as TCaseCreated).case;
  const due = new Date(Date.now() - 60_000);
  await t.http
    .patch(`/api/v1/cases/${id}`)
    .set(counselor.headers)
    .send({ version, assigneeId: 'me', followUpAt: due.toISOString() })
    .expect(200);

  await t.app.get(JobsService).send(followupsScanJob, {});
  const notification = await eventually(
    async () =>
      (await db.notification.findFirst({ where: { caseId: id, kind: 'followup_due' } })) ?? undefined,
  );
  expect(notification).toMatchObject({ recipientId: counselor.user.id, key: `${id}/${due.toISOString()}` });
});
