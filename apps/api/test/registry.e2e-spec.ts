import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TCreateRegistryEntry, TRegistryImportReport, TUpdateRegistryEntry } from '@madoguchi/shared';
import iconv from 'iconv-lite';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
let admin: StaffSession;
let counselor: StaffSession;

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [admin, counselor] = await Promise.all([staffHeaders(t, 'admin'), staffHeaders(t, 'counselor')]);
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name));
/** UTF-8 with a BOM, as Excel's "CSV UTF-8" writes it. */
const utf8Csv = fixture('registry-import.csv');
/** Excel on Japanese Windows writes CP932; the readable UTF-8 fixture is encoded here so the test shows its content. */
const sjisCsv = iconv.encode(fixture('registry-import-ja.csv').toString('utf8'), 'cp932');

function importCsv(body: Buffer, query: string, session: StaffSession = admin, contentType = 'text/csv') {
  return t.http
    .post(`/api/v1/registry/import?${query}`)
    .set(session.headers)
    .set('content-type', contentType)
    .send(body);
}

describe('registry CRUD', () => {
  it('lets an admin add an entry, normalised, and refuses the same number written another way (409)', async () => {
    const res = await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({
        kind: 'phone',
        value: '０３－６６６６－０１０１',
        source: '国民生活センター',
      } satisfies TCreateRegistryEntry)
      .expect(201);
    expect(res.body).toMatchObject({
      kind: 'phone',
      value: '+81366660101',
      display: '03-6666-0101',
      source: '国民生活センター',
      note: null,
      createdById: admin.user.id,
    });
    const dup = await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({ kind: 'phone', value: '+81 3 6666 0101', source: '別の出典' } satisfies TCreateRegistryEntry)
      .expect(409);
    expect(dup.body).toMatchObject({
      code: 'conflict',
      details: { reason: 'duplicate', existingId: res.body.id },
    });
    expect(await db.auditLog.count({ where: { action: 'registry.create', entityId: res.body.id } })).toBe(1);
  });

  it('refuses a value that cannot be read as its kind, with a field message', async () => {
    const res = await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({ kind: 'url', value: 'ただの文章', source: '警察庁' } satisfies TCreateRegistryEntry)
      .expect(400);
    expect(res.body.details.fields).toEqual([
      {
        path: 'value',
        code: 'unparsable_value',
        message: { ja: expect.stringContaining('URL'), en: expect.any(String) },
      },
    ]);
  });

  it('lets staff read and filter, finding a phone number however it is typed', async () => {
    await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({ kind: 'domain', value: 'evil-shop.example.net', source: '消費者庁', note: '偽通販' })
      .expect(201);
    await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({ kind: 'phone', value: '06-6666-0202', source: '大阪府警' })
      .expect(201);

    const byPhone = await t.http.get('/api/v1/registry?q=0666660202').set(counselor.headers).expect(200);
    expect(byPhone.body.items.map((e: { value: string }) => e.value)).toEqual(['+81666660202']);
    const byKind = await t.http.get('/api/v1/registry?kind=domain').set(counselor.headers).expect(200);
    expect(byKind.body.items.every((e: { kind: string }) => e.kind === 'domain')).toBe(true);
    expect(byKind.body.items.map((e: { value: string }) => e.value)).toContain('evil-shop.example.net');
    const byNote = await t.http.get('/api/v1/registry?q=偽通販').set(counselor.headers).expect(200);
    expect(byNote.body.items.map((e: { value: string }) => e.value)).toEqual(['evil-shop.example.net']);

    const page = await t.http.get('/api/v1/registry?pageSize=1&page=2').set(counselor.headers).expect(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 1, total: expect.any(Number) });
    expect(page.body.items).toHaveLength(1);
    await t.http.get('/api/v1/registry?kind=fax').set(counselor.headers).expect(400);
    await t.http.get('/api/v1/registry').expect(401);
  });

  it('keeps writes to admins: a counselor gets 403 and nothing changes', async () => {
    const created = await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({ kind: 'email', value: 'info@Scam.example.org', source: 'JC3' })
      .expect(201);
    expect(created.body.value).toBe('info@scam.example.org');

    await t.http
      .post('/api/v1/registry')
      .set(counselor.headers)
      .send({ kind: 'phone', value: '03-6666-0303', source: '警察庁' })
      .expect(403);
    await t.http
      .patch(`/api/v1/registry/${created.body.id}`)
      .set(counselor.headers)
      .send({ note: '書き換え' })
      .expect(403);
    await t.http.delete(`/api/v1/registry/${created.body.id}`).set(counselor.headers).expect(403);
    await importCsv(utf8Csv, 'dryRun=true', counselor).expect(403);
    expect(await db.registryEntry.findUniqueOrThrow({ where: { id: created.body.id } })).toMatchObject({
      note: null,
    });
    expect(await db.registryEntry.count({ where: { value: '+81366660303' } })).toBe(0);
  });

  it('lets an admin correct and delete an entry, audited', async () => {
    const created = await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({ kind: 'name', value: 'カ)ニセモノ', source: '警察庁' })
      .expect(201);
    const updated = await t.http
      .patch(`/api/v1/registry/${created.body.id}`)
      .set(admin.headers)
      .send({
        kind: 'bank_account',
        value: 'ゆうちょ 12345-6789',
        note: '口座として登録し直し',
      } satisfies TUpdateRegistryEntry)
      .expect(200);
    expect(updated.body).toMatchObject({
      kind: 'bank_account',
      value: 'ゆうちょ 123456789',
      note: '口座として登録し直し',
    });

    await t.http.delete(`/api/v1/registry/${created.body.id}`).set(admin.headers).expect(204);
    await t.http.delete(`/api/v1/registry/${created.body.id}`).set(admin.headers).expect(404);
    await t.http
      .patch(`/api/v1/registry/${created.body.id}`)
      .set(admin.headers)
      .send({ note: 'x' })
      .expect(404);
    const actions = await db.auditLog.findMany({
      where: { entityId: created.body.id },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual(['registry.create', 'registry.update', 'registry.delete']);
    expect(actions.every((a) => a.actorId === admin.user.id)).toBe(true);
  });
});

describe('POST /api/v1/registry/import', () => {
  const utf8Accepted = [
    { line: 2, kind: 'phone', value: '+81355550101' },
    { line: 3, kind: 'url', value: 'https://pay-check.example.com/login' },
    { line: 4, kind: 'domain', value: 'fake-shop.example.jp' },
    { line: 10, kind: 'name', value: 'ヤマダ, タロウ' },
  ];

  it('dry run (UTF-8 with BOM): reports accepted, rejected and duplicate rows, and writes nothing', async () => {
    const entriesBefore = await db.registryEntry.count();
    const auditBefore = await db.auditLog.count({ where: { action: 'registry.import' } });

    const res = await importCsv(utf8Csv, 'dryRun=true').expect(200);
    const report = res.body as TRegistryImportReport;
    expect(report).toMatchObject({ dryRun: true, encoding: 'utf-8', total: 8 });
    expect(report.accepted).toEqual(utf8Accepted);
    expect(report.rejected).toEqual([
      {
        line: 5,
        raw: 'fax,03-5555-0102,警察庁,種別が不正',
        reason: {
          ja: expect.stringContaining('種別「fax」'),
          en: expect.stringContaining('Unknown kind "fax"'),
        },
      },
      {
        line: 6,
        raw: 'phone,でんわばんごう,警察庁,読めない番号',
        reason: { ja: expect.stringContaining('電話番号として読み取れません'), en: expect.any(String) },
      },
      { line: 8, raw: 'email,,警察庁,値が空', reason: { ja: '値が空です', en: 'The value is empty' } },
    ]);
    expect(report.duplicates).toEqual([{ line: 9, kind: 'phone', value: '+81355550101', firstLine: 2 }]);

    expect(await db.registryEntry.count()).toBe(entriesBefore);
    expect(await db.auditLog.count({ where: { action: 'registry.import' } })).toBe(auditBefore);
  });

  it('real run: inserts the accepted rows in one go, audits the counts, and a second run finds them all', async () => {
    const res = await importCsv(utf8Csv, 'dryRun=false').expect(200);
    expect(res.body).toMatchObject({ dryRun: false, total: 8 });
    expect(res.body.accepted).toEqual(utf8Accepted);
    expect(res.body.rejected).toHaveLength(3);

    const stored = await db.registryEntry.findMany({
      where: { OR: utf8Accepted.map(({ kind, value }) => ({ kind: kind as 'phone', value })) },
    });
    expect(stored).toHaveLength(4);
    expect(stored.find((e) => e.kind === 'phone')).toMatchObject({
      source: '警察庁 注意喚起',
      note: '架空請求のSMSに記載',
      createdById: admin.user.id,
    });
    expect(stored.find((e) => e.kind === 'name')?.note).toBe('名義に読点と"引用符"');
    const audit = await db.auditLog.findMany({ where: { action: 'registry.import' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.user.id,
      meta: { encoding: 'utf-8', total: 8, inserted: 4, rejected: 3, duplicates: 1 },
    });

    const again = await importCsv(utf8Csv, 'dryRun=false').expect(200);
    expect(again.body.accepted).toEqual([]);
    expect(
      again.body.duplicates.map((d: { line: number; firstLine: number | null }) => [d.line, d.firstLine]),
    ).toEqual([
      [2, null],
      [3, null],
      [4, null],
      [9, 2],
      [10, null],
    ]);
    expect(
      await db.registryEntry.count({ where: { OR: utf8Accepted.map(({ value }) => ({ value })) } }),
    ).toBe(4);
  });

  it('reads a Shift_JIS (CP932) file with Japanese headers and kinds, detected or named', async () => {
    const dry = await importCsv(sjisCsv, 'dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, encoding: 'shift_jis', total: 5 });
    expect(dry.body.accepted).toEqual([
      { line: 2, kind: 'phone', value: '+81655550202' },
      { line: 3, kind: 'email', value: 'support@fake-bank.example.com' },
      { line: 4, kind: 'bank_account', value: 'みずほ銀行 1234567' },
    ]);
    expect(dry.body.rejected.map((r: { line: number; raw: string }) => [r.line, r.raw])).toEqual([
      [5, '種別なし,0120-555-555,警察庁,'],
      [6, '電話番号,,警察庁,空'],
    ]);
    expect(await db.registryEntry.count({ where: { value: '+81655550202' } })).toBe(0);

    const real = await importCsv(sjisCsv, 'dryRun=false&encoding=shift_jis').expect(200);
    expect(real.body.accepted).toHaveLength(3);
    const phone = await db.registryEntry.findUniqueOrThrow({
      where: { kind_value: { kind: 'phone', value: '+81655550202' } },
    });
    // CP932's NEC extensions (①, ㈱) survive, folded by NFKC like everything else typed in.
    expect(phone).toMatchObject({ display: '06-5555-0202', source: '大阪府警', note: '1架空請求' });
    const account = await db.registryEntry.findUniqueOrThrow({
      where: { kind_value: { kind: 'bank_account', value: 'みずほ銀行 1234567' } },
    });
    expect(account.note).toBe('(株)ヤマダ名義');
  });

  it('defaults to a dry run, and fills empty sources from ?source=', async () => {
    const csv = Buffer.from('kind,value\nphone,092-555-0303\n');
    const res = await importCsv(csv, 'source=福岡県警').expect(200);
    expect(res.body).toMatchObject({ dryRun: true, accepted: [{ line: 2, value: '+81925550303' }] });
    expect(await db.registryEntry.count({ where: { value: '+81925550303' } })).toBe(0);
    const noSource = await importCsv(csv, 'dryRun=true').expect(200);
    expect(noSource.body.rejected[0].reason.ja).toBe('出典が空です');
  });

  it('refuses a file without the header, a malformed one, an empty one, and invalid UTF-8 when UTF-8 was named', async () => {
    const noHeader = await importCsv(Buffer.from('phone,03-1111-2222,x\n'), 'dryRun=true').expect(400);
    expect(noHeader.body.details).toMatchObject({ reason: 'csv_header' });
    const unclosed = await importCsv(
      Buffer.from('kind,value,source\nname,"unclosed,x\n'),
      'dryRun=true',
    ).expect(400);
    expect(unclosed.body.details).toMatchObject({ reason: 'csv_malformed' });
    await importCsv(Buffer.alloc(0), 'dryRun=true').expect(400);
    const wrong = await importCsv(sjisCsv, 'dryRun=true&encoding=utf-8').expect(400);
    expect(wrong.body.details).toMatchObject({ reason: 'invalid_encoding' });
  });

  it('takes text/csv only on this route, JSON not here, and at most 5 MB', async () => {
    await t.http
      .post('/api/v1/registry/import?dryRun=true')
      .set(admin.headers)
      .send({ csv: 'kind,value\n' })
      .expect(415);
    await t.http
      .post('/api/v1/intakes')
      .set('content-type', 'text/csv')
      .send('description\nhello\n')
      .expect(415);
    const huge = Buffer.alloc(5 * 1024 * 1024 + 1, 'a');
    await importCsv(huge, 'dryRun=true').expect(413);
  });
});
