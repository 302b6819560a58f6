import { hash as argon2Hash } from '@node-rs/argon2';
import {
  createDbClient,
  enrolCodeHash,
  newEnrolCode,
  passwordNeedsRehash,
  type DbClient,
} from '@madoguchi/db';
import { createStaff, staffHeaders, totpCode, type StaffSession } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

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

const login = (email: string, password: string) =>
  t.http.post('/api/v1/auth/login').send({ email, password });

/** What an admin hands over with a new account: a one-time enrolment code (issued here in the database). */
async function issueEnrolCode(userId: string): Promise<string> {
  const code = newEnrolCode();
  await db.user.update({
    where: { id: userId },
    data: { enrolCodeHash: enrolCodeHash(code), enrolCodeExpiresAt: new Date(Date.now() + 3_600_000) },
  });
  return code;
}
const me = (headers: { authorization: string }) => t.http.get('/api/v1/auth/me').set(headers);

describe('sign-in', () => {
  it('signs a counselor in with e-mail and password, and the token works', async () => {
    const user = await createStaff('counselor');
    const res = await login(user.email.toUpperCase(), user.password).expect(200);
    expect(res.body).toMatchObject({
      mfaRequired: false,
      user: { email: user.email, role: 'counselor' },
      // Two-factor is required for every role by default; this counselor has not enrolled yet.
      mfaEnrolmentRequired: true,
      passwordChangeRequired: false,
    });
    await me({ authorization: `Bearer ${res.body.accessToken}` }).expect(200);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    // The database holds only hashes of the tokens.
    const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.accessTokenHash).not.toBe(res.body.accessToken);
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const user = await createStaff('counselor');
    const wrong = await login(user.email, 'not the password at all').expect(401);
    const unknown = await login('nobody@desk.example.jp', 'not the password at all').expect(401);
    expect(unknown.body.message).toEqual(wrong.body.message);
  });

  it('rejects bad login bodies with field messages', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'x', extra: 1 }).expect(400);
    expect(res.body.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'email',
      'extra',
      'password',
    ]);
  });
});

describe('sessions end within a minute (here: at once)', () => {
  let s: StaffSession;
  beforeEach(async () => {
    s = await staffHeaders(t, 'counselor');
  });

  it('logout revokes the session', async () => {
    await t.http.post('/api/v1/auth/logout').set(s.headers).expect(204);
    await me(s.headers).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
  });

  it('refresh rotates the tokens; the old refresh token stops working after the grace window', async () => {
    const first = await t.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: s.refreshToken })
      .expect(200);
    await me({ authorization: `Bearer ${first.body.accessToken}` }).expect(200);
    t.advanceClock(31_000);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
  });

  it('deactivation by an admin ends access', async () => {
    const admin = await staffHeaders(t, 'admin');
    await t.http.post(`/api/v1/users/${s.user.id}/deactivate`).set(admin.headers).expect(200);
    await me(s.headers).expect(401);
    await login(s.user.email, s.user.password).expect(401);
  });

  it('a password reset by an admin ends access and returns a temporary password once', async () => {
    const admin = await staffHeaders(t, 'admin');
    const res = await t.http
      .post(`/api/v1/users/${s.user.id}/reset-password`)
      .set(admin.headers)
      .send({})
      .expect(200);
    await me(s.headers).expect(401);
    await login(s.user.email, s.user.password).expect(401);
    await login(s.user.email, res.body.temporaryPassword).expect(200);
  });

  it('an expired access token is refused', async () => {
    await db.session.updateMany({
      where: { userId: s.user.id },
      data: { accessExpiresAt: new Date(Date.now() - 1) },
    });
    await me(s.headers).expect(401);
  });
});

