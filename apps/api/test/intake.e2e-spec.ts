import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TIntakeInput, TTriageResult } from '@madoguchi/shared';
import { FieldCrypto } from '../src/common/crypto/field-crypto.service';
import { identifierValueKey, openIdentifierLinks } from '../src/common/crypto/identifier-keys';
import { openStoredIntake } from './stored-texts';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000', RATE_LIMIT_STATUS_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const oneClick = {
  channel: 'web',
  description: 'アダルトサイトで動画を再生したら「登録完了」と出て、退会料9万円を請求されました。',
  answers: { paid: false, demandVia: ['web'] },
  person: { age: 34, prefecture: '13' },
  identifiers: { phones: ['０３－１２３４－５６７８'], urls: ['HTTP://Example.COM:80/pay#x'] },
  contact: { preferred: 'none' },
} satisfies TIntakeInput;

const errorBody = {
  code: expect.any(String),
  message: { ja: expect.any(String), en: expect.any(String) },
  details: expect.anything(),
  requestId: expect.any(String),
};

describe('POST /api/v1/intakes', () => {
  it('stores the case with its intake and triage, and answers with receipt, access code and guidance', async () => {
    const res = await t.http.post('/api/v1/intakes').send(oneClick).expect(201);
    expect(res.body.receiptNumber).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(res.body.accessCode).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(res.body.triage.categories[0].code).toBe('fictitious_billing');
    expect(res.body.triage.recommendations.map((r: { windowSlug: string }) => r.windowSlug)).toContain(
      'consumer-188',
    );
    expect(res.body.triage.advice.doNot.length).toBeGreaterThan(0);

    const stored = await db.case.findUniqueOrThrow({
      where: { receiptNumber: res.body.receiptNumber },
      include: { intake: true, triages: true, events: true, identifiers: { include: { identifier: true } } },
    });
    expect(stored).toMatchObject({ status: 'new', channel: 'web', personAge: 34, prefecture: '13' });
    expect(stored.accessCodeHash).toMatch(/^hmac-sha256\$[\w-]+\$[\w-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain(res.body.accessCode);
    // Stored encrypted (issue 17 item 1); the app's keys open it.
    expect(stored.intake?.description).toMatch(/^enc:v1:/);
    expect((await openStoredIntake(t, stored.intake!)).description).toContain('登録完了');
    expect(stored.triages[0]?.ruleSetVersion).toBe(res.body.triage.ruleSetVersion);
    expect(stored.events.map((e) => e.kind)).toEqual(['triage']);
    // NFKC + E.164 for the full-width phone number; canonical URL and its domain (stored encrypted, issue 17).
    expect(stored.identifiers.every((i) => i.identifier.value.startsWith('enc:v1:'))).toBe(true);
    const identifiers = await openIdentifierLinks(t.app.get(FieldCrypto), stored.identifiers);
    expect(identifiers.map((i) => `${i.identifier.kind}:${i.identifier.value}`).sort()).toEqual(
      expect.arrayContaining(['phone:+81312345678', 'url:http://example.com/pay', 'domain:example.com']),
    );
  });

  it('links a scam number to the same identifier across cases, however it was typed', async () => {
    const first = await t.http
      .post('/api/v1/intakes')
      .send({ description: 'SMSが来ました 090-8765-4321 から' })
      .expect(201);
    const second = await t.http
      .post('/api/v1/intakes')
      .send({ description: '電話がありました', identifiers: { phones: ['+81 90 8765 4321'] } })
      .expect(201);
    // Shared by the keyed value of the canonical number (the value itself is stored encrypted).
    const valueKey = identifierValueKey(t.app.get(FieldCrypto), 'phone', '+819087654321');
    const identifier = await db.identifier.findUniqueOrThrow({
      where: { kind_valueKey: { kind: 'phone', valueKey } },
      include: { cases: { include: { case: { select: { receiptNumber: true } } } } },
    });
    expect(identifier.cases.map((c) => c.case.receiptNumber).sort()).toEqual(
      [first.body.receiptNumber, second.body.receiptNumber].sort(),
    );
  });

  it('returns the original reply for a retry with the same Idempotency-Key, and creates one case', async () => {
    const before = await db.case.count();
    const key = 'retry-key-0001-abcdef';
    const replies = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.http.post('/api/v1/intakes').set('Idempotency-Key', key).send(oneClick),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(replies.map((r) => r.body.receiptNumber)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.accessCode)).size).toBe(1);
    const later = await t.http.post('/api/v1/intakes').set('Idempotency-Key', key).send(oneClick).expect(201);
    expect(later.body).toEqual(replies[0]!.body);
    expect(await db.case.count()).toBe(before + 1);

    // The stored reply is sealed: neither the key nor the access code appears in the table.
    const records = await db.$queryRaw<
      { key_hash: string; reply: Buffer }[]
    >`SELECT key_hash, reply FROM idempotency_records`;
    const dump =
      JSON.stringify(records) + records.map((r) => Buffer.from(r.reply).toString('latin1')).join('');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(later.body.accessCode);
  });

  it('refuses an Idempotency-Key reused for a different body, and a malformed key', async () => {
    const key = 'reused-key-0002-abcdef';
    await t.http.post('/api/v1/intakes').set('Idempotency-Key', key).send(oneClick).expect(201);
    const res = await t.http
      .post('/api/v1/intakes')
      .set('Idempotency-Key', key)
      .send({ ...oneClick, description: '別の相談です' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'conflict', details: { reason: 'idempotency_key_reused' } });
    await t.http.post('/api/v1/intakes').set('Idempotency-Key', 'short').send(oneClick).expect(400);
  });
});

