// Identifiers without clear values (issue 17 item 1; migration identifier_keys): the identifiers table holds a keyed
// value (HMAC under an index key) and the value and display encrypted, yet cases still share a scam number, the
// registry still matches it, and rows written in clear before the upgrade (or under another index key) are
// converted by the search.reindex job and stay shown and matched.
import { randomUUID } from 'node:crypto';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type {
  TCaseDetail,
  TCaseIdentifierCreate,
  TCaseIdentifierView,
  TCreateRegistryEntry,
  TIntakeInput,
} from '@madoguchi/shared';
import { FieldCrypto } from '../src/common/crypto/field-crypto.service';
import { identifierValueKey } from '../src/common/crypto/identifier-keys';
import { IdentifierRekey } from '../src/modules/cases/identifier-rekey';
import { CaseShredder } from '../src/modules/privacy/retention/case-shredder';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let admin: StaffSession;

// Values chosen so that none can occur by chance in another column of the test database.
const SCAM_PHONE = { typed: '050-3917-4826', value: '+815039174826', display: '050-3917-4826' };
const OTHER_PHONE = { typed: '０８０－２７１９－６３５４', value: '+818027196354', display: '080-2719-6354' };
const SCAM_URL = {
  typed: 'HTTPS://Qzv-Kakuin.example.jp/Login',
  value: 'https://qzv-kakuin.example.jp/Login',
};
const SCAM_DOMAIN = 'qzv-kakuin.example.jp';
const EMAIL = 'Rq8.Tanuki@qzv-mail.example.jp';
const BANK = { typed: 'ミズホ 7319-4420', value: 'ミズホ 73194420' };
const IN_TEXT_PHONE = { typed: '03-6817-2953', value: '+81368172953' };
const COUNSELOR_EMAIL = 'wq5.kitsune@qzv-desk.example.jp';

/** Every value of the person's (and the counselor's) identifiers, in the forms they could be stored in. */
const SECRETS = [
  SCAM_PHONE.value,
  SCAM_PHONE.display,
  SCAM_PHONE.value.slice(1),
  '05039174826',
  OTHER_PHONE.value,
  OTHER_PHONE.display,
  '08027196354',
  SCAM_URL.value,
  SCAM_DOMAIN,
  EMAIL,
  BANK.value,
  '73194420',
  IN_TEXT_PHONE.value,
  '0368172953',
  COUNSELOR_EMAIL,
].map((secret) => secret.toLowerCase());

async function submit(body: TIntakeInput): Promise<string> {
  const res = await t.http.post('/api/v1/intakes').send(body).expect(201);
  const { receiptNumber } = res.body as { receiptNumber: string };
  return (await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } })).id;
}

async function identifiersOf(caseId: string): Promise<TCaseIdentifierView[]> {
  const res = await t.http.get(`/api/v1/cases/${caseId}`).set(counselor.headers).expect(200);
  return (res.body as TCaseDetail).identifiers;
}

async function shown(caseId: string, kind: string, value: string): Promise<TCaseIdentifierView | undefined> {
  return (await identifiersOf(caseId)).find((i) => i.kind === kind && i.value === value);
}

/**
 * Every text, json and bytea column of every table of the database (registry_entries aside: the desk's published
 * lists, in clear by design), as lower-case text, and which of the secrets occur in it.
 */
async function secretsInClear(secrets: readonly string[]): Promise<string[]> {
  const columns = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
     WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
       AND c.table_name NOT IN ('registry_entries', '_prisma_migrations')
       AND (c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')
            OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_json', '_jsonb')))`;
  expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
    expect.arrayContaining(['identifiers.value', 'identifiers.display', 'identifiers.value_key']),
  );
  const found = new Set<string>();
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await db.$queryRawUnsafe<{ v: string }[]>(
      `SELECT lower("${column}"::text) AS v FROM "${table}" WHERE "${column}" IS NOT NULL`,
    );
    for (const { v } of rows) {
      for (const secret of secrets) {
        if (v.includes(secret)) {
          found.add(`${table}.${column}: ${secret}`);
        }
      }
    }
  }
  return [...found].sort();
}

