// The desk's response targets in the queue, on the API's injected clock (tests move it, never sleep):
// a case received on a Friday afternoon is due after the weekend, turns overdue as the clock passes its
// due time, and an admin's new target shows on the next list.
import { createDbClient, type DbClient } from '@madoguchi/db';
import {
  DEFAULT_DESK_SCHEDULE,
  DEFAULT_RESPONSE_TARGETS,
  type TCaseCreated,
  type TCaseCreateInput,
  type TCaseList,
  type TCaseListItem,
  type TDeskSettings,
  type TIntakeInput,
  type TIntakeReceipt,
  type TUrgency,
  responseDue,
  ZDeskSettings,
} from '@madoguchi/shared';
import { CasesService } from '../src/modules/cases/cases.service';
import { DeskService } from '../src/modules/desk/desk.service';
import { staffHeaders } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

type Headers = { authorization: string };

const MINUTE_MS = 60_000;
/** Friday 2026-11-27 15:00 Tokyo: two desk hours left that day, then the weekend. */
const FRIDAY_AFTERNOON = new Date('2026-11-27T15:00:00+09:00');
/** Saturday 2026-11-28 10:00 Tokyo: the desk is closed. */
const SATURDAY_MORNING = new Date('2026-11-28T10:00:00+09:00');

let t: TestApp;
let db: DbClient;
let counselor: Headers;
let admin: Headers;

/** A duration measured on the moving clock: the requests themselves take a few milliseconds of it. */
const about = (ms: number) => expect.closeTo(ms, -4); // within 5 s

/** Moves the API's clock to a Tokyo wall time (backwards too: the sign-ins stay valid). */
function setClock(at: Date): void {
  t.advanceClock(at.getTime() - t.now());
}

/** A case as received at `receivedAt` with this priority, not yet answered by anyone. */
async function receivedCase(receivedAt: Date, priority: 'high' | 'normal'): Promise<string> {
  const created = await t.http
    .post('/api/v1/cases')
    .set(counselor)
    .send({ description: '知らない番号から未納料金の請求が来ました' } satisfies TCaseCreateInput)
    .expect(201);
  const { id, version } = (created.body as TCaseCreated).case;
  await t.http
    .patch(`/api/v1/cases/${id}`)
    .set(counselor)
    .send({ version, priority, priorityReason: '期限の確認のため' })
    .expect(200);
  // The arrival time is the database's; the test places it where the calendar matters.
  await db.case.update({ where: { id }, data: { createdAt: receivedAt, firstResponseAt: null } });
  return id;
}

async function queueRow(id: string): Promise<TCaseListItem['response']> {
  const res = await t.http.get('/api/v1/cases').query({ limit: '100' }).set(counselor).expect(200);
  const item = (res.body as TCaseList).items.find((row) => row.id === id);
  expect(item).toBeDefined();
  return item!.response;
}

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = (await staffHeaders(t, 'counselor')).headers;
  admin = (await staffHeaders(t, 'admin')).headers;
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

