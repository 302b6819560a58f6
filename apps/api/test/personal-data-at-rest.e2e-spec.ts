// Issue 17's first "Done when": a person's known values, and what counselors write about them, submitted through the
// API, then every text, json and bytea column of every table of the database read straight with SQL. None of the
// values appears in clear anywhere, nor any two-character gram of a contact detail in a row the test wrote.
//
// What the grams are checked in: every string of every row that is new or changed since the test began (rows of the
// directory and other reference data may hold any two letters by chance), with the strings machines made taken out
// first (ciphertexts, UUIDs, timestamps, hashes, random tokens, receipt and referral numbers): what remains is what
// people wrote or picked. The phone number's grams are two digits, which no check can tell from a count, a date or
// an address; it is checked whole, as digits, in E.164, and by each of its digit groups instead. A gram index of it
// in clear would hold the e-mail's and the name's grams too, which are checked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type {
  TContactLogInput,
  TCreateReferral,
  TIntakeInput,
  TIntakeStatusRequest,
  TPersonReply,
} from '@madoguchi/shared';
import { staffHeaders, type StaffSession } from './auth-helpers';
import { refusedCorrection, writeSummary } from './case-text-writes';
import { staffUpload } from './evidence-cases';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(60_000);

// Every value carries the marker ミズバショウ / mzbsq, so any copy of it is easy to tell from other data.
const CONTACT = {
  name: '鷺沼 綴子',
  email: 'Xq7wz.Vk9@wqkzv.qz',
  phone: '090-4826-1937',
} as const;
const PERSON = {
  description: '宅配業者を名乗るSMSから偽サイトに誘導され、暗証番号を入力しました。ミズバショウ一号',
  scamPhone: '050-3917-2864',
  scamUrl: 'https://mzbsq-parcel.example.net/trk',
  scamEmail: 'billing@mzbsq-pay.example.net',
  scamAccount: 'ミズバショウ銀行 普通 7319046',
  scamName: '株式会社ミズバショウ回収',
  reply: 'ミズバショウ二号です。平日の夕方なら電話に出られます。',
  requestText: 'ミズバショウ三号:住所の番地が違っています。',
  fileName: 'ミズバショウ四号_鷺沼綴子_請求書.txt',
} as const;
const COUNSELOR = {
  note: '内部メモ:ミズバショウ五号、家族には知らせていない',
  summary: 'ミズバショウ六号:偽の宅配SMSからカード番号を入力。',
  callSummary: 'ミズバショウ七号:本人から電話で経緯を聞き取り',
  message: 'ミズバショウ八号さん、SMSの画面を残しておいてください。',
  identifier: 'https://mzbsq-second.example.net/login',
  referralReason: 'ミズバショウ九号:消費生活センターで返金の相談',
  referralNote: 'ミズバショウ十号:188に電話でつないだ',
  outcomeNote: 'ミズバショウ十一号:カード会社が補償',
  linkNote: 'ミズバショウ十二号:同じ業者',
  reviewComment: 'ミズバショウ十三号:紹介先の検討を記録に',
  refusal: 'ミズバショウ十四号:本人確認ができませんでした',
} as const;

