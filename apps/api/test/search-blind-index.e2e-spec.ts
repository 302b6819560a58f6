// Case search without clear text (issue 17 item 1): the case row holds keyed tokens only, free text is found by any
// word, contact details and identifiers by their whole value only, and a case written before keyed search (or
// under another index key) is rebuilt by the search.reindex job and found again.
import { createDbClient, type DbClient } from '@madoguchi/db';
import { normalizeSearchText, type TCaseList, type TIntakeInput } from '@madoguchi/shared';
import { SearchReindex } from '../src/modules/cases/search-reindex';
import { staffHeaders } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
let headers: { authorization: string };

// Values chosen so that no gram of them can occur by chance in the coded columns of a case.
const DESCRIPTION = '宅配業者を名乗る通知から偽サイトに誘導され、暗証番号を入力してしまいました';
const EMAIL = 'Xq7wz.Vk9@qzv.jp';
const PHONE = '090-4826-1937';
const NAME = '鷺沼 綴子';
const SCAM_URL = 'https://qzv-parcel.jp/trk';
const SCAM_PHONE = '050-3917-2864';

let caseId: string;

/** Every two-character gram of a value as it is normalised (NFKC, lower case), whitespace left out. */
function grams(value: string): string[] {
  const chars = Array.from(normalizeSearchText(value));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    if (!/\s/.test(gram)) {
      out.add(gram);
    }
  }
  return [...out];
}

async function found(q: string): Promise<boolean> {
  const res = await t.http.post('/api/v1/cases/search').set(headers).send({ q, limit: 100 }).expect(200);
  return (res.body as TCaseList).items.some((item) => item.id === caseId);
}

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  headers = (await staffHeaders(t, 'counselor')).headers;
  const res = await t.http
    .post('/api/v1/intakes')
    .send({
      channel: 'web',
      description: DESCRIPTION,
      contact: { preferred: 'email', name: NAME, phone: PHONE, email: EMAIL },
      identifiers: { phones: [SCAM_PHONE], urls: [SCAM_URL] },
    } satisfies TIntakeInput)
    .expect(201);
  const { receiptNumber } = res.body as { receiptNumber: string };
  caseId = (await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

describe('the case row', () => {
  it('holds no value and no two-character gram of the description or the contact details in clear', async () => {
    // Every column of cases that can hold text, read as text. The receipt number (random, printed for the person),
    // the access code's keyed hash and the search key (a keyed value of a constant) are random characters: any
    // short gram may occur in them by chance, and none is derived from these values.
    const columns = await db.$queryRaw<{ column_name: string; data_type: string; udt_name: string }[]>`
      SELECT column_name, data_type, udt_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'cases'
         AND (data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')
              OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar', '_bytea', '_json', '_jsonb')))
         AND column_name NOT IN ('receipt_number', 'access_code_hash', 'search_key')`;
    expect(columns.length).toBeGreaterThan(3);
    const [row] = await db.$queryRawUnsafe<Record<string, string | null>[]>(
      `SELECT ${columns.map((c) => `"${c.column_name}"::text AS "${c.column_name}"`).join(', ')}
         FROM cases WHERE id = $1::uuid`,
      caseId,
    );
    const stored = Object.values(row!)
      .filter((value): value is string => value !== null)
      .map((value) => value.toLowerCase())
      .join('\n');
    const secrets = [DESCRIPTION, EMAIL, PHONE, PHONE.replace(/-/g, ''), NAME, SCAM_URL, SCAM_PHONE];
    const leaks = secrets.flatMap((secret) => [
      ...(stored.includes(normalizeSearchText(secret)) ? [secret] : []),
      ...grams(secret).filter((gram) => stored.includes(gram)),
    ]);
    expect(leaks).toEqual([]);

    // The search columns are integer tokens (text cannot be stored in them), and there are some.
    const types = await db.$queryRaw<{ column_name: string; udt_name: string }[]>`
      SELECT column_name, udt_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'cases' AND column_name LIKE 'search%' ORDER BY column_name`;
    expect(types).toEqual([
      { column_name: 'search_exact', udt_name: '_int4' },
      { column_name: 'search_grams', udt_name: '_int4' },
      { column_name: 'search_key', udt_name: 'text' },
      { column_name: 'search_sig', udt_name: '_int4' },
    ]);
    const tokens = await db.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { searchGrams: true, searchExact: true, searchKey: true },
    });
    // Every character and bigram of the description (and receipt number); the whole contact values only.
    expect(tokens.searchGrams.length).toBeGreaterThan(grams(DESCRIPTION).length);
    expect(tokens.searchExact.length).toBeGreaterThanOrEqual(8);
    expect(tokens.searchKey).toMatch(/^v1:[A-Za-z0-9_-]{16}$/);
  });
});

