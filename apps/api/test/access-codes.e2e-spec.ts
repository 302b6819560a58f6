import { createHmac, randomBytes } from 'node:crypto';
import { createDbClient, type DbClient } from '@madoguchi/db';
import type { TIntakeInput } from '@madoguchi/shared';
import { hash } from '@node-rs/argon2';
import { loadEnv } from '../src/config/env';
import { createStaff } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

const current = { kid: 'k2', key: randomBytes(32) };
const previous = { kid: 'k1', key: randomBytes(32) };
const keysEnv = [current, previous].map((k) => `${k.kid}:${k.key.toString('base64')}`).join(',');

let t: TestApp;
let db: DbClient;
beforeAll(async () => {
  t = await createTestApp({
    ACCESS_CODE_KEYS: keysEnv,
    RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    RATE_LIMIT_STATUS_PER_MINUTE: '1000',
  });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const body = { channel: 'web', description: '副業の情報商材を買ったが連絡が取れない' } satisfies TIntakeInput;

async function submit(): Promise<{ receiptNumber: string; accessCode: string }> {
  const res = await t.http.post('/api/v1/intakes').send(body).expect(201);
  return res.body;
}

const storedHash = async (receiptNumber: string) =>
  (await db.case.findUniqueOrThrow({ where: { receiptNumber } })).accessCodeHash;
const setHash = (receiptNumber: string, accessCodeHash: string) =>
  db.case.update({ where: { receiptNumber }, data: { accessCodeHash } });
const lookUp = (receiptNumber: string, accessCode: string) =>
  t.http.post('/api/v1/intakes/status').send({ receiptNumber, accessCode });
const hmac = (key: Buffer, code: string) => createHmac('sha256', key).update(code).digest('base64url');

describe('access codes as a keyed hash', () => {
  it("stores a new case's code as HMAC-SHA-256 under the current key id", async () => {
    const { receiptNumber, accessCode } = await submit();
    expect(await storedHash(receiptNumber)).toBe(`hmac-sha256$k2$${hmac(current.key, accessCode)}`);
    await lookUp(receiptNumber, accessCode).expect(200);
  });

  it('lets a person with an old argon2id row in, and converts the row to HMAC; a wrong code changes nothing', async () => {
    const { receiptNumber, accessCode } = await submit();
    // A row as the API wrote it before keyed hashes (cheap argon2 parameters: the format is what matters).
    const argon = await hash(accessCode, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    await setHash(receiptNumber, argon);
    await lookUp(receiptNumber, 'WRONG-CODE0').expect(404);
    expect(await storedHash(receiptNumber)).toBe(argon);
    const res = await lookUp(receiptNumber, accessCode.toLowerCase()).expect(200);
    expect(res.body.receiptNumber).toBe(receiptNumber);
    expect(await storedHash(receiptNumber)).toBe(`hmac-sha256$k2$${hmac(current.key, accessCode)}`);
    // And the converted row keeps working.
    await lookUp(receiptNumber, accessCode).expect(200);
  });

  it('accepts a code hashed with a previous key and moves it to the current key', async () => {
    const { receiptNumber, accessCode } = await submit();
    await setHash(receiptNumber, `hmac-sha256$k1$${hmac(previous.key, accessCode)}`);
    await lookUp(receiptNumber, accessCode).expect(200);
    expect(await storedHash(receiptNumber)).toBe(`hmac-sha256$k2$${hmac(current.key, accessCode)}`);
  });

  it('answers an unknown key id with the ordinary wrong-code reply, never a 500', async () => {
    const { receiptNumber, accessCode } = await submit();
    const orphan = `hmac-sha256$retired$${hmac(randomBytes(32), accessCode)}`;
    await setHash(receiptNumber, orphan);
    const res = await lookUp(receiptNumber, accessCode).expect(404);
    expect(res.body.code).toBe('not_found');
    expect(res.body.message.ja).toContain('受付番号またはアクセスコード');
    expect(await storedHash(receiptNumber)).toBe(orphan);
  });
});

describe('the boot', () => {
  const base = { DATABASE_URL: 'postgresql://api@localhost:5432/madoguchi' };

  it('refuses to start in production without ACCESS_CODE_KEYS, saying what to set', () => {
    expect(() => loadEnv({ ...base, NODE_ENV: 'production' })).toThrow(
      /ACCESS_CODE_KEYS: required in production/,
    );
    // (Production also needs the encrypted fields' key; keys-encryption.e2e-spec tests that one.)
    const kek = randomBytes(32).toString('base64');
    expect(() =>
      loadEnv({ ...base, NODE_ENV: 'production', ACCESS_CODE_KEYS: keysEnv, MADOGUCHI_KEK: kek }),
    ).not.toThrow();
  });

  it('refuses a malformed or short key and a key id named twice', () => {
    expect(() => loadEnv({ ...base, ACCESS_CODE_KEYS: 'k1' })).toThrow(/kid:base64key/);
    expect(() => loadEnv({ ...base, ACCESS_CODE_KEYS: `k1:${randomBytes(8).toString('base64')}` })).toThrow(
      /at least 32 bytes/,
    );
    const k = randomBytes(32).toString('base64');
    expect(() => loadEnv({ ...base, ACCESS_CODE_KEYS: `k1:${k},k1:${k}` })).toThrow(/twice/);
  });
});

describe('a login flood', () => {
  let flood: TestApp;
  beforeAll(async () => {
    flood = await createTestApp({
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE_LENGTH: '1',
      PASSWORD_HASH_MAX_WAIT_MS: '2000',
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    });
  });
  afterAll(() => flood.close());

  it('sheds logins beyond the hashing limit with 503 + Retry-After and leaves intakes fast', async () => {
    const staff = await createStaff('counselor');
    // supertest sends on then(): start the whole flood before the intake.
    const logins = Array.from({ length: 12 }, () =>
      flood.http
        .post('/api/v1/auth/login')
        .send({ email: staff.email, password: 'not the password at all' })
        .then((res) => res),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const begin = Date.now();
    await flood.http.post('/api/v1/intakes').send(body).expect(201);
    const intakeMs = Date.now() - begin;
    const replies = await Promise.all(logins);
    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const shed = replies.filter((r) => r.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    expect(shed.every((r) => r.headers['retry-after'] && r.body.details.reason === 'overloaded')).toBe(true);
    expect(intakeMs).toBeLessThan(1_000);
  }, 30_000);
});

describe('a sign-in flood beyond the gate (SIGN_IN_ATTEMPTS_PER_SECOND, SIGN_IN_BURST)', () => {
  let gated: TestApp;
  beforeAll(async () => {
    gated = await createTestApp({
      SIGN_IN_ATTEMPTS_PER_SECOND: '2',
      SIGN_IN_BURST: '3',
      PASSWORD_HASH_QUEUE_LENGTH: '50',
      PASSWORD_HASH_MAX_WAIT_MS: '30000',
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000',
    });
  });
  afterAll(() => gated.close());

  const refusedSignIns = async (userId: string) => {
    const rows = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM audit_log WHERE action = 'auth.login_failed' AND entity_id = ${userId}`;
    return Number(rows[0]!.n);
  };

  it('answers attempts beyond the burst with 503 + Retry-After before any database work, and lets sign-ins through again at the rate', async () => {
    const staff = await createStaff('counselor');
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        gated.http
          .post('/api/v1/auth/login')
          .send({ email: staff.email, password: 'not the password at all' })
          .then((res) => res),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 503, 503, 503, 503, 503, 503, 503]);
    for (const shed of replies.filter((r) => r.status === 503)) {
      expect(shed.headers['retry-after']).toBe('5');
      expect(shed.headers['cache-control']).toBe('no-store');
      expect(shed.body).toEqual({
        code: 'unavailable',
        message: { ja: expect.stringContaining('混み合って'), en: expect.stringContaining('busy') },
        details: { reason: 'overloaded', retryable: true, retryAfterSeconds: 5 },
        requestId: shed.headers['x-request-id'],
      });
    }
    // Only the three let through were looked at: the seven shed left no trace in the database.
    expect(await refusedSignIns(staff.id)).toBe(3);

    // Intakes do not draw from the sign-in allowance.
    await gated.http.post('/api/v1/intakes').send(body).expect(201);

    // At 2 a second a token is back within half a second: the right password signs in.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const ok = await gated.http
      .post('/api/v1/auth/login')
      .send({ email: staff.email, password: staff.password });
    expect(ok.status).toBe(200);
  }, 60_000);
});