let t: TestApp;
let db: DbClient;
let counselor: StaffSession;
let supervisor: StaffSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-at-rest-'));
  t = await createTestApp({
    EVIDENCE_DIR: dir,
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  counselor = await staffHeaders(t, 'counselor');
  supervisor = await staffHeaders(t, 'supervisor');
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

type StoredColumn = { table: string; column: string; type: string };

/** A connection of its own for a scan (bytea read as bytes), closed before the test's database is dropped. */
async function withPg<T>(scan: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  try {
    return await scan(pg);
  } finally {
    await pg.end();
  }
}

/** Every column of every table of the public schema that can hold text: text, varchar, char, json(b), bytea, arrays. */
async function textColumns(pg: Client): Promise<StoredColumn[]> {
  const { rows } = await pg.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT c.table_name, c.column_name, c.udt_name
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
      WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
        AND c.udt_name IN ('text', 'varchar', 'bpchar', 'json', 'jsonb', 'bytea',
                           '_text', '_varchar', '_bpchar', '_json', '_jsonb', '_bytea')
      ORDER BY c.table_name, c.ordinal_position`,
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.udt_name }));
}

type StoredRow = { table: string; key: string; values: Map<string, string> };

/** Every row of every table with text columns: each column as text (bytea as its bytes read as UTF-8). */
async function readEveryRow(pg: Client, columns: readonly StoredColumn[]): Promise<StoredRow[]> {
  const tables = [...new Set(columns.map((c) => c.table))];
  const out: StoredRow[] = [];
  for (const table of tables) {
    const own = columns.filter((c) => c.table === table);
    const select = own
      .map((c) => (c.type === 'bytea' ? `"${c.column}"` : `"${c.column}"::text`) + ` AS "${c.column}"`)
      .join(', ');
    // The whole row's text identifies it: a row that changed reads differently.
    const { rows } = await pg.query<Record<string, string | Buffer | null>>(
      `SELECT md5(t::text) AS "__key", ${select} FROM "${table}" t`,
    );
    for (const row of rows) {
      const values = new Map<string, string>();
      for (const c of own) {
        const value = row[c.column];
        if (value !== null && value !== undefined) {
          values.set(c.column, Buffer.isBuffer(value) ? value.toString('utf8') : value);
        }
      }
      out.push({ table, key: String(row.__key), values });
    }
  }
  return out;
}

// Strings machines made, taken out before looking for a value's parts: ciphertexts, keyed values (identifiers'
// `v1.<key tag>:<HMAC>`, the search key), keyed and password hashes, UUIDs and hex digests (any characters may occur
// in them by chance), then, before looking for grams, timestamps, random tokens (8+ characters of base64: longer
// than any part of the e-mail between its dots and @, so a copy of it would still show) and receipt and referral
// numbers too.
const RANDOM = [
  /enc:v\d+:[A-Za-z0-9:_+/=-]+/g,
  /\bv\d+[.:][A-Za-z0-9_-]+(?::[A-Za-z0-9_-]+)?/g,
  /hmac-sha256\$[^\s"',}]+/g,
  /\$argon2[^\s"',}]+/g,
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  /\b[0-9a-f]{16,}\b/gi,
];
const MACHINE_MADE = [
  ...RANDOM,
  /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)?/g,
  /[A-Za-z0-9_+/=-]{8,}/g,
  /\b[A-Z]{1,2}-\d{4}-[0-9A-Z]{4,8}\b/g,
];

function without(patterns: readonly RegExp[], value: string): string {
  return patterns.reduce((text, pattern) => text.replace(pattern, ' '), value);
}

/** Every two-character gram of a value, whitespace left out, as typed and lower-cased. */
function grams(value: string): string[] {
  const out = new Set<string>();
  for (const form of [value, value.toLowerCase()]) {
    const chars = Array.from(form);
    for (let i = 0; i + 1 < chars.length; i++) {
      const gram = chars[i]! + chars[i + 1]!;
      if (!/\s/.test(gram)) {
        out.add(gram);
      }
    }
  }
  return [...out];
}

/** The whole forms a value could be stored in: as typed, lower-cased, NFKC, and a phone number's digits. */
function forms(value: string): string[] {
  const out = new Set([value, value.toLowerCase(), value.normalize('NFKC'), value.replace(/\s+/g, '')]);
  if (/^[\d-]+$/.test(value)) {
    const digits = value.replace(/-/g, '');
    out.add(digits);
    out.add(`81${digits.slice(1)}`);
  }
  return [...out];
}

/** A phone number's digit groups of four or more: looked for where machines' random strings are taken out. */
function digitGroups(value: string): string[] {
  return /^[\d-]+$/.test(value) ? value.split('-').filter((group) => group.length >= 4) : [];
}

describe('the whole database at rest', () => {
  it('holds none of a person’s values, nor what counselors wrote, nor a gram of a contact detail, in clear', async () => {
    const columns = await withPg(textColumns);
    const before = new Set(
      (await withPg((pg) => readEveryRow(pg, columns))).map((row) => `${row.table}:${row.key}`),
    );

    // The person: an intake with contact details and identifiers, a reply and a correction request.
    const submitted = await t.http
      .post('/api/v1/intakes')
      .send({
        channel: 'web',
        description: PERSON.description,
        answers: { paid: true, amountPaidYen: 48_213 },
        person: { age: 41, prefecture: '27' },
        identifiers: {
          phones: [PERSON.scamPhone],
          urls: [PERSON.scamUrl],
          emails: [PERSON.scamEmail],
          bankAccounts: [PERSON.scamAccount],
          names: [PERSON.scamName],
        },
        contact: { preferred: 'email', ...CONTACT },
      } satisfies TIntakeInput)
      .expect(201);
    const { receiptNumber, accessCode } = submitted.body as TIntakeStatusRequest;
    const pair = { receiptNumber, accessCode };
    const { id } = await db.case.findUniqueOrThrow({ where: { receiptNumber }, select: { id: true } });
    const other = await t.http
      .post('/api/v1/intakes')
      .send({ channel: 'web', description: '同じ業者から請求のSMSが届きました。' } satisfies TIntakeInput)
      .expect(201);
    const otherId = (
      await db.case.findUniqueOrThrow({
        where: { receiptNumber: other.body.receiptNumber },
        select: { id: true },
      })
    ).id;

    // The counselors: a note, a call, a message, a summary, an identifier, a referral through its life, a link to
    // another case, a supervisor's review, a refused request, a file.
    const as = counselor.headers;
    await t.http.post(`/api/v1/cases/${id}/notes`).set(as).send({ body: COUNSELOR.note }).expect(201);
    await t.http
      .post(`/api/v1/cases/${id}/contacts`)
      .set(as)
      .send({
        direction: 'in',
        channel: 'phone',
        occurredAt: new Date(t.now() - 60_000).toISOString(),
        durationMinutes: 7,
        summary: COUNSELOR.callSummary,
      } satisfies TContactLogInput)
      .expect(201);
    await t.http.post(`/api/v1/cases/${id}/messages`).set(as).send({ body: COUNSELOR.message }).expect(201);
    await t.http
      .post('/api/v1/intakes/status/replies')
      .send({ ...pair, body: PERSON.reply } satisfies TPersonReply)
      .expect(201);
    await writeSummary(t, counselor, id, COUNSELOR.summary);
    await t.http
      .post(`/api/v1/cases/${id}/identifiers`)
      .set(as)
      .send({ kind: 'url', value: COUNSELOR.identifier })
      .expect(201);
    const referral = (
      await t.http
        .post(`/api/v1/cases/${id}/referrals`)
        .set(as)
        .send({
          windowSlug: 'consumer-188',
          reason: COUNSELOR.referralReason,
          method: 'warm_transfer',
          consent: { givenBy: 'client', fields: ['summary', 'categories', 'age'] },
        } satisfies TCreateReferral)
        .expect(201)
    ).body as { id: string };
    const sent = await t.http
      .post(`/api/v1/referrals/${referral.id}/status`)
      .set(as)
      .send({ to: 'sent', note: COUNSELOR.referralNote, version: 1 })
      .expect(200);
    await t.http
      .patch(`/api/v1/referrals/${referral.id}`)
      .set(as)
      .send({ outcomeNote: COUNSELOR.outcomeNote, version: sent.body.version })
      .expect(200);
    await t.http
      .post(`/api/v1/cases/${id}/links`)
      .set(as)
      .send({ linkedCaseId: otherId, note: COUNSELOR.linkNote })
      .expect(201);
    await t.http
      .post(`/api/v1/supervision/reviews/${id}`)
      .set(supervisor.headers)
      .send({ verdict: 'concern', comment: COUNSELOR.reviewComment })
      .expect(201);
    await refusedCorrection(t, counselor, {
      caseId: id,
      pair,
      text: PERSON.requestText,
      reason: COUNSELOR.refusal,
    });
    await staffUpload(t, counselor, id, Buffer.from(`${PERSON.scamAccount}\n`), PERSON.fileName).expect(201);

    const rows = await withPg((pg) => readEveryRow(pg, columns));
    const values = { ...CONTACT, ...PERSON, ...COUNSELOR };

    // 1. No value, in any form, in any column of any row.
    const found: string[] = [];
    for (const row of rows) {
      for (const [column, stored] of row.values) {
        const clear = without(RANDOM, stored);
        const words = without(MACHINE_MADE, stored);
        for (const [name, value] of Object.entries(values)) {
          if (
            forms(value).some((form) => clear.includes(form)) ||
            digitGroups(value).some((group) => words.includes(group))
          ) {
            found.push(`${row.table}.${column}: ${name}`);
          }
        }
      }
    }
    expect([...new Set(found)]).toEqual([]);

    // 2. No two-character gram of the e-mail or the name in the rows this test wrote or changed.
    const written = rows.filter((row) => !before.has(`${row.table}:${row.key}`));
    expect(written.map((row) => row.table)).toEqual(
      expect.arrayContaining([
        'cases',
        'intakes',
        'case_events',
        'identifiers',
        'referrals',
        'evidence_files',
      ]),
    );
    const contactGrams = [...grams(CONTACT.email), ...grams(CONTACT.name)].filter(
      (gram) => !/^\d+$/.test(gram),
    );
    const gramsFound: string[] = [];
    for (const row of written) {
      for (const [column, stored] of row.values) {
        const words = without(MACHINE_MADE, stored);
        for (const gram of contactGrams) {
          if (words.includes(gram)) {
            gramsFound.push(`${row.table}.${column}: ${gram}`);
          }
        }
      }
    }
    expect([...new Set(gramsFound)]).toEqual([]);

    // And the values are all still there for the counselor: the case page opens them.
    const page = JSON.stringify((await t.http.get(`/api/v1/cases/${id}`).set(as).expect(200)).body);
    for (const value of [PERSON.description, CONTACT.email, COUNSELOR.summary, COUNSELOR.identifier]) {
      expect(page).toContain(value);
    }
  });
});
