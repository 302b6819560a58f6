import { randomBytes, randomUUID } from 'node:crypto';
import { createDbClient, type AuditLog, type DbClient } from '@madoguchi/db';
import type {
  TAuditEntry,
  TAuditPage,
  TCaseCreated,
  TCaseCreateInput,
  TCaseStatusChangeInput,
  TCreateReferral,
  TReferral,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
let supervisor: StaffSession;
let admin: StaffSession;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [supervisor, admin, counselor] = await Promise.all([
    staffHeaders(t, 'supervisor'),
    staffHeaders(t, 'admin'),
    staffHeaders(t, 'counselor'),
  ]);
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

/** Rows under an entity name of their own, so other rows in this file's database never match the filters. */
async function seedRows() {
  const entity = `test_${randomBytes(4).toString('hex')}`;
  const alice = randomUUID();
  const bob = randomUUID();
  const caseId = randomUUID();
  const rows: Parameters<DbClient['auditLog']['create']>[0]['data'][] = [
    {
      at: new Date('2026-01-10T00:00:00Z'),
      actorId: alice,
      action: 'case.read',
      entity,
      entityId: 'a',
      caseId,
    },
    { at: new Date('2026-01-11T00:00:00Z'), actorId: bob, action: 'case.read', entity, entityId: 'b' },
    {
      at: new Date('2026-01-12T00:00:00Z'),
      actorId: alice,
      action: 'case.update',
      entity,
      entityId: 'a',
      caseId,
    },
    {
      at: new Date('2026-01-13T00:00:00Z'),
      actorId: bob,
      action: 'referral.send',
      entity,
      entityId: 'c',
      caseId,
    },
    { at: new Date('2026-01-14T00:00:00Z'), actorId: alice, action: 'case.read', entity, entityId: 'b' },
  ];
  const created: AuditLog[] = [];
  for (const data of rows) {
    created.push(await db.auditLog.create({ data }));
  }
  return { entity, alice, bob, caseId, ids: created.map((r) => String(r.id)) };
}

const ids = (body: { items: TAuditEntry[] }) => body.items.map((e) => e.id);

describe('GET /api/v1/audit', () => {
  it('filters by actor, action, entity, entity id, case and time range, newest first', async () => {
    const {
      entity,
      alice,
      bob,
      caseId,
      ids: [r1, r2, r3, r4, r5],
    } = await seedRows();
    const get = async (query: Record<string, string>) =>
      (
        await t.http
          .get('/api/v1/audit')
          .query({ entity, ...query })
          .set(supervisor.headers)
          .expect(200)
      ).body;

    expect(ids(await get({}))).toEqual([r5, r4, r3, r2, r1]);
    expect(ids(await get({ actorId: alice }))).toEqual([r5, r3, r1]);
    expect(ids(await get({ actorId: bob, action: 'case.read' }))).toEqual([r2]);
    expect(ids(await get({ action: 'case.read' }))).toEqual([r5, r2, r1]);
    expect(ids(await get({ entityId: 'a' }))).toEqual([r3, r1]);
    expect(ids(await get({ caseId }))).toEqual([r4, r3, r1]);
    // from is inclusive, to exclusive.
    expect(ids(await get({ from: '2026-01-11T00:00:00Z', to: '2026-01-13T00:00:00Z' }))).toEqual([r3, r2]);
    expect(ids(await get({ from: '2026-01-11T09:00:00+09:00' }))).toEqual([r5, r4, r3, r2]);

    const one = (await get({ entityId: 'c' })).items[0] as TAuditEntry;
    expect(one).toEqual({
      id: r4,
      at: '2026-01-13T00:00:00.000Z',
      actorId: bob,
      actorRole: null,
      action: 'referral.send',
      entity,
      entityId: 'c',
      caseId,
      // The seeded case id names no case.
      receiptNumber: null,
      ip: null,
      requestId: null,
      meta: {},
    });
  });

  it('pages by id with a cursor, without gaps or repeats', async () => {
    const { entity, ids: created } = await seedRows();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = cursor ? { entity, limit: '2', cursor } : { entity, limit: '2' };
      const res = await t.http.get('/api/v1/audit').query(query).set(admin.headers).expect(200);
      const page = res.body as TAuditPage;
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it('records the read itself, with the filters, for the supervisor who looked', async () => {
    const { entity } = await seedRows();
    const requestId = `audit-read-${randomBytes(6).toString('hex')}`;
    await t.http
      .get('/api/v1/audit')
      .query({ entity, action: 'case.read' })
      .set(supervisor.headers)
      .set('x-request-id', requestId)
      .expect(200);
    const read = await db.auditLog.findFirstOrThrow({ where: { action: 'audit.read', requestId } });
    expect(read).toMatchObject({
      actorId: supervisor.user.id,
      actorRole: 'supervisor',
      entity: 'audit_log',
      meta: { filters: { entity, action: 'case.read' }, count: 3 },
    });
  });

  it('is for supervisors and admins only, and validates its filters', async () => {
    await t.http.get('/api/v1/audit').set(counselor.headers).expect(403);
    await t.http.get('/api/v1/audit').expect(401);
    await t.http.get('/api/v1/audit?actorId=not-a-uuid').set(supervisor.headers).expect(400);
    await t.http
      .get('/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')
      .set(supervisor.headers)
      .expect(400);
  });
});

describe('a case view is audited once per view, every write on its own', () => {
  async function newCase(): Promise<TCaseCreated['case']> {
    const res = await t.http
      .post('/api/v1/cases')
      .set(counselor.headers)
      .send({ description: '知らない番号から未納料金のSMSが届きました。' } satisfies TCaseCreateInput)
      .expect(201);
    return (res.body as TCaseCreated).case;
  }

  /** What the case page reads on every render (apps/web/app/(staff)/cases/[id]/page.tsx), all at once. */
  const renderCasePage = (caseId: string, who: StaffSession) =>
    Promise.all(
      [
        `/api/v1/cases/${caseId}`,
        `/api/v1/cases/${caseId}/timeline`,
        `/api/v1/cases/${caseId}/referrals`,
      ].map((path) => t.http.get(path).set(who.headers).expect(200)),
    );

  const rowsOf = (caseId: string) =>
    db.auditLog.findMany({
      where: { caseId },
      orderBy: { id: 'asc' },
      select: { action: true, actorId: true, meta: true },
    });

  it('writes one row for a status click and at most one for the page around it', async () => {
    const { id, version } = await newCase();
    await renderCasePage(id, counselor);
    const opened = await rowsOf(id);
    expect(opened).toEqual([
      { action: 'case.create', actorId: counselor.user.id, meta: expect.anything() },
      {
        action: 'case.read',
        actorId: counselor.user.id,
        meta: { view: expect.stringMatching(/^(detail|timeline|referrals)$/) },
      },
    ]);

    await t.http
      .post(`/api/v1/cases/${id}/status`)
      .set(counselor.headers)
      .send({ status: 'triaged', version } satisfies TCaseStatusChangeInput)
      .expect(200);
    await renderCasePage(id, counselor);
    expect((await rowsOf(id)).slice(opened.length)).toEqual([
      {
        action: 'case.status_change',
        actorId: counselor.user.id,
        meta: { from: 'new', to: 'triaged', version: 2 },
      },
    ]);
  });

  it("records each person's first look, and a look after the window as a new view", async () => {
    const { id } = await newCase();
    const referral = await t.http
      .post(`/api/v1/cases/${id}/referrals`)
      .set(counselor.headers)
      .send({
        windowSlug: 'consumer-188',
        reason: '架空請求。消費生活センターで助言を受けてもらう',
        method: 'warm_transfer',
        consent: { givenBy: 'client', fields: ['summary'] },
      } satisfies TCreateReferral)
      .expect(201);
    const referralId = (referral.body as TReferral).id;
    const reads = async () =>
      (await rowsOf(id))
        .filter((row) => row.action === 'case.read')
        .map(({ actorId, meta }) => ({ actorId, meta }));

    // Reading one referral is a look at the case it belongs to.
    await t.http.get(`/api/v1/referrals/${referralId}`).set(counselor.headers).expect(200);
    await t.http.get(`/api/v1/cases/${id}/timeline`).set(counselor.headers).expect(200);
    await t.http.get(`/api/v1/cases/${id}`).set(supervisor.headers).expect(200);
    await t.http.get(`/api/v1/cases/${id}/referrals`).set(supervisor.headers).expect(200);
    expect(await reads()).toEqual([
      { actorId: counselor.user.id, meta: { view: 'referral', referralId } },
      { actorId: supervisor.user.id, meta: { view: 'detail' } },
    ]);

    t.advanceClock(10 * 60_000 + 1_000); // past AUDIT_VIEW_WINDOW_SECONDS (600 by default)
    await renderCasePage(id, counselor);
    await t.http.get(`/api/v1/cases/${id}/timeline`).set(counselor.headers).expect(200);
    expect(await reads()).toEqual([
      { actorId: counselor.user.id, meta: { view: 'referral', referralId } },
      { actorId: supervisor.user.id, meta: { view: 'detail' } },
      { actorId: counselor.user.id, meta: { view: expect.stringMatching(/^(detail|timeline|referrals)$/) } },
    ]);
  });
});

describe('audit_log is append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever asks, and the rows stay as they were', async () => {
    const { entity } = await seedRows();
    const before = await db.auditLog.findMany({ where: { entity }, orderBy: { id: 'asc' } });
    const first = before[0]!;

    await expect(
      db.$executeRaw`UPDATE audit_log SET action = 'tampered', actor_id = NULL WHERE id = ${first.id}`,
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM audit_log WHERE entity = ${entity}`).rejects.toThrow(
      /append-only/,
    );
    await expect(db.$executeRawUnsafe('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    // Through the client's own methods too, not only raw SQL.
    await expect(
      db.auditLog.update({
        where: { id_at: { id: first.id, at: first.at } },
        data: { action: 'tampered' },
      }),
    ).rejects.toThrow();
    await expect(db.auditLog.deleteMany({ where: { entity } })).rejects.toThrow();

    const after = await db.auditLog.findMany({ where: { entity }, orderBy: { id: 'asc' } });
    expect(after).toEqual(before);
  });
});