let firstCase: string;

beforeAll(async () => {
  // More intakes than the public limit allows a minute from one address.
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  [counselor, admin] = await Promise.all([staffHeaders(t, 'counselor'), staffHeaders(t, 'admin')]);
  firstCase = await submit({
    channel: 'web',
    description: `宅配の不在通知から偽サイトに誘導されました。${IN_TEXT_PHONE.typed} からも電話がありました`,
    identifiers: {
      phones: [SCAM_PHONE.typed, OTHER_PHONE.typed],
      urls: [SCAM_URL.typed],
      emails: [EMAIL],
      bankAccounts: [BANK.typed],
    },
  });
  await t.http
    .post(`/api/v1/cases/${firstCase}/identifiers`)
    .set(counselor.headers)
    .send({ kind: 'email', value: COUNSELOR_EMAIL } satisfies TCaseIdentifierCreate)
    .expect(201);
});

afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

describe('identifiers at rest', () => {
  it('stores no identifier value in clear: a keyed value, and the value and display encrypted', async () => {
    const rows = await db.identifier.findMany();
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      expect(row.value).toMatch(/^enc:v1:/);
      expect(row.display).toMatch(/^enc:v1:/);
      expect(row.valueKey).toMatch(/^v1\.[\w-]{8}:[\w-]{43}$/);
    }
    expect(await secretsInClear(SECRETS)).toEqual([]);
  });

  it('shows the case page every identifier as it was typed, opened', async () => {
    const views = await identifiersOf(firstCase);
    expect(views.map((i) => ({ kind: i.kind, value: i.value, source: i.source })).sort(byKindValue)).toEqual(
      [
        { kind: 'phone', value: SCAM_PHONE.value, source: 'intake' },
        { kind: 'phone', value: OTHER_PHONE.value, source: 'intake' },
        { kind: 'phone', value: IN_TEXT_PHONE.value, source: 'text' },
        { kind: 'url', value: SCAM_URL.value, source: 'intake' },
        { kind: 'domain', value: SCAM_DOMAIN, source: 'intake' },
        { kind: 'email', value: EMAIL, source: 'intake' },
        { kind: 'bank_account', value: BANK.value, source: 'intake' },
        { kind: 'email', value: COUNSELOR_EMAIL, source: 'counselor' },
      ].sort(byKindValue),
    );
    expect(views.find((i) => i.value === SCAM_PHONE.value)?.display).toBe(SCAM_PHONE.display);
    expect(views.find((i) => i.value === OTHER_PHONE.value)?.display).toBe(OTHER_PHONE.display);
  });
});