describe('response targets in the queue', () => {
  it('reads the defaults until an admin sets the desk', async () => {
    const res = await t.http.get('/api/v1/desk/settings').set(counselor).expect(200);
    expect(res.body).toEqual({ schedule: DEFAULT_DESK_SCHEDULE, targets: DEFAULT_RESPONSE_TARGETS });
  });

  it('counts desk hours across the weekend and turns overdue as the clock passes the due time', async () => {
    const id = await receivedCase(FRIDAY_AFTERNOON, 'high');
    // High: 4 desk hours, 15:00–17:00 on Friday and 9:00–11:00 on Monday.
    setClock(new Date('2026-11-30T10:50:00+09:00'));
    expect(await queueRow(id)).toEqual({
      dueAt: new Date('2026-11-30T11:00:00+09:00').toISOString(),
      waitingMs: about(new Date('2026-11-30T10:50:00+09:00').getTime() - FRIDAY_AFTERNOON.getTime()),
      leftMs: about(10 * MINUTE_MS),
      overdue: false,
      arrivedWhileClosed: false,
      met: null,
    });

    t.advanceClock(20 * MINUTE_MS);
    expect(await queueRow(id)).toMatchObject({ leftMs: about(-10 * MINUTE_MS), overdue: true, met: null });

    // POST /cases/search carries the same column.
    const search = await t.http
      .post('/api/v1/cases/search')
      .set(counselor)
      .send({ q: '未納料金', limit: 100 })
      .expect(200);
    const found = (search.body as TCaseList).items.find((row) => row.id === id);
    expect(found?.response).toMatchObject({ overdue: true });
  });

  it('flags a case that arrived while the desk was closed', async () => {
    const id = await receivedCase(SATURDAY_MORNING, 'normal');
    setClock(new Date('2026-11-30T09:30:00+09:00'));
    // Normal: by the close of the second desk day after Saturday (Monday, Tuesday).
    expect(await queueRow(id)).toMatchObject({
      dueAt: new Date('2026-12-01T17:00:00+09:00').toISOString(),
      overdue: false,
      arrivedWhileClosed: true,
    });
  });

  it('stops the clock at the first response and says whether it was on time', async () => {
    const id = await receivedCase(FRIDAY_AFTERNOON, 'high');
    await db.case.update({
      where: { id },
      data: { firstResponseAt: new Date('2026-11-30T09:15:00+09:00') },
    });
    setClock(new Date('2026-12-02T12:00:00+09:00'));
    expect(await queueRow(id)).toMatchObject({
      waitingMs: new Date('2026-11-30T09:15:00+09:00').getTime() - FRIDAY_AFTERNOON.getTime(),
      overdue: false,
      met: true,
    });
  });

  it("applies an admin's new targets to the next list; a counselor cannot change them", async () => {
    const id = await receivedCase(FRIDAY_AFTERNOON, 'high');
    setClock(new Date('2026-11-30T11:10:00+09:00'));
    expect(await queueRow(id)).toMatchObject({ overdue: true });

    const settings = {
      schedule: DEFAULT_DESK_SCHEDULE,
      targets: { ...DEFAULT_RESPONSE_TARGETS, high: { unit: 'desk_days', amount: 1 } },
    } satisfies TDeskSettings;
    await t.http.put('/api/v1/desk/settings').set(counselor).send(settings).expect(403);
    const saved = await t.http.put('/api/v1/desk/settings').set(admin).send(settings).expect(200);
    expect(saved.body).toEqual(settings);

    // High is now due by the close of the next desk day after Friday: Monday 17:00.
    expect(await queueRow(id)).toMatchObject({
      dueAt: new Date('2026-11-30T17:00:00+09:00').toISOString(),
      leftMs: about((6 * 60 - 10) * MINUTE_MS),
      overdue: false,
    });
    const read = await t.http.get('/api/v1/desk/settings').set(counselor).expect(200);
    expect(read.body).toEqual(settings);
  });

  it('refuses a desk schedule that never opens', async () => {
    await t.http
      .put('/api/v1/desk/settings')
      .set(admin)
      .send({
        schedule: { ...DEFAULT_DESK_SCHEDULE, hours: { kind: 'none' } },
        targets: DEFAULT_RESPONSE_TARGETS,
      })
      .expect(400);
  });
});