describe('sign-in attempts per client address', () => {
  it('are limited (password spraying across accounts), with the standard Retry-After', async () => {
    // Counters are shared through the database: this address has not been used by the other tests.
    const limited = await createTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '3', TRUST_PROXY: 'true' });
    const post = (path: string) => limited.http.post(path).set('x-forwarded-for', '198.51.100.200');
    try {
      for (let i = 0; i < 3; i++) {
        await post('/api/v1/auth/login')
          .send({ email: `nobody${i}@example.jp`, password: 'wrong password 123' })
          .expect(401);
      }
      const res = await post('/api/v1/auth/login')
        .send({ email: 'someone-else@example.jp', password: 'wrong password 123' })
        .expect(429);
      expect(res.body.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // The second step counts against the same address.
      await post('/api/v1/auth/login/totp')
        .send({ mfaToken: 'x'.repeat(43), code: '123456' })
        .expect(429);
      // Other routes are not limited by it.
      await limited.http.get('/api/v1/health/live').expect(200);
    } finally {
      await limited.close();
    }
  });
});

describe('TOTP two-factor (RFC 6238) with recovery codes', () => {
  it('enrols, then requires the code at sign-in; recovery codes work once', async () => {
    const user = await createStaff('counselor');
    const first = await login(user.email, user.password).expect(200);
    const s = { user, headers: { authorization: `Bearer ${first.body.accessToken}` } };
    const enrol = await t.http
      .post('/api/v1/auth/totp/enrol')
      .set(s.headers)
      .send({ enrolmentCode: await issueEnrolCode(user.id) })
      .expect(201);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Madoguchi:/);
    await t.http.post('/api/v1/auth/totp/confirm').set(s.headers).send({ code: '000000' }).expect(400);
    const confirmed = await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(s.headers)
      .send({ code: totpCode(enrol.body.secret, t.now()) })
      .expect(201);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);

    const step1 = await login(s.user.email, s.user.password).expect(200);
    expect(step1.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.any(String),
      mfaExpiresAt: expect.any(String),
    });
    expect(step1.body).not.toHaveProperty('accessToken');
    await t.http
      .post('/api/v1/auth/login/totp')
      .send({ mfaToken: step1.body.mfaToken, code: '123456' })
      .expect(401);
    // The code that confirmed the enrolment was used once: the same code is refused (replay), the next one works
    // (an authenticator shows it within 30 s; one step ahead is accepted for clock drift).
    await t.http
      .post('/api/v1/auth/login/totp')
      .send({ mfaToken: step1.body.mfaToken, code: totpCode(enrol.body.secret, t.now()) })
      .expect(401);
    const replayed = await login(s.user.email, s.user.password).expect(200);
    const step2 = await t.http
      .post('/api/v1/auth/login/totp')
      .send({ mfaToken: replayed.body.mfaToken, code: totpCode(enrol.body.secret, t.now() + 30_000) })
      .expect(200);
    await me({ authorization: `Bearer ${step2.body.accessToken}` }).expect(200);
    // The step token cannot be used twice.
    await t.http
      .post('/api/v1/auth/login/totp')
      .send({ mfaToken: replayed.body.mfaToken, code: totpCode(enrol.body.secret, t.now() + 30_000) })
      .expect(401);

    const recovery = confirmed.body.recoveryCodes[0] as string;
    const again = await login(s.user.email, s.user.password).expect(200);
    await t.http
      .post('/api/v1/auth/login/totp')
      .send({ mfaToken: again.body.mfaToken, recoveryCode: recovery })
      .expect(200);
    const third = await login(s.user.email, s.user.password).expect(200);
    await t.http
      .post('/api/v1/auth/login/totp')
      .send({ mfaToken: third.body.mfaToken, recoveryCode: recovery })
      .expect(401);
  });

  it('requires admins to enrol before they can do anything else', async () => {
    const admin = await createStaff('admin');
    const res = await login(admin.email, admin.password).expect(200);
    expect(res.body.mfaEnrolmentRequired).toBe(true);
    const headers = { authorization: `Bearer ${res.body.accessToken}` };
    const blocked = await t.http.get('/api/v1/users').set(headers).expect(403);
    expect(blocked.body.details.reason).toBe('mfa_enrolment_required');
    await me(headers).expect(200);
    const enrol = await t.http
      .post('/api/v1/auth/totp/enrol')
      .set(headers)
      .send({ enrolmentCode: await issueEnrolCode(admin.id) })
      .expect(201);
    await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(headers)
      .send({ code: totpCode(enrol.body.secret, t.now()) })
      .expect(201);
    await t.http.get('/api/v1/users').set(headers).expect(200);
    // And admins cannot switch it off.
    await t.http
      .post('/api/v1/auth/totp/disable')
      .set(headers)
      .send({ code: totpCode(enrol.body.secret, t.now()) })
      .expect(403);
  });
});

