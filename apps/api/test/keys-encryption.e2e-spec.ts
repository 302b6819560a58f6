// Field encryption of the secrets (issue 17 item 1): TOTP secrets are stored encrypted, clear legacy values still
// work and are encrypted by keys.reencrypt, a KEK rotation survives a restart with only the new key, and a wrong
// key or an altered value fails loudly.
import { randomBytes } from 'node:crypto';
import { createDbClient, enrolCodeHash, newEnrolCode, type DbClient } from '@madoguchi/db';
import { Secret } from 'otpauth';
import { DataKeysRepository } from '../src/common/crypto/data-keys.repository';
import { ENCRYPTED_TEXT_COLUMNS } from '../src/common/crypto/encrypted-columns';
import { parseKek } from '../src/common/crypto/key-encryption-key';
import { loadEnv } from '../src/config/env';
import { JobsService } from '../src/modules/jobs/jobs.service';
import { reencryptJob } from '../src/modules/keys/keys.jobs';
import { KeysRepository } from '../src/modules/keys/keys.repository';
import { KeysService } from '../src/modules/keys/keys.service';
import { createStaff, totpCode } from './auth-helpers';
import { createJobsTestApp, eventually } from './jobs-test';
import { createTestApp, TEST_KEK, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

type Staff = Awaited<ReturnType<typeof createStaff>>;

const storedSecret = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true } })).totpSecret;

/**
 * The ids of the users whose TOTP secret is not under the active data key, as keys.reencrypt's look-up hands them
 * out statement by statement (one array per statement, empty when a stretch held none).
 */
async function pendingTotpSecrets(options: { limit: number; stretch?: number }): Promise<string[][]> {
  const column = ENCRYPTED_TEXT_COLUMNS.find((c) => c.table === 'users' && c.column === 'totp_secret')!;
  const activeId = (await storedSecret(
    (await db.user.findFirstOrThrow({ where: { totpSecret: { startsWith: 'enc:v1:' } } })).id,
  ))!.split(':')[2]!;
  const repository = t.app.get(KeysRepository);
  const batches: string[][] = [];
  for (let after: string | null = null; ;) {
    const { rows, last }: Awaited<ReturnType<KeysRepository['pending']>> = await repository.pending({
      column,
      activeId,
      after,
      ...options,
    });
    if (last === null) {
      return batches;
    }
    batches.push(rows.map((row) => row.id));
    after = last;
  }
}

/** Password then TOTP step; each call uses a new 30-second step (a code is good once). */
async function signIn(app: TestApp, user: Staff, secret: string) {
  app.advanceClock(30_000);
  const first = await app.http
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: user.password });
  expect(first.body.mfaRequired).toBe(true);
  return app.http
    .post('/api/v1/auth/login/totp')
    .send({ mfaToken: first.body.mfaToken, code: totpCode(secret, app.now()) });
}

/** Enrols TOTP through the API, as a person does in the web app: returns the base32 secret shown once. */
async function enrolThroughApi(app: TestApp): Promise<{ user: Staff; secret: string }> {
  const user = await createStaff('counselor');
  const enrolCode = newEnrolCode();
  await db.user.update({
    where: { id: user.id },
    data: { enrolCodeHash: enrolCodeHash(enrolCode), enrolCodeExpiresAt: new Date(Date.now() + 3_600_000) },
  });
  const login = await app.http
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: user.password });
  const headers = { authorization: `Bearer ${login.body.accessToken}` };
  const enrol = await app.http
    .post('/api/v1/auth/totp/enrol')
    .set(headers)
    .send({ enrolmentCode: enrolCode })
    .expect(201);
  await app.http
    .post('/api/v1/auth/totp/confirm')
    .set(headers)
    .send({ code: totpCode(enrol.body.secret, app.now()) })
    .expect(201);
  return { user, secret: enrol.body.secret as string };
}

