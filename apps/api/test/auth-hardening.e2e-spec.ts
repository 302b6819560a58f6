// The security audit's sign-in findings: lockout on demand (3), second-factor gaps (4) and forgeable or
// per-process limits (2). Each test here failed on main before the fix.
import { createDbClient, type DbClient } from '@madoguchi/db';
import { createStaff, staffHeaders, totpCode } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
let db: DbClient;
beforeAll(async () => {
  // Believe X-Forwarded-For, so one test can act from several client addresses.
  t = await createTestApp({ TRUST_PROXY: 'true' });
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

const from = (ip: string) => ({
  login: (email: string, password: string) =>
    t.http.post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password }),
  totp: (mfaToken: string, code: string) =>
    t.http.post('/api/v1/auth/login/totp').set('x-forwarded-for', ip).send({ mfaToken, code }),
  status: (receiptNumber: string, accessCode: string) =>
    t.http.post('/api/v1/intakes/status').set('x-forwarded-for', ip).send({ receiptNumber, accessCode }),
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The reply without its request id: what a client can compare. */
const comparable = (res: { status: number; body: Record<string, unknown> }) => ({
  status: res.status,
  body: { ...res.body, requestId: undefined },
});

describe('back-off cannot be used to lock someone out (finding 3)', () => {
  it('delays only the (e-mail, address) that failed, with the ordinary wrong-password reply', async () => {
    const user = await createStaff('counselor');
    const attacker = from('198.51.100.7');
    const wrong = await attacker.login(user.email, 'a wrong password 1').expect(401);
    for (let i = 2; i <= 4; i++) {
      await attacker.login(user.email, `a wrong password ${i}`).expect(401);
    }
    // Three attempts are free; after the fourth failure this address waits (2 s, then 4 s, … up to 15 min).
    // Under back-off even the right password from that address gets exactly the wrong-password reply …
    const refused = await attacker.login(user.email, user.password);
    expect(comparable(refused)).toEqual(comparable(wrong));
    expect(refused.headers['retry-after']).toBeUndefined();
    // … while the person, elsewhere, signs in at once.
    await from('203.0.113.20').login(user.email, user.password).expect(200);
    // The wait ends by itself.
    t.advanceClock(3_000);
    await attacker.login(user.email, user.password).expect(200);
    const reasons = (
      await db.auditLog.findMany({
        where: { entityId: user.id, action: 'auth.login_failed' },
        orderBy: { id: 'asc' },
      })
    ).map((a) => (a.meta as { reason: string }).reason);
    expect(reasons).toEqual([...Array(4).fill('bad_password'), 'backoff']);
  });

  it('answers unknown e-mails the same way, with back-off of their own', async () => {
    const user = await createStaff('counselor');
    const ip = from('198.51.100.8');
    const replies = [];
    for (let i = 0; i < 6; i++) {
      replies.push(comparable(await ip.login(`nobody-${user.id}@desk.example.jp`, 'whatever password')));
    }
    const known = comparable(await ip.login(user.email, 'whatever password'));
    expect(new Set(replies.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(replies[0]).toEqual(known);
    expect(await db.authBackoff.count({ where: { subject: `nobody-${user.id}@desk.example.jp` } })).toBe(1);
  });

  it('counts wrong TOTP codes too, and the right code under back-off is refused unseen', async () => {
    const s = await staffHeaders(t, 'supervisor');
    const ip = from('198.51.100.9');
    const step = await ip.login(s.user.email, s.user.password).expect(200);
    const wrong = await ip.totp(step.body.mfaToken, '000000').expect(401);
    for (let i = 0; i < 4; i++) {
      await ip.totp(step.body.mfaToken, '000000').expect(401);
    }
    const refused = await ip.totp(step.body.mfaToken, totpCode(s.totpSecret, t.now() + 30_000));
    expect(comparable(refused)).toEqual(comparable(wrong));
    t.advanceClock(5_000);
    await ip.totp(step.body.mfaToken, totpCode(s.totpSecret, t.now() + 30_000)).expect(200);
  });

  it('lets an admin see and clear back-off, audited', async () => {
    const admin = await staffHeaders(t, 'admin');
    const ip = from('198.51.100.10');
    for (let i = 0; i < 4; i++) {
      await ip.login('typo@desk.example.jp', 'wrong password!').expect(401);
    }
    const list = await t.http.get('/api/v1/security/backoff').set(admin.headers).expect(200);
    const entry = list.body.items.find(
      (e: { subject: string; ip: string }) =>
        e.subject === 'typo@desk.example.jp' && e.ip === '198.51.100.10',
    );
    expect(entry).toMatchObject({ scope: 'staff_login', failures: 4, blockedUntil: expect.any(String) });
    await t.http
      .get('/api/v1/security/backoff')
      .set((await staffHeaders(t, 'supervisor')).headers)
      .expect(403);
    await t.http.delete(`/api/v1/security/backoff/${entry.id}`).set(admin.headers).expect(204);
    await t.http.delete(`/api/v1/security/backoff/${entry.id}`).set(admin.headers).expect(404);
    expect(
      await db.auditLog.count({ where: { action: 'security.backoff_cleared', entityId: entry.id } }),
    ).toBe(1);
  });

  it('applies to the status look-up per (receipt, address): no 429, no lock on the receipt', async () => {
    const intake = await t.http
      .post('/api/v1/intakes')
      .set('x-forwarded-for', '192.0.2.50')
      .send({ description: 'SNSで知らない人からしつこくメッセージが来て困っています。' })
      .expect(201);
    const { receiptNumber, accessCode } = intake.body;
    const guesser = from('198.51.100.11');
    const wrong = await guesser.status(receiptNumber, 'AAAA-AAAA-AAAA').expect(404);
    for (let i = 0; i < 5; i++) {
      await guesser.status(receiptNumber, 'AAAA-AAAA-AAAA').expect(404);
    }
    expect(comparable(await guesser.status(receiptNumber, accessCode))).toEqual(comparable(wrong));
    // The person, from their own phone, is not affected.
    await from('192.0.2.50').status(receiptNumber, accessCode).expect(200);
  });
});

describe('second factor (finding 4)', () => {
  it('a new account: temporary password must be changed, then enrolment needs the admin-issued code', async () => {
    const admin = await staffHeaders(t, 'admin');
    const created = await t.http
      .post('/api/v1/users')
      .set(admin.headers)
      .send({ email: 'first.day@desk.example.jp', displayName: '初日の相談員', role: 'counselor' })
      .expect(201);
    const { temporaryPassword, enrolmentCode } = created.body;
    expect(enrolmentCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const ip = from('203.0.113.30');
    const signIn = await ip.login('first.day@desk.example.jp', temporaryPassword).expect(200);
    expect(signIn.body).toMatchObject({ passwordChangeRequired: true, mfaEnrolmentRequired: true });
    const headers = bearer(signIn.body.accessToken);
    const blocked = await t.http.get('/api/v1/cases').set(headers).expect(403);
    expect(blocked.body.details.reason).toBe('password_change_required');
    await t.http.post('/api/v1/auth/totp/enrol').set(headers).send({ enrolmentCode }).expect(403);
    await t.http
      .post('/api/v1/auth/password')
      .set(headers)
      .send({ currentPassword: temporaryPassword, newPassword: temporaryPassword })
      .expect(400);
    await t.http
      .post('/api/v1/auth/password')
      .set(headers)
      .send({ currentPassword: temporaryPassword, newPassword: 'my own long passphrase 2026' })
      .expect(204);
    expect((await t.http.get('/api/v1/auth/me').set(headers).expect(200)).body).toMatchObject({
      passwordChangeRequired: false,
      mfaEnrolmentRequired: true,
      totpRequiredForRole: true,
    });
    expect((await t.http.get('/api/v1/cases').set(headers).expect(403)).body.details.reason).toBe(
      'mfa_enrolment_required',
    );
    // The password alone does not let anyone bind an authenticator.
    const missing = await t.http.post('/api/v1/auth/totp/enrol').set(headers).send({}).expect(400);
    expect(missing.body.details.fields[0]).toMatchObject({ path: 'enrolmentCode', code: 'required' });
    const wrongCode = await t.http
      .post('/api/v1/auth/totp/enrol')
      .set(headers)
      .send({ enrolmentCode: 'ZZZZ-ZZZZ-ZZZZ' })
      .expect(400);
    expect(wrongCode.body.details.fields[0]).toMatchObject({ path: 'enrolmentCode', code: 'wrong' });
    const enrol = await t.http
      .post('/api/v1/auth/totp/enrol')
      .set(headers)
      .send({ enrolmentCode: enrolmentCode.toLowerCase() })
      .expect(201);
    const confirmed = await t.http
      .post('/api/v1/auth/totp/confirm')
      .set(headers)
      .send({ code: totpCode(enrol.body.secret, t.now()) })
      .expect(201);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    await t.http.get('/api/v1/cases').set(headers).expect(200);
    // The code was spent with the enrolment.
    const row = await db.user.findUniqueOrThrow({ where: { email: 'first.day@desk.example.jp' } });
    expect(row.enrolCodeHash).toBeNull();
  });

  it('temporary passwords stop working after 72 hours', async () => {
    const admin = await staffHeaders(t, 'admin');
    const created = await t.http
      .post('/api/v1/users')
      .set(admin.headers)
      .send({ email: 'late.starter@desk.example.jp', displayName: '遅れて着任', role: 'supervisor' })
      .expect(201);
    t.advanceClock(72 * 3_600_000 + 1_000);
    const late = await from('203.0.113.31')
      .login('late.starter@desk.example.jp', created.body.temporaryPassword)
      .expect(401);
    expect(late.body.details.reason).toBe('temporary_password_expired');
    // A new one from the admin (signed in afresh: three days have passed) works.
    const reset = await t.http
      .post(`/api/v1/users/${created.body.user.id}/reset-password`)
      .set((await staffHeaders(t, 'admin')).headers)
      .send({})
      .expect(200);
    expect(reset.body.enrolmentCode).toEqual(expect.any(String));
    await from('203.0.113.31')
      .login('late.starter@desk.example.jp', reset.body.temporaryPassword)
      .expect(200);
  });

  it('admins can relax the requirement for counselors (audited), never for admins', async () => {
    const admin = await staffHeaders(t, 'admin');
    const counselor = await createStaff('counselor');
    const put = (body: object) => t.http.put('/api/v1/security/policy').set(admin.headers).send(body);
    await put({ totpRequired: { admin: false } }).expect(400);
    expect((await put({ totpRequired: { counselor: false } }).expect(200)).body).toEqual({
      totpRequired: { counselor: false, supervisor: true, admin: true },
    });
    try {
      t.advanceClock(10_000); // past the policy cache of other processes
      const signIn = await from('203.0.113.32').login(counselor.email, counselor.password).expect(200);
      expect(signIn.body.mfaEnrolmentRequired).toBe(false);
      await t.http.get('/api/v1/cases').set(bearer(signIn.body.accessToken)).expect(200);
      expect(await db.auditLog.count({ where: { action: 'security.policy_changed' } })).toBeGreaterThan(0);
    } finally {
      await put({ totpRequired: { counselor: true } }).expect(200);
    }
  });

  it('recovery codes can be renewed with a current code; the old set stops working', async () => {
    const s = await staffHeaders(t, 'counselor');
    const renewed = await t.http
      .post('/api/v1/auth/recovery-codes')
      .set(s.headers)
      .send({ code: totpCode(s.totpSecret, t.now() + 30_000) })
      .expect(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    const ip = from('203.0.113.33');
    const step = await ip.login(s.user.email, s.user.password).expect(200);
    await t.http
      .post('/api/v1/auth/login/totp')
      .set('x-forwarded-for', '203.0.113.33')
      .send({ mfaToken: step.body.mfaToken, recoveryCode: renewed.body.recoveryCodes[3] })
      .expect(200);
    expect((await t.http.get('/api/v1/auth/me').set(s.headers).expect(200)).body.recoveryCodesLeft).toBe(9);
  });
});

describe('refresh-token families (finding 4)', () => {
  it('a rotated token presented again within the grace window gets the same successor', async () => {
    const s = await staffHeaders(t, 'counselor');
    const refresh = (token: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken: token });
    const [a, b] = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.accessToken).toBe(a.body.accessToken);
    expect(b.body.refreshToken).toBe(a.body.refreshToken);
    t.advanceClock(10_000);
    expect((await refresh(s.refreshToken).expect(200)).body.refreshToken).toBe(a.body.refreshToken);
    await t.http.get('/api/v1/auth/me').set(bearer(a.body.accessToken)).expect(200);
  });

  it('a rotated token presented after the grace window is a replay: the whole session ends', async () => {
    const s = await staffHeaders(t, 'counselor');
    const refresh = (token: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken: token });
    // Someone who stole the refresh token rotates first …
    const thief = await refresh(s.refreshToken).expect(200);
    const later = await refresh(thief.body.refreshToken).expect(200);
    t.advanceClock(31_000);
    // … the rightful holder presents the old one later: replay detected, every token of the session dies.
    const replay = await refresh(s.refreshToken).expect(401);
    expect(replay.body.details.reason).toBe('refresh_token_reused');
    await t.http.get('/api/v1/auth/me').set(bearer(later.body.accessToken)).expect(401);
    await refresh(later.body.refreshToken).expect(401);
    expect(await db.auditLog.count({ where: { action: 'auth.refresh_replayed' } })).toBeGreaterThan(0);
  });

  it('the two-factor step token never yields a session through refresh', async () => {
    const s = await staffHeaders(t, 'counselor');
    const step = await from('203.0.113.34').login(s.user.email, s.user.password).expect(200);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: step.body.mfaToken }).expect(401);
    const done = await from('203.0.113.34')
      .totp(step.body.mfaToken, totpCode(s.totpSecret, t.now() + 30_000))
      .expect(200);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: step.body.mfaToken }).expect(401);
    await t.http.get('/api/v1/auth/me').set(bearer(done.body.accessToken)).expect(401);
  });
});

describe('rate limits are shared by every API process (finding 2)', () => {
  it('two API instances on one database grant the login allowance once', async () => {
    const [a, b] = await Promise.all([
      createTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_LOGIN_PER_MINUTE: '4' }),
      createTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_LOGIN_PER_MINUTE: '4' }),
    ]);
    try {
      const attempt = (app: TestApp) =>
        app.http
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', '198.51.100.99')
          .send({ email: 'spray@desk.example.jp', password: 'wrong password 1' });
      const statuses = [];
      for (const app of [a, b, a, b, a, b]) {
        statuses.push((await attempt(app)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
