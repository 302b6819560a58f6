// The API under test connects as its restricted role (security audit finding 5), like `npm start` and
// the Docker deployment run it: were it the owner, the other suites could not notice a missing grant.
import { PrismaService } from '../src/db/prisma.service';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("connects as a role that is no superuser and cannot touch the audit log's rows or triggers", async () => {
  const db = t.app.get(PrismaService).client;
  const [me] = await db.$queryRaw<{ name: string; rolsuper: boolean }[]>`
    SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user`;
  expect(me).toEqual({ name: expect.stringMatching(/_app$/), rolsuper: false });
  expect(new URL(process.env.DATABASE_URL!).username).not.toBe(me!.name);

  await expect(db.$executeRawUnsafe(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(
    /permission denied/,
  );
  await expect(
    db.$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete'),
  ).rejects.toThrow(/must be owner/);
  await expect(db.$executeRawUnsafe('SET session_replication_role = replica')).rejects.toThrow(
    /permission denied/,
  );
});

it("uses the job queue's tables but may not change the queue's schema", async () => {
  const db = t.app.get(PrismaService).client;
  const [jobs] = await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM pgboss.job`;
  expect(jobs).toEqual({ count: expect.any(Number) });
  await expect(db.$executeRawUnsafe('CREATE TABLE pgboss.planted (id int)')).rejects.toThrow(
    /permission denied/,
  );
  await expect(db.$executeRawUnsafe('DROP TABLE pgboss.job CASCADE')).rejects.toThrow(/must be owner/);
});