describe('TOTP secrets at rest', () => {
  it('stores the secret enrolled through the API encrypted, and signs in with it', async () => {
    const { user, secret } = await enrolThroughApi(t);
    const stored = await storedSecret(user.id);
    expect(stored).toMatch(/^enc:v1:[0-9a-f-]{36}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(secret);
    expect((await signIn(t, user, secret)).status).toBe(200);
    // A wrong code is still refused.
    t.advanceClock(30_000);
    const first = await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password });
    await t.http
      .post('/api/v1/auth/login/totp')
      .send({ mfaToken: first.body.mfaToken, code: '000000' })
      .expect(401);
  });

  it('an altered ciphertext, or one copied from another account, fails loudly and never signs in', async () => {
    const a = await enrolThroughApi(t);
    const b = await enrolThroughApi(t);
    const stored = (await storedSecret(a.user.id))!;
    const last = stored.lastIndexOf(':');
    const body = Buffer.from(stored.slice(last + 1), 'base64url');
    body[3]! ^= 0x40;
    await db.user.update({
      where: { id: a.user.id },
      data: { totpSecret: `${stored.slice(0, last + 1)}${body.toString('base64url')}` },
    });
    const altered = await signIn(t, a.user, a.secret);
    expect(altered.status).toBe(500);
    expect(altered.body).not.toHaveProperty('accessToken');

    // B's row now holds A's (valid) ciphertext: bound to A's row id, it does not open for B, even with A's code.
    const original = (await storedSecret(b.user.id))!;
    await db.user.update({ where: { id: b.user.id }, data: { totpSecret: stored } });
    const copied = await signIn(t, b.user, a.secret);
    expect(copied.status).toBe(500);
    expect(copied.body).not.toHaveProperty('accessToken');
    await db.user.update({ where: { id: b.user.id }, data: { totpSecret: original } });
    expect((await signIn(t, b.user, b.secret)).status).toBe(200);
    await db.user.update({ where: { id: a.user.id }, data: { totpSecret: stored } });
    expect((await signIn(t, a.user, a.secret)).status).toBe(200);
  });

  it('a clear secret from before encryption still signs in, and keys.reencrypt encrypts it', async () => {
    const secret = new Secret({ size: 20 }).base32;
    const user = await createStaff('counselor', { totpSecret: secret });
    expect(await storedSecret(user.id)).toBe(secret);
    expect((await signIn(t, user, secret)).status).toBe(200);

    const jobs = await createJobsTestApp();
    try {
      await jobs.app.get(JobsService).send(reencryptJob, {});
      const stored = await eventually(async () => {
        const value = await storedSecret(user.id);
        return value?.startsWith('enc:v1:') ? value : undefined;
      });
      expect(stored).not.toContain(secret);
    } finally {
      await jobs.close();
    }
    expect((await signIn(t, user, secret)).status).toBe(200);
  });

  it('reads one bounded stretch of rows per statement, and goes on past stretches with nothing to do', async () => {
    const keys = t.app.get(KeysService);
    await keys.reencryptAll();
    const secret = new Secret({ size: 20 }).base32;
    const clear = await createStaff('counselor', { totpSecret: secret });
    // Two rows a statement: a stretch may hold nothing pending and the walk still goes on.
    const batches = await pendingTotpSecrets({ limit: 2 });
    expect(batches.flat()).toEqual([clear.id]);
    expect(batches).toHaveLength(Math.ceil((await db.user.count()) / 2));
    expect((await keys.reencryptAll({ batchSize: 2 })).encrypted).toBe(1);
    expect(await storedSecret(clear.id)).toMatch(/^enc:v1:/);
  });

  it('a start-up run goes on from the columns a stopped walk left clean; the daily run walks them all', async () => {
    const keys = t.app.get(KeysService);
    await keys.reencryptAll();
    const scope = keys.sweepScope();
    // An earlier start-up walk recorded users.totp_secret clean under this scope, then the process stopped.
    await db.maintenanceSweep.deleteMany({ where: { name: { startsWith: 'keys.reencrypt' } } });
    await db.maintenanceSweep.create({
      data: { name: 'keys.reencrypt:users.totp_secret', scope, completedAt: new Date() },
    });
    const secret = new Secret({ size: 20 }).base32;
    const clear = await createStaff('counselor', { totpSecret: secret });

    // The jobs process's start-up run skips that column, walks the others and records them, then the whole sweep.
    const jobs = await createJobsTestApp();
    try {
      await eventually(async () =>
        (await db.maintenanceSweep.findUnique({ where: { name: 'keys.reencrypt' } })) ? true : undefined,
      );
      expect(await storedSecret(clear.id)).toBe(secret);
      const walked = await db.maintenanceSweep.findMany({
        where: { name: { startsWith: 'keys.reencrypt:' } },
      });
      expect(walked.map((row) => row.name)).toEqual(
        expect.arrayContaining(['keys.reencrypt:users.totp_secret', 'keys.reencrypt:case_events.body']),
      );
      expect(new Set(walked.map((row) => row.scope))).toEqual(new Set([scope]));

      await jobs.app.get(JobsService).send(reencryptJob, {});
      expect(
        await eventually(async () => {
          const value = await storedSecret(clear.id);
          return value?.startsWith('enc:v1:') ? value : undefined;
        }),
      ).not.toContain(secret);
    } finally {
      await jobs.close();
    }
  });

  it('hands out at most `limit` values of a longer stretch, and goes on after the last one handed out', async () => {
    const keys = t.app.get(KeysService);
    await keys.reencryptAll();
    const clear = await Promise.all(
      [0, 1, 2].map(() => createStaff('counselor', { totpSecret: new Secret({ size: 20 }).base32 })),
    );
    const batches = await pendingTotpSecrets({ limit: 2, stretch: 10_000 });
    // The whole table is one stretch: two values, then the third after the second, then the rest of the stretch.
    expect(batches.map((batch) => batch.length)).toEqual([2, 1]);
    expect(batches.flat()).toEqual(clear.map((user) => user.id).sort());
    expect((await keys.reencryptAll({ batchSize: 2, stretch: 10_000 })).encrypted).toBe(3);
  });

  it('looks for a data key’s last use a bounded stretch at a time, through the whole table', async () => {
    const column = ENCRYPTED_TEXT_COLUMNS.find((c) => c.table === 'users' && c.column === 'totp_secret')!;
    const repository = t.app.get(KeysRepository);
    // The last row in id order holds a value under a key no other row uses: found past every stretch of two
    // rows before it (its value is put back after).
    const key = '00000000-0000-4000-8000-00000000abcd';
    const last = await db.user.findFirstOrThrow({
      orderBy: { id: 'desc' },
      select: { id: true, totpSecret: true },
    });
    expect(await db.user.count()).toBeGreaterThan(4);
    expect(await repository.uses(column, key, 2)).toBe(false);
    await db.user.update({ where: { id: last.id }, data: { totpSecret: `enc:v1:${key}:not-a-value` } });
    try {
      expect(await repository.uses(column, key, 2)).toBe(true);
    } finally {
      await db.user.update({ where: { id: last.id }, data: { totpSecret: last.totpSecret } });
    }
    expect(await repository.uses(column, key, 2)).toBe(false);
  });

  it('an interrupted re-encryption leaves every row readable and the next run finishes it', async () => {
    const users = await Promise.all(
      [0, 1, 2].map(async () => {
        const secret = new Secret({ size: 20 }).base32;
        return { secret, user: await createStaff('counselor', { totpSecret: secret }) };
      }),
    );
    const keys = t.app.get(KeysService);
    const repository = t.app.get(KeysRepository);
    const replace = repository.replace.bind(repository);
    let calls = 0;
    const spy = jest.spyOn(repository, 'replace').mockImplementation(async (args) => {
      calls += 1;
      if (calls === 2) {
        throw new Error('the process was stopped');
      }
      return replace(args);
    });
    await expect(keys.reencryptAll({ batchSize: 1 })).rejects.toThrow('the process was stopped');
    spy.mockRestore();
    const clear = (await Promise.all(users.map((u) => storedSecret(u.user.id)))).filter(
      (v) => !v!.startsWith('enc:'),
    );
    expect(clear.length).toBeGreaterThan(0);
    for (const u of users) {
      expect((await signIn(t, u.user, u.secret)).status).toBe(200);
    }
    const resumed = await keys.reencryptAll({ batchSize: 1 });
    expect(resumed.failed).toBe(0);
    for (const u of users) {
      expect(await storedSecret(u.user.id)).toMatch(/^enc:v1:/);
      expect((await signIn(t, u.user, u.secret)).status).toBe(200);
    }
  });
});

