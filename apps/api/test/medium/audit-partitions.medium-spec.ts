import {
  AuditPartitionsJobs,
  AUDIT_PARTITION_MONTHS_AHEAD,
} from '../../src/modules/audit/audit-partitions.jobs';
import { createMediumModule, type MediumModule } from './medium-module';

// The audit.ensure-partitions job as the API's restricted role: it makes the months ahead through the owner's
// function, again and again without change, and fails with what it found once a row sits in the DEFAULT partition.
let m: MediumModule;
let job: AuditPartitionsJobs;

beforeAll(async () => {
  m = await createMediumModule([]);
  job = m.module.get(AuditPartitionsJobs);
});
afterAll(async () => {
  await m?.close();
});

function partitionOf(monthsFromNow: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1));
  return `audit_log_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

async function partitions(): Promise<string[]> {
  const rows = await m.db.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
     WHERE h.inhparent = 'audit_log'::regclass ORDER BY 1`;
  return rows.map((r) => r.name);
}

const healthy = { created: [], blocked: [], defaultRows: 0 };

describe('audit.ensure-partitions', () => {
  it('keeps this month and the next three partitioned, idempotently, and reports a healthy default', async () => {
    // The migration made them already: the template was migrated this month.
    expect(await job.run()).toEqual({ audit_log: healthy, case_events: healthy });
    const ahead = Array.from({ length: AUDIT_PARTITION_MONTHS_AHEAD + 1 }, (_, i) => partitionOf(i));
    expect(await partitions()).toEqual(expect.arrayContaining([...ahead, 'audit_log_default']));

    // A month ahead that is missing (detached and dropped by the owner) is made again, once.
    await m.db.$executeRawUnsafe(`ALTER TABLE audit_log DETACH PARTITION ${partitionOf(3)}`);
    await m.db.$executeRawUnsafe(`DROP TABLE ${partitionOf(3)}`);
    expect((await job.run()).audit_log).toEqual({ created: [partitionOf(3)], blocked: [], defaultRows: 0 });
    expect((await job.run()).audit_log).toEqual(healthy);
  });

  it('gathers the partitioned tables’ own statistics, which autovacuum never does', async () => {
    // The parent's row estimate changes only when the parent itself is analyzed (autovacuum does the partitions).
    const estimate = async () =>
      (
        await m.db.$queryRaw<{ n: number }[]>`
          SELECT reltuples::int AS n FROM pg_class WHERE oid = 'audit_log'::regclass`
      )[0]!.n;
    await job.run();
    const before = await estimate();
    await m.db.auditLog.createMany({
      data: [1, 2, 3].map((n) => ({ action: `test.analyze_${n}`, entity: 'test' })),
    });
    expect(await estimate()).toBe(before);
    await job.run();
    const [counted] = await m.db.$queryRaw<{ rows: number }[]>`SELECT count(*)::int AS rows FROM audit_log`;
    const rows = counted!.rows;
    expect(await estimate()).toBe(rows);
    expect(rows).toBeGreaterThanOrEqual(before + 3);
  });

  it('fails with the count when an insert far ahead landed in the default partition', async () => {
    await m.db.auditLog.create({
      data: { at: new Date('2044-02-03T04:05:06Z'), action: 'test.far_future', entity: 'test' },
    });
    const landed = await m.db.$queryRaw<{ part: string }[]>`
      SELECT tableoid::regclass::text AS part FROM audit_log WHERE action = 'test.far_future'`;
    expect(landed).toEqual([{ part: 'audit_log_default' }]);

    expect(await job.ensureAhead()).toEqual({ created: [], blocked: [], defaultRows: 1 });
    await expect(job.run()).rejects.toThrow(
      'audit_log_default holds 1 rows of months without a partition. Move them as the owner: npm run audit:partitions -- --drain-default',
    );
  });
});
