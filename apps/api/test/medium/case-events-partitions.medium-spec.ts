import { ZCaseCreate } from '@madoguchi/shared';
import type { AuthUser } from '../../src/common/context/request-context';
import { AuditPartitionsJobs } from '../../src/modules/audit/audit-partitions.jobs';
import { CasesModule } from '../../src/modules/cases/cases.module';
import { CasesService } from '../../src/modules/cases/cases.service';
import { actingAs, createMediumModule, staffUser, type MediumModule } from './medium-module';

// case_events partitioned by month (migration 20261207030000_partition_case_events), through the API's restricted
// role: the events a case gets carry time-ordered UUIDv7 ids made by the API (the intake's triage event written in
// SQL as well as those written through Prisma) and land in their month's partition; the audit.ensure-partitions
// job keeps case_events' months ahead too, and fails with what it found once an event sits in the DEFAULT partition.
let m: MediumModule;
let cases: CasesService;
let job: AuditPartitionsJobs;
let counselor: AuthUser;

beforeAll(async () => {
  m = await createMediumModule([CasesModule]);
  cases = m.module.get(CasesService);
  job = m.module.get(AuditPartitionsJobs);
  counselor = await staffUser('counselor');
});
afterAll(async () => {
  await m?.close();
});

function partitionOf(monthsFromNow: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1));
  return `case_events_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The Unix milliseconds a UUIDv7 carries in its first 48 bits. */
function msOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

const healthy = { created: [], blocked: [], defaultRows: 0 };

describe('case events', () => {
  it('get UUIDv7 ids in the order they were written, and land in their month', async () => {
    const before = Date.now();
    const created = await actingAs(counselor, () =>
      cases.create(
        ZCaseCreate.parse({ description: '通販サイトで代金を払ったのに商品が届かず、連絡もつきません。' }),
      ),
    );
    const id = created.case.id;
    await actingAs(counselor, () =>
      cases.changeStatus(id, { status: 'in_progress', version: 1 }, undefined, counselor),
    );
    await actingAs(counselor, () =>
      cases.changeStatus(
        id,
        { status: 'awaiting_client', version: 2, reason: '相談者からの連絡待ち' },
        undefined,
        counselor,
      ),
    );
    await actingAs(counselor, () =>
      cases.addNote(id, { body: '本人と電話で話した。返金を求める予定。' }, counselor),
    );
    const after = Date.now();

    const events = await m.db.$queryRaw<{ id: string; kind: string; created_at: Date; part: string }[]>`
      SELECT id::text, kind::text, created_at, tableoid::regclass::text AS part
        FROM case_events WHERE case_id = ${id}::uuid ORDER BY created_at, id`;
    expect(events.map((e) => e.kind)).toEqual(['triage', 'status_change', 'status_change', 'note']);
    for (const event of events) {
      // Version 7 (the 13th hex digit), RFC 9562 variant (the 17th: 8, 9, a or b).
      expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(msOf(event.id)).toBeGreaterThanOrEqual(before);
      expect(msOf(event.id)).toBeLessThanOrEqual(after);
      expect(event.part).toBe(partitionOf(0));
    }
    // Time-ordered: sorting by id gives the order they were written in.
    expect([...events].sort((a, b) => a.id.localeCompare(b.id)).map((e) => e.id)).toEqual(
      events.map((e) => e.id),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(4);

    // The timeline reads them through the parent, as the API's role, the note opened under its new id.
    const timeline = await actingAs(counselor, () => cases.timeline(id));
    expect(JSON.stringify(timeline.items)).toContain('本人と電話で話した。返金を求める予定。');
  });
});

describe('audit.ensure-partitions for case_events', () => {
  it('keeps this month and the next three partitioned, and makes a missing month again', async () => {
    expect(await job.run()).toEqual({ audit_log: healthy, case_events: healthy });
    await m.db.$executeRawUnsafe(`ALTER TABLE case_events DETACH PARTITION ${partitionOf(2)}`);
    await m.db.$executeRawUnsafe(`DROP TABLE ${partitionOf(2)}`);
    expect((await job.run()).case_events).toEqual({ created: [partitionOf(2)], blocked: [], defaultRows: 0 });
    expect((await job.run()).case_events).toEqual(healthy);
  });

  it('puts an event of a month without a partition in the default (the insert does not fail), and says so', async () => {
    const created = await actingAs(counselor, () =>
      cases.create(
        ZCaseCreate.parse({ description: '電話で未納料金があると言われ、支払いを求められました。' }),
      ),
    );
    await m.db.caseEvent.create({
      data: {
        caseId: created.case.id,
        kind: 'note',
        createdAt: new Date('2043-08-09T10:11:12Z'),
      },
    });
    const landed = await m.db.$queryRaw<{ part: string }[]>`
      SELECT tableoid::regclass::text AS part FROM case_events
       WHERE case_id = ${created.case.id}::uuid AND kind = 'note'`;
    expect(landed).toEqual([{ part: 'case_events_default' }]);

    expect(await job.ensureAhead('case_events')).toEqual({ created: [], blocked: [], defaultRows: 1 });
    await expect(job.run()).rejects.toThrow(
      'case_events_default holds 1 rows of months without a partition. Move them as the owner: npm run audit:partitions -- --drain-default',
    );
  });
});