describe("an intake's response due time", () => {
  /** The case row of a receipt: its due time, target and stamp, and the transaction that last wrote it. */
  const stored = async (receiptNumber: string) => {
    const [row] = await db.$queryRaw<
      {
        created_at: Date;
        urgency: TUrgency;
        response_due_at: Date | null;
        response_target_at: Date | null;
        response_target_of: Date | null;
        written_by: string;
        inserted_by: string;
      }[]
    >`SELECT c.created_at, c.urgency::text AS urgency, c.response_due_at, c.response_target_at, c.response_target_of,
             c.xmin::text AS written_by, t.xmin::text AS inserted_by
      FROM cases c JOIN triage_results t ON t.case_id = c.id WHERE c.receipt_number = ${receiptNumber}`;
    return row!;
  };
  const submit = async () => {
    const res = await t.http
      .post('/api/v1/intakes')
      .send({ description: '知らない番号から未納料金の請求が来ました' } satisfies TIntakeInput)
      .expect(201);
    return (res.body as TIntakeReceipt).receiptNumber;
  };

  /** The settings in the database (an earlier test may have saved some) and the stamp due times carry. */
  const current = async () => {
    const row = await db.deskSettings.findUnique({ where: { id: true } });
    return row
      ? { ...ZDeskSettings.parse({ schedule: row.schedule, targets: row.targets }), stamp: row.updatedAt }
      : { schedule: DEFAULT_DESK_SCHEDULE, targets: DEFAULT_RESPONSE_TARGETS, stamp: new Date(0) };
  };

  /** Expects the case's due time, target and stamp to be those of the settings in the database; returns the row. */
  const expectUnderCurrentSettings = async (receiptNumber: string) => {
    const row = await stored(receiptNumber);
    const settings = await current();
    const due = responseDue(settings.schedule, settings.targets[row.urgency], row.created_at).dueAt;
    expect(row).toMatchObject({
      response_due_at: due,
      response_target_at: due,
      response_target_of: settings.stamp,
    });
    return { row, settings };
  };

  /** Expects an intake that left its due time to the response scan: empty, then filled by the refresh. */
  const expectLeftToRefresh = async (receiptNumber: string) => {
    expect(await stored(receiptNumber)).toMatchObject({
      response_due_at: null,
      response_target_at: null,
      response_target_of: null,
    });
    await t.app.get(CasesService).refreshResponseDue(10_000, { targets: true });
    return expectUnderCurrentSettings(receiptNumber);
  };

  it('is stored with the case, so the response scan has nothing to rewrite', async () => {
    t.advanceClock(60_000); // past any copy of the settings this process holds
    setClock(new Date());
    const receipt = await submit();
    const { row } = await expectUnderCurrentSettings(receipt);
    expect(row.response_due_at).not.toBeNull();
    await t.app.get(CasesService).refreshResponseDue(10_000, { targets: true });
    // Still the version the intake's transaction wrote: one write of the row and of its indexes, not two.
    expect((await stored(receipt)).written_by).toBe(row.inserted_by);
  });

  it('is left to the response scan when another process has changed the settings this one cached', async () => {
    await submit(); // this process now holds the settings for half a minute
    // Another API process saves new targets: the row changes under this process's cached copy.
    const before = await current();
    const targets = { ...before.targets, normal: { unit: 'desk_hours', amount: 3 } } as const;
    await db.deskSettings.upsert({
      where: { id: true },
      create: { schedule: before.schedule, targets },
      update: { targets },
    });
    const receipt = await submit();
    const { settings: after } = await expectLeftToRefresh(receipt);
    expect(after.stamp).not.toEqual(before.stamp);
    expect(after.targets).toEqual(targets);
    t.advanceClock(60_000); // past this process's copy, for the next test
  });

  it('never costs the person their intake: settings that cannot be read leave it to the response scan', async () => {
    const read = jest
      .spyOn(t.app.get(DeskService), 'intakeDue')
      .mockRejectedValueOnce(new Error('pool timeout'));
    try {
      await expectLeftToRefresh(await submit());
    } finally {
      read.mockRestore();
    }
  });
});

describe("the desk's own name and address", () => {
  it('reports the shipped example sender as placeholders until an admin replaces them', async () => {
    // No CENTRE_* in this suite: the letters would carry Madoguchi's example desk.
    const res = await t.http.get('/api/v1/desk/identity').set(admin).expect(200);
    expect(res.body).toMatchObject({ source: 'env', placeholders: ['name', 'address', 'phone'] });
    const saved = await t.http
      .put('/api/v1/desk/identity')
      .set(admin)
      .send({
        name: 'みなと市ネット相談室',
        address: '',
        phone: '045-000-1111',
        email: 'desk@minato.example.jp',
      })
      .expect(200);
    // An empty address is left off the letter, not a placeholder.
    expect(saved.body).toMatchObject({ source: 'settings', placeholders: [] });
    await t.http.put('/api/v1/desk/identity').set(counselor).send(saved.body.identity).expect(403);
  });
});