describe('key-encryption key', () => {
  it('is required in production, with a message saying what to set', () => {
    const base = {
      DATABASE_URL: 'postgresql://api@localhost:5432/madoguchi',
      NODE_ENV: 'production',
      ACCESS_CODE_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    };
    expect(() => loadEnv(base)).toThrow(/MADOGUCHI_KEK or MADOGUCHI_KEK_FILE: required in production/);
    expect(() => loadEnv({ ...base, MADOGUCHI_KEK: 'c2hvcnQ=' })).toThrow(/base64 of 32 random bytes/);
    expect(() => loadEnv({ ...base, MADOGUCHI_KEK: randomBytes(32).toString('base64') })).not.toThrow();
    expect(() => loadEnv({ ...base, MADOGUCHI_KEK_FILE: '/run/secrets/madoguchi-kek' })).not.toThrow();
  });

  it('refuses to start with a wrong KEK, saying so, and writes nothing', async () => {
    const before = await db.dataKey.findMany({ orderBy: { id: 'asc' } });
    expect(before.length).toBeGreaterThan(0);
    await expect(createTestApp({ MADOGUCHI_KEK: randomBytes(32).toString('base64') })).rejects.toThrow(
      /cannot open this database's data keys[^]*Nothing was written/,
    );
    expect(await db.dataKey.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('rotates: re-wrapped under a new KEK, the app restarts with only the new key and the old one is not needed', async () => {
    const { user, secret } = await enrolThroughApi(t);
    const legacySecret = new Secret({ size: 20 }).base32;
    const legacy = await createStaff('counselor', { totpSecret: legacySecret });
    const oldKek = parseKek(TEST_KEK, 'TEST_KEK');
    const newKekText = randomBytes(32).toString('base64');
    const newKek = parseKek(newKekText, 'new');
    const oldDataKey = (await storedSecret(user.id))!.split(':')[2];

    const rotation = await new DataKeysRepository(db).rewrapAll({ current: oldKek, next: newKek });
    expect(rotation.rewrapped).toBeGreaterThanOrEqual(2);
    expect(rotation.newDataKeyId).not.toBeNull();
    // Running it again (an interrupted rotation resumed) changes nothing more.
    expect(await new DataKeysRepository(db).rewrapAll({ current: oldKek, next: newKek })).toMatchObject({
      rewrapped: 0,
      newDataKeyId: null,
    });
    expect((await db.dataKey.findMany()).every((k) => k.kekId === newKek.id)).toBe(true);

    const restarted = await createTestApp({ MADOGUCHI_KEK: newKekText });
    // The same moment as the first app's clock: a TOTP step already used there stays used.
    restarted.advanceClock(t.now() - restarted.now());
    try {
      expect((await signIn(restarted, user, secret)).status).toBe(200);
      const result = await restarted.app.get(KeysService).reencryptAll();
      expect(result).toMatchObject({ failed: 0 });
      expect(result.moved).toBeGreaterThanOrEqual(1);
      expect(result.retired).toContain(oldDataKey);
      expect((await storedSecret(user.id))!.split(':')[2]).toBe(rotation.newDataKeyId);
      expect((await storedSecret(legacy.id))!.split(':')[2]).toBe(rotation.newDataKeyId);
      expect((await signIn(restarted, user, secret)).status).toBe(200);
      expect((await signIn(restarted, legacy, legacySecret)).status).toBe(200);
    } finally {
      await restarted.close();
    }
    // The old KEK opens nothing any more.
    await expect(createTestApp({ MADOGUCHI_KEK: TEST_KEK })).rejects.toThrow(
      /cannot open this database's data keys/,
    );
  });
});