describe('rate limit per client IP', () => {
  it('answers 429 with Retry-After once the limit is used up', async () => {
    // Counters are shared through the database: this address has not been used by the other tests.
    const limited = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '3', TRUST_PROXY: 'true' });
    const post = (path: string) => limited.http.post(path).set('x-forwarded-for', '198.51.100.201');
    try {
      for (let i = 0; i < 3; i++) {
        await post('/api/v1/intakes')
          .send({ description: `相談 ${i}` })
          .expect(201);
      }
      const res = await post('/api/v1/intakes').send({ description: '4件目' }).expect(429);
      expect(res.body).toMatchObject({ ...errorBody, code: 'rate_limited' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Other endpoints have their own budgets.
      await limited.http.get('/api/v1/health/live').expect(200);
      await post('/api/v1/triage/preview').send({ description: 'test' }).expect(200);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /api/v1/intakes/status', () => {
  async function submit() {
    const res = await t.http
      .post('/api/v1/intakes')
      .send({ description: 'SNSで知らない人から脅されています' });
    const { receiptNumber, accessCode } = res.body as { receiptNumber: string; accessCode: string };
    return { receiptNumber, accessCode };
  }

  it('shows status, last update and only the public messages', async () => {
    const { receiptNumber, accessCode } = await submit();
    const caseRow = await db.case.findUniqueOrThrow({ where: { receiptNumber } });
    await db.caseEvent.create({
      data: { caseId: caseRow.id, kind: 'note', data: { body: '内部メモ: 要注意' } },
    });
    await db.caseEvent.create({
      data: {
        caseId: caseRow.id,
        kind: 'public_message',
        public: true,
        data: { body: '明日お電話します。' },
      },
    });
    // Typed back the way people do: lower case, full-width, without the hyphen.
    const typed = accessCode.toLowerCase().replace('-', '');
    const res = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: receiptNumber.toLowerCase(), accessCode: typed })
      .expect(200);
    expect(res.body).toMatchObject({ receiptNumber, status: 'new', statusLabel: { ja: expect.any(String) } });
    expect(res.body.messages).toEqual([{ at: expect.any(String), body: '明日お電話します。' }]);
    expect(JSON.stringify(res.body)).not.toContain('内部メモ');
    expect(new Date(res.body.lastUpdatedAt).getTime()).toBeGreaterThan(caseRow.createdAt.getTime());
  });

  it('answers an unknown receipt exactly like a wrong code', async () => {
    const { receiptNumber } = await submit();
    const wrong = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber, accessCode: 'AAAAA-AAAAA' })
      .expect(404);
    const unknown = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: 'ZZZZ-ZZZZ', accessCode: 'AAAAA-AAAAA' })
      .expect(404);
    expect(unknown.body.message).toEqual(wrong.body.message);
  });

  it('backs off wrong codes per receipt and address with the ordinary reply; the receipt itself is never locked', async () => {
    const target = await submit();
    const other = await submit();
    const wrong = await t.http
      .post('/api/v1/intakes/status')
      .send({ receiptNumber: target.receiptNumber, accessCode: 'WRONG-CODE2' })
      .expect(404);
    for (let i = 0; i < 4; i++) {
      await t.http
        .post('/api/v1/intakes/status')
        .send({ receiptNumber: target.receiptNumber, accessCode: 'WRONG-CODE2' })
        .expect(404);
    }
    // During the back-off the right code from this address gets the same answer as a wrong one: no 429,
    // nothing that says the receipt exists.
    const right = await t.http.post('/api/v1/intakes/status').send(target).expect(404);
    expect({ ...right.body, requestId: null }).toEqual({ ...wrong.body, requestId: null });
    await t.http.post('/api/v1/intakes/status').send(other).expect(200);
    // The wait ends by itself.
    t.advanceClock(10_000);
    await t.http.post('/api/v1/intakes/status').send(target).expect(200);
  });
});

