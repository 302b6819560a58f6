// The audit log as supervisors read it: a case found by its receipt number however it is typed, and the
// filtered log exported as CSV for Excel (readable labels, Tokyo time, formula-safe cells), itself recorded.
import { randomBytes, randomUUID } from 'node:crypto';
import { createDbClient, type DbClient } from '@madoguchi/db';
import { READABLE_ALPHABET, type TAuditPage } from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

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

/** A receipt number as the desk prints it, e.g. K7QP-4MZT. */
function newReceipt(): string {
  const chars = [...randomBytes(8)].map((byte) => READABLE_ALPHABET[byte % READABLE_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

async function newCase(): Promise<{ id: string; receipt: string }> {
  const receipt = newReceipt();
  const row = await db.case.create({
    data: {
      receiptNumber: receipt,
      accessCodeHash: 'not-a-real-hash',
      urgency: 'normal',
      priority: 'normal',
      channel: 'web',
    },
  });
  return { id: row.id, receipt };
}

/** Two cases with log rows under an entity of their own, so the file's other rows never match. */
async function seed() {
  const entity = `test_${randomBytes(4).toString('hex')}`;
  const [mine, other] = await Promise.all([newCase(), newCase()]);
  const rows = [
    { at: new Date('2026-02-01T00:00:05Z'), action: 'case.read', caseId: mine.id, entityId: mine.id },
    { at: new Date('2026-02-01T01:00:00Z'), action: 'case.note_add', caseId: other.id, entityId: other.id },
    {
      at: new Date('2026-02-02T03:04:05Z'),
      action: 'case.status_change',
      caseId: mine.id,
      entityId: mine.id,
    },
  ];
  const ids: string[] = [];
  for (const row of rows) {
    const created = await db.auditLog.create({
      data: { ...row, entity, actorId: supervisor.user.id, actorRole: 'supervisor', ip: '192.0.2.10' },
    });
    ids.push(String(created.id));
  }
  return { entity, mine, other, ids };
}

async function page(query: Record<string, string>, session: StaffSession = supervisor): Promise<TAuditPage> {
  return (await t.http.get('/api/v1/audit').query(query).set(session.headers).expect(200)).body as TAuditPage;
}

async function csv(query: Record<string, string>, session: StaffSession = supervisor) {
  const res = await t.http
    .get('/api/v1/audit.csv')
    .query(query)
    .set(session.headers)
    .buffer(true)
    .responseType('blob')
    .expect(200);
  const body = res.body as Buffer;
  return {
    res,
    body,
    lines: body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n'),
  };
}

describe('GET /api/v1/audit filtered by a receipt number', () => {
  it('finds that case’s rows however the number is typed, with the receipt number on each row', async () => {
    const { entity, mine, ids } = await seed();
    const compact = mine.receipt.replace('-', '');
    const fullWidth = mine.receipt.replace(/[\x21-\x7e]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) + 0xfee0),
    );
    for (const caseRef of [mine.receipt, compact.toLowerCase(), fullWidth, ` ${compact} `, mine.id]) {
      const found = await page({ entity, caseRef });
      expect({ caseRef, ids: found.items.map((e) => e.id) }).toEqual({ caseRef, ids: [ids[2], ids[0]] });
      expect(found.items.map((e) => e.receiptNumber)).toEqual([mine.receipt, mine.receipt]);
    }
  });

  it('records which case the reader looked into', async () => {
    const { entity, mine } = await seed();
    await page({ entity, caseRef: mine.receipt.toLowerCase() });
    const read = await db.auditLog.findFirst({
      where: { action: 'audit.read', actorId: supervisor.user.id, caseId: mine.id },
      orderBy: { id: 'desc' },
    });
    expect(read?.meta).toMatchObject({ filters: { entity, caseRef: mine.receipt.toLowerCase() } });
  });

  it('matches nothing for a receipt number no case has, and refuses what cannot be one', async () => {
    const { entity } = await seed();
    expect((await page({ entity, caseRef: newReceipt() })).items).toEqual([]);
    for (const caseRef of ['ABC', 'K7QP-4MZ0', 'case 12']) {
      const res = await t.http.get('/api/v1/audit').query({ caseRef }).set(supervisor.headers).expect(400);
      expect(res.body.details.fields).toEqual([
        expect.objectContaining({
          path: 'caseRef',
          message: { ja: expect.stringContaining('受付番号'), en: expect.stringContaining('receipt number') },
        }),
      ]);
    }
  });
});

describe('GET /api/v1/audit.csv', () => {
  it('writes the filtered rows for Excel: BOM, header, Tokyo time, labels, receipt numbers', async () => {
    const { entity, mine } = await seed();
    const { res, body, lines } = await csv({ entity, caseRef: mine.receipt.replace('-', '') });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const name = (await db.user.findUniqueOrThrow({ where: { id: supervisor.user.id } })).displayName;
    expect(lines).toEqual([
      '日時(日本時間),操作した人,操作コード,操作,受付番号,対象,IPアドレス',
      `2026-02-02 12:04:05,${name},case.status_change,相談の状態を変えた,${mine.receipt},${entity}:${mine.id},192.0.2.10`,
      `2026-02-01 09:00:05,${name},case.read,相談を閲覧した,${mine.receipt},${entity}:${mine.id},192.0.2.10`,
      '',
    ]);
  });

  it('keeps cells a spreadsheet would run as formulas as text', async () => {
    const actor = await db.user.create({
      data: {
        email: `formula-${randomBytes(4).toString('hex')}@desk.example.jp`,
        displayName: '=HYPERLINK("http://evil.example","開く")',
        role: 'counselor',
        passwordHash: 'not-a-real-hash',
      },
    });
    const entities = ['=cmd', '+81', '-1+1', '@SUM(A1)', '\tcmd', '\rcmd'];
    for (const [i, entity] of entities.entries()) {
      await db.auditLog.create({
        data: {
          at: new Date(Date.UTC(2026, 1, 3, 0, 0, i)),
          action: 'case.update',
          entity,
          actorId: actor.id,
        },
      });
    }
    const { lines } = await csv({ actorId: actor.id });
    const quotedName = `"'=HYPERLINK(""http://evil.example"",""開く"")"`;
    expect(lines.slice(1, -1)).toEqual(
      [...entities].reverse().map((entity, i) => {
        const target = entity === '\rcmd' ? `"'\rcmd"` : `'${entity}`;
        return `2026-02-03 09:00:0${entities.length - 1 - i},${quotedName},case.update,相談の内容を変えた,,${target},`;
      }),
    );
  });

  it('records the export with its filters and row count', async () => {
    const { entity, mine } = await seed();
    await csv({ entity, caseRef: mine.receipt }, admin);
    const exported = await db.auditLog.findFirst({
      where: { action: 'audit.export', actorId: admin.user.id },
      orderBy: { id: 'desc' },
    });
    expect(exported).toMatchObject({
      entity: 'audit_log',
      caseId: mine.id,
      meta: { format: 'csv', filters: { entity, caseRef: mine.receipt }, count: 2, truncated: false },
    });
  });

  it('is for the roles that may read the log: counselors get 403, nobody signed in 401', async () => {
    await t.http.get('/api/v1/audit.csv').set(counselor.headers).expect(403);
    await t.http.get('/api/v1/audit.csv').expect(401);
    const before = await db.auditLog.count({ where: { action: 'audit.export', actorId: counselor.user.id } });
    expect(before).toBe(0);
  });

  it('answers 400 with a field message for a bad filter, never 500', async () => {
    const res = await t.http
      .get('/api/v1/audit.csv')
      .query({ caseRef: '受付番号', from: '2026-02-02T00:00:00Z', to: '2026-02-01T00:00:00Z' })
      .set(supervisor.headers)
      .expect(400);
    expect(res.body.details.fields.map((field: { path: string }) => field.path).sort()).toEqual([
      'caseRef',
      'to',
    ]);
    await t.http
      .get('/api/v1/audit.csv')
      .query({ caseId: randomUUID(), limit: '5' })
      .set(supervisor.headers)
      .expect(400);
  });
});