describe('sharing and the registry', () => {
  it('counts a second case with the same scam number, however it was typed, on both case pages', async () => {
    const second = await submit({
      channel: 'web',
      description: '同じ番号からSMSが来ました',
      identifiers: { phones: ['+81 50 3917 4826'] },
    });
    expect((await shown(second, 'phone', SCAM_PHONE.value))?.otherCases).toMatchObject({
      count: 1,
      items: [{ id: firstCase }],
    });
    expect((await shown(firstCase, 'phone', SCAM_PHONE.value))?.otherCases).toMatchObject({
      count: 1,
      items: [{ id: second }],
    });
    expect((await shown(firstCase, 'phone', OTHER_PHONE.value))?.otherCases.count).toBe(0);
    // One identifier row for the number, shared by both cases.
    const [shared] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT identifier_id)::int AS n FROM case_identifiers
       WHERE case_id IN (${firstCase}::uuid, ${second}::uuid)
         AND identifier_id IN (SELECT identifier_id FROM case_identifiers WHERE case_id = ${second}::uuid)`;
    expect(shared?.n).toBe(1);
  });

  it('matches a registry entry an admin adds, through its keyed value', async () => {
    expect((await shown(firstCase, 'url', SCAM_URL.value))?.inRegistry).toBe(false);
    const created = await t.http
      .post('/api/v1/registry')
      .set(admin.headers)
      .send({
        kind: 'url',
        value: SCAM_URL.typed,
        source: '偽サイト公表リスト',
      } satisfies TCreateRegistryEntry)
      .expect(201);
    expect((await shown(firstCase, 'url', SCAM_URL.value))?.registry).toEqual({
      id: created.body.id,
      source: '偽サイト公表リスト',
      note: null,
    });
    // The same keyed value on both sides; a domain equal in text to nothing else is not matched by kind confusion.
    const [keys] = await db.$queryRaw<{ matched: number }[]>`
      SELECT count(*)::int AS matched FROM registry_entries r JOIN identifiers i
          ON i.kind = r.kind AND i.value_key = r.value_key
       WHERE r.id = ${created.body.id as string}::uuid`;
    expect(keys?.matched).toBe(1);
  });

  it('takes concurrent intakes sharing numbers in any order without a deadlock, one row per value', async () => {
    const numbers = ['050-3917-0001', '050-3917-0002', '050-3917-0003'];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        submit({
          channel: 'web',
          description: '同時の相談',
          identifiers: { phones: i % 2 === 0 ? numbers : [...numbers].reverse() },
        }),
      ),
    );
    const crypto = t.app.get(FieldCrypto);
    for (const number of ['+815039170001', '+815039170002', '+815039170003']) {
      const rows = await db.identifier.findMany({
        where: { kind: 'phone', valueKey: identifierValueKey(crypto, 'phone', number) },
        select: { _count: { select: { cases: true } } },
      });
      expect(rows).toEqual([{ _count: { cases: 6 } }]);
    }
  });
});

describe('shredding (retention, or the person’s deletion request)', () => {
  it('removes the identifiers only the shredded case had, and keeps a shared one for the other case', async () => {
    const crypto = t.app.get(FieldCrypto);
    const sharedPhone = '+815039177777';
    const ownPhone = '+815039178888';
    const keep = await submit({
      channel: 'web',
      description: '残る相談',
      identifiers: { phones: [sharedPhone] },
    });
    const shredded = await submit({
      channel: 'web',
      description: '消える相談',
      identifiers: { phones: [sharedPhone, ownPhone] },
    });
    const rowsOf = (value: string) =>
      db.identifier.count({ where: { kind: 'phone', valueKey: identifierValueKey(crypto, 'phone', value) } });
    expect([await rowsOf(sharedPhone), await rowsOf(ownPhone)]).toEqual([1, 1]);
    expect((await shown(keep, 'phone', sharedPhone))?.otherCases.count).toBe(1);

    await t.app.get(CaseShredder).shred(shredded, { trigger: 'person_request' });

    expect([await rowsOf(sharedPhone), await rowsOf(ownPhone)]).toEqual([1, 0]);
    expect(await identifiersOf(shredded)).toEqual([]);
    expect(await shown(keep, 'phone', sharedPhone)).toMatchObject({ otherCases: { count: 0 } });
  });
});

describe('rows from before keyed values, and a new index key (the search.reindex job)', () => {
  it('shows a clear legacy identifier, then converts it: encrypted, keyed, folded with the same value, matched', async () => {
    const legacyCase = await submit({ channel: 'web', description: '以前の相談' });
    const legacyOnly = await submit({ channel: 'web', description: '以前の別の相談' });
    const legacyPhone = { value: '+815039175555', display: '050-3917-5555' };
    const lonePhone = { value: '+815039176666', display: '050-3917-6666' };
    // As migration identifier_keys leaves rows written before it: clear value and display, no keyed value. And a
    // registry entry of the same time, without a keyed value either.
    const legacyId = randomUUID();
    const loneId = randomUUID();
    await db.$executeRaw`
      INSERT INTO identifiers (id, kind, value, display)
      VALUES (${legacyId}::uuid, 'phone', ${legacyPhone.value}, ${legacyPhone.display}),
             (${loneId}::uuid, 'phone', ${lonePhone.value}, ${lonePhone.display})`;
    await db.$executeRaw`
      INSERT INTO case_identifiers (case_id, identifier_id, source)
      VALUES (${legacyCase}::uuid, ${legacyId}::uuid, 'intake'), (${legacyOnly}::uuid, ${loneId}::uuid, 'intake')`;
    await db.$executeRaw`
      INSERT INTO registry_entries (id, kind, value, display, source)
      VALUES (gen_random_uuid(), 'phone', ${lonePhone.value}, ${lonePhone.display}, '以前の公表リスト')`;

    // Read as it is, before the job.
    expect(await shown(legacyCase, 'phone', legacyPhone.value)).toMatchObject({
      id: legacyId,
      display: legacyPhone.display,
    });
    // An intake after the upgrade writes the same number as a new keyed row (the legacy one has no keyed value).
    const after = await submit({
      channel: 'web',
      description: '同じ番号から',
      identifiers: { phones: [legacyPhone.display] },
    });
    expect((await shown(after, 'phone', legacyPhone.value))?.otherCases.count).toBe(0);

    const result = await t.app.get(IdentifierRekey).run();
    expect(result).toMatchObject({ keyed: 1, folded: 1, failed: 0 });
    expect(result.registry).toBeGreaterThanOrEqual(1);

    // Nothing in clear any more, both cases share one row, and the old registry entry matches.
    expect(
      await db.identifier.count({
        where: { OR: [{ valueKey: null }, { value: { not: { startsWith: 'enc:v1:' } } }] },
      }),
    ).toBe(0);
    expect(await db.identifier.count({ where: { id: legacyId } })).toBe(0);
    expect(await secretsInClear([legacyPhone.value, legacyPhone.display, lonePhone.display])).toEqual([]);
    expect((await shown(legacyCase, 'phone', legacyPhone.value))?.otherCases).toMatchObject({
      count: 1,
      items: [{ id: after }],
    });
    expect((await shown(after, 'phone', legacyPhone.value))?.otherCases.count).toBe(1);
    expect(await shown(legacyOnly, 'phone', lonePhone.value)).toMatchObject({
      id: loneId,
      display: lonePhone.display,
      inRegistry: true,
      registry: { source: '以前の公表リスト' },
    });
    // A case written later with the converted number shares the converted row.
    const later = await submit({
      channel: 'web',
      description: '後日',
      identifiers: { phones: [lonePhone.display] },
    });
    expect((await shown(later, 'phone', lonePhone.value))?.otherCases).toMatchObject({
      count: 1,
      items: [{ id: legacyOnly }],
    });
    // Nothing left: a second run does nothing.
    expect(await t.app.get(IdentifierRekey).run()).toEqual({ keyed: 0, folded: 0, failed: 0, registry: 0 });
  });

  it('recomputes every keyed value made under another index key, from the opened value', async () => {
    const before = await db.identifier.findMany({
      select: { id: true, valueKey: true },
      orderBy: { id: 'asc' },
    });
    const registryBefore = await db.registryEntry.findMany({
      select: { id: true, valueKey: true },
      orderBy: { id: 'asc' },
    });
    // Keyed values as another index key made them: no new intake or registry entry matches them.
    await db.$executeRaw`UPDATE identifiers SET value_key = 'v1.otherkey:' || md5(value_key)`;
    await db.$executeRaw`UPDATE registry_entries SET value_key = 'v1.otherkey:' || md5(value_key)`;
    expect((await shown(firstCase, 'url', SCAM_URL.value))?.inRegistry).toBe(false);

    const result = await t.app.get(IdentifierRekey).run();
    expect(result).toMatchObject({
      keyed: before.length,
      folded: 0,
      failed: 0,
      registry: registryBefore.length,
    });
    expect(
      await db.identifier.findMany({ select: { id: true, valueKey: true }, orderBy: { id: 'asc' } }),
    ).toEqual(before);
    expect(
      await db.registryEntry.findMany({ select: { id: true, valueKey: true }, orderBy: { id: 'asc' } }),
    ).toEqual(registryBefore);
    expect((await shown(firstCase, 'url', SCAM_URL.value))?.inRegistry).toBe(true);
    expect((await shown(firstCase, 'phone', SCAM_PHONE.value))?.otherCases.count).toBe(1);
  });
});

function byKindValue(a: { kind: string; value: string }, b: { kind: string; value: string }): number {
  return `${a.kind}\0${a.value}`.localeCompare(`${b.kind}\0${b.value}`);
}