describe('POST /api/v1/triage/preview', () => {
  it('runs the same triage on a draft and stores nothing', async () => {
    const before = await db.case.count();
    const res = await t.http
      .post('/api/v1/triage/preview')
      .send({
        description: 'いま家の前にいると脅されている',
        answers: { threatened: true, inDangerNow: true },
      })
      .expect(200);
    expect(res.body.urgency).toBe('emergency');
    expect(res.body.recommendations[0].windowSlug).toBe('police-110');
    const draft = await t.http.post('/api/v1/triage/preview').send({ description: '' }).expect(200);
    expect(draft.body.recommendations.length).toBeGreaterThan(0);
    expect(await db.case.count()).toBe(before);
  });

  it('reads free text: danger, English, hiragana, and tells why', async () => {
    const preview = async (description: string) =>
      (await t.http.post('/api/v1/triage/preview').send({ description }).expect(200)).body as TTriageResult;
    const slugsOf = (result: TTriageResult) => result.recommendations.map((r) => r.windowSlug);

    const danger = await preview('元彼が今マンションの下にいるって…今ひとりです');
    expect(danger.urgency).toBe('emergency');
    expect(slugsOf(danger)[0]).toBe('police-110');
    expect(danger.signals).toContainEqual({
      code: 'danger_now',
      source: 'text',
      phrase: 'マンションの下にいる',
    });

    const court = await preview(
      'I received a small claims lawsuit from the Summary Court. Can I just ignore it?',
    );
    expect(court.categories[0]?.code).toBe('court_notice');
    expect(slugsOf(court)).toEqual(expect.arrayContaining(['court', 'houterasu']));
    expect(court.safetyAlerts.map((a) => a.code)).toContain('court-papers');

    const child = await preview('とうろく かんりょう って でて 5まんえん はらって って かいてある');
    expect(child.categories[0]?.code).toBe('fictitious_billing');
    expect(child.categories[0]?.because).toContain('「とうろく かんりょう」');
    expect(slugsOf(child)).toContain('consumer-188');
  });

  it('stores the safety flags with the case for the queue', async () => {
    const res = await t.http
      .post('/api/v1/intakes')
      .send({ description: 'SNSでいじめられて、もう死にたい' })
      .expect(201);
    const stored = await db.case.findUniqueOrThrow({ where: { receiptNumber: res.body.receiptNumber } });
    expect(stored.safetyFlags).toEqual(['self_harm']);
    expect(stored.urgency).toBe('emergency');
  });
});

describe('broken text (a lone UTF-16 surrogate) is refused with a field error, never a 500', () => {
  it('answers 400 naming the field for an intake, a status look-up and a preview, and stores nothing', async () => {
    const before = await db.case.count();
    for (const [path, body] of [
      ['/api/v1/intakes', '{"description":"助けて\\ud800ください"}'],
      ['/api/v1/intakes', '{"description":"ok","contact":{"preferred":"none","name":"\\udc00"}}'],
      ['/api/v1/triage/preview', '{"description":"\\ud83d"}'],
    ] as const) {
      const res = await t.http.post(path).set('content-type', 'application/json').send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.details.fields[0].code).toBe('invalid_characters');
      expect(res.body.details.fields[0].message.ja).toContain('文字化け');
      expect(res.body.requestId).toEqual(expect.any(String));
    }
    const res = await t.http
      .post('/api/v1/intakes')
      .set('content-type', 'application/json')
      .send('{"description":"ok","contact":{"preferred":"none","name":"\\udc00"}}');
    expect(res.body.details.fields.map((f: { path: string }) => f.path)).toEqual(['contact.name']);
    // A well-formed pair (an emoji) is fine.
    await t.http
      .post('/api/v1/intakes')
      .set('content-type', 'application/json')
      .send('{"description":"\\ud83d\\ude22"}')
      .expect(201);
    expect(await db.case.count()).toBe(before + 1);
  });
});