describe('search', () => {
  it.each([
    ['a word of the description', '偽サイト'],
    ['two words of it', '暗証番号 誘導'],
    ['one character of it', '偽'],
    ['the exact e-mail, in any case', EMAIL.toUpperCase()],
    ['the exact phone number as written', PHONE],
    ['the phone number without hyphens', '09048261937'],
    ['the phone number in E.164', '+81 90 4826 1937'],
    ['the full name', '鷺沼綴子'],
    ['the family name written apart', '鷺沼'],
    ['a scam number the person listed', SCAM_PHONE],
    ['a URL the person listed', SCAM_URL],
  ])('finds the case by %s', async (_label, q) => {
    expect(await found(q)).toBe(true);
  });

  it.each([
    ['a two-character gram of the e-mail', 'xq'],
    ['a part of the e-mail', 'xq7wz.vk9'],
    ['the e-mail domain', 'qzv.jp'],
    ['a two-character gram of the phone number', '48'],
    ['a fragment of the phone number', '4826'],
    ['the last digits of the phone number', '1937'],
    ['a fragment of a listed scam number', '3917-2864'],
    ['one character of the name', '綴'],
    ['a word that is not in the case', '詐欺'],
  ])('does not find the case by %s', async (_label, q) => {
    expect(await found(q)).toBe(false);
  });
});

describe('rebuilding the tokens (upgrade from clear search text, a new index key)', () => {
  it('finds a case written before keyed search again once the search.reindex job has run', async () => {
    // As migration search_blind_index leaves a case written before it: no tokens, no key.
    await db.$executeRaw`
      UPDATE cases SET search_grams = '{}', search_exact = '{}', search_key = NULL WHERE id = ${caseId}::uuid`;
    expect(await found('偽サイト')).toBe(false);
    expect(await found(EMAIL)).toBe(false);

    expect(await t.app.get(SearchReindex).run()).toBeGreaterThanOrEqual(1);

    expect(await found('偽サイト')).toBe(true);
    expect(await found(EMAIL)).toBe(true);
    expect(await found(PHONE)).toBe(true);
    // Nothing left to rebuild: a second run does nothing.
    expect(await t.app.get(SearchReindex).run()).toBe(0);
  });

  it('rebuilds a case whose tokens are under another index key (or token scheme)', async () => {
    const before = await db.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { searchGrams: true, searchExact: true, searchKey: true },
    });
    // Tokens from another key: none of them matches what this key makes of the same words.
    await db.case.update({
      where: { id: caseId },
      data: {
        searchGrams: before.searchGrams.map((token) => token ^ 0x5a5a5a5a),
        searchExact: before.searchExact.map((token) => token ^ 0x5a5a5a5a),
        searchKey: 'v1:anotherindexkey',
      },
    });
    expect(await found('偽サイト')).toBe(false);
    expect(await t.app.get(SearchReindex).run()).toBe(1);
    expect(
      await db.case.findUniqueOrThrow({
        where: { id: caseId },
        select: { searchGrams: true, searchExact: true, searchKey: true },
      }),
    ).toEqual(before);
    expect(await found('偽サイト')).toBe(true);
  });

  it('keeps a note searchable: adding one rebuilds the tokens from the stored texts', async () => {
    await t.http
      .post(`/api/v1/cases/${caseId}/notes`)
      .set(headers)
      .send({ body: '折り返しの約束あり' })
      .expect(201);
    expect(await found('約束')).toBe(true);
    expect(await found('偽サイト')).toBe(true);
    expect(await found(EMAIL)).toBe(true);
  });
});