describe('passwords', () => {
  it('refuses short and common passwords, accepts a long passphrase, and signs other devices out', async () => {
    const s = await staffHeaders(t, 'counselor');
    const other = await login(s.user.email, s.user.password).expect(200);
    const change = (newPassword: string) =>
      t.http
        .post('/api/v1/auth/password')
        .set(s.headers)
        .send({ currentPassword: s.user.password, newPassword });
    expect((await change('short')).status).toBe(400);
    const common = await change('password1234').expect(400);
    expect(common.body.details.fields[0].code).toBe('too_common');
    await change('a long and unusual passphrase 42').expect(204);
    await me(s.headers).expect(200);
    await me({ authorization: `Bearer ${other.body.accessToken}` }).expect(401);
  });

  it('signs in with a hash of the earlier parameters (64 MiB, t=3) and stores one of the current parameters', async () => {
    const user = await createStaff('counselor');
    const earlier = await argon2Hash(user.password, {
      algorithm: 2,
      memoryCost: 65_536,
      timeCost: 3,
      parallelism: 1,
    });
    await db.user.update({ where: { id: user.id }, data: { passwordHash: earlier } });
    const changedAt = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordChangedAt;

    await login(user.email, user.password).expect(200);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(passwordNeedsRehash(row.passwordHash)).toBe(false);
    // The same password: not a password change.
    expect(row.passwordChangedAt).toEqual(changedAt);
    await login(user.email, user.password).expect(200);
    await login(user.email, 'not the password at all').expect(401);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(row.passwordHash);
  });
});

describe('admin user management', () => {
  it('creates users with a one-time temporary password and refuses duplicates and weak passwords', async () => {
    const admin = await staffHeaders(t, 'admin');
    const created = await t.http
      .post('/api/v1/users')
      .set(admin.headers)
      .send({ email: 'new.counselor@desk.example.jp', displayName: '新しい相談員', role: 'counselor' })
      .expect(201);
    expect(created.body.temporaryPassword).toEqual(expect.any(String));
    const first = await login('new.counselor@desk.example.jp', created.body.temporaryPassword).expect(200);
    expect(first.body.passwordChangeRequired).toBe(true);
    await t.http
      .post('/api/v1/users')
      .set(admin.headers)
      .send({ email: 'new.counselor@desk.example.jp', displayName: 'dup', role: 'counselor' })
      .expect(409);
    await t.http
      .post('/api/v1/users')
      .set(admin.headers)
      .send({
        email: 'weak@desk.example.jp',
        displayName: 'weak',
        role: 'counselor',
        password: 'qwertyuiop123',
      })
      .expect(400);
    const audit = await db.auditLog.findFirst({ where: { action: 'user.create' } });
    expect(audit?.actorId).toBe(admin.user.id);
  });

  it('never lets the last active admin be deactivated or demoted', async () => {
    await db.user.updateMany({ where: { role: 'admin' }, data: { active: false } });
    const admin = await staffHeaders(t, 'admin');
    await t.http.post(`/api/v1/users/${admin.user.id}/deactivate`).set(admin.headers).expect(403);
    const other = await createStaff('admin');
    await db.user.update({ where: { id: other.id }, data: { active: false } });
    const demote = await t.http
      .patch(`/api/v1/users/${admin.user.id}`)
      .set(admin.headers)
      .send({ role: 'counselor' })
      .expect(409);
    expect(demote.body.details.reason).toBe('last_admin');
  });
});