describe('bad input never causes a 5xx and never a stack trace', () => {
  const cases: { name: string; body: string; type?: string; expected: number }[] = [
    { name: 'invalid JSON', body: '{"description": "x",', expected: 400 },
    { name: 'empty body', body: '', expected: 400 },
    { name: 'JSON null', body: 'null', expected: 400 },
    { name: 'JSON array', body: '[1,2,3]', expected: 400 },
    { name: 'a bare string', body: '"相談"', expected: 400 },
    { name: 'missing description', body: '{}', expected: 400 },
    { name: 'description of the wrong type', body: '{"description": 42}', expected: 400 },
    { name: 'description too long', body: JSON.stringify({ description: 'あ'.repeat(5001) }), expected: 400 },
    { name: 'body over 64 KB', body: JSON.stringify({ description: 'x'.repeat(70_000) }), expected: 413 },
    { name: 'unknown top-level field', body: '{"description":"x","admin":true}', expected: 400 },
    { name: 'unknown nested field', body: '{"description":"x","answers":{"hacked":1}}', expected: 400 },
    {
      name: 'control characters',
      body: JSON.stringify({ description: 'abc\u0000def\u001b' }),
      expected: 400,
    },
    { name: 'age out of range', body: '{"description":"x","person":{"age":300}}', expected: 400 },
    { name: 'age not an integer', body: '{"description":"x","person":{"age":12.5}}', expected: 400 },
    {
      name: 'prefecture not a JIS code',
      body: '{"description":"x","person":{"prefecture":"48"}}',
      expected: 400,
    },
    { name: 'unknown category', body: '{"description":"x","category":"aliens"}', expected: 400 },
    { name: 'unknown channel', body: '{"description":"x","channel":"fax"}', expected: 400 },
    { name: 'negative amount', body: '{"description":"x","answers":{"amountPaidYen":-5}}', expected: 400 },
    {
      name: 'demandVia not a list',
      body: '{"description":"x","answers":{"demandVia":"sms"}}',
      expected: 400,
    },
    {
      name: 'too many identifiers',
      body: JSON.stringify({ description: 'x', identifiers: { phones: Array(21).fill('0312345678') } }),
      expected: 400,
    },
    {
      name: 'phone contact without a number',
      body: '{"description":"x","contact":{"preferred":"phone"}}',
      expected: 400,
    },
    { name: 'prototype pollution', body: '{"description":"x","__proto__":{"admin":true}}', expected: 400 },
    {
      name: 'constructor pollution',
      body: '{"description":"x","constructor":{"prototype":{"a":1}}}',
      expected: 400,
    },
    {
      name: 'deeply nested junk',
      body: JSON.stringify({ description: 'x', answers: JSON.parse('['.repeat(200) + ']'.repeat(200)) }),
      expected: 400,
    },
    {
      name: 'form encoding',
      body: 'description=x',
      type: 'application/x-www-form-urlencoded',
      expected: 415,
    },
    { name: 'plain text', body: 'hello', type: 'text/plain', expected: 415 },
  ];

  it.each(cases)('$name → $expected with the common error body', async ({ body, type, expected }) => {
    const res = await t.http
      .post('/api/v1/intakes')
      .set('Content-Type', type ?? 'application/json')
      .send(body);
    expect(res.status).toBe(expected);
    expect(res.body).toEqual(errorBody);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  });

  it('tells malformed JSON, oversize bodies and wrong content types apart by code', async () => {
    const json = await t.http.post('/api/v1/intakes').set('Content-Type', 'application/json').send('{"a":');
    expect(json.body.code).toBe('invalid_json');
    const big = await t.http.post('/api/v1/intakes').send({ description: 'x'.repeat(70_000) });
    expect(big.body.code).toBe('payload_too_large');
    const text = await t.http.post('/api/v1/intakes').set('Content-Type', 'text/plain').send('hi');
    expect(text.body.code).toBe('unsupported_media_type');
  });

  it('names each bad field with Japanese and English messages', async () => {
    const res = await t.http
      .post('/api/v1/intakes')
      .send({ description: '', person: { age: 'ten' }, extra: 1 })
      .expect(400);
    const fields = res.body.details.fields as { path: string; message: { ja: string; en: string } }[];
    expect(fields.map((f) => f.path).sort()).toEqual(['description', 'extra', 'person.age']);
    for (const field of fields) {
      expect(field.message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(field.message.en).toMatch(/[a-z]/);
    }
  });

  it('rejects bad status and preview bodies the same way', async () => {
    await t.http.post('/api/v1/intakes/status').send({ receiptNumber: 'x' }).expect(400);
    await t.http.post('/api/v1/intakes/status').send({ receiptNumber: 1, accessCode: [] }).expect(400);
    await t.http.post('/api/v1/triage/preview').send({ description: 'x', surprise: true }).expect(400);
  });
});
