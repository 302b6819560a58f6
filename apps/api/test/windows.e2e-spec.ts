import { createDbClient } from '@madoguchi/db';
import { staffHeaders } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/windows', () => {
  it('lists every active window with its open-now state', async () => {
    const res = await t.http.get('/api/v1/windows').expect(200);
    const slugs = res.body.map((w: { slug: string }) => w.slug);
    expect(slugs).toEqual(expect.arrayContaining(['consumer-188', 'childline', 'police-9110', 'court']));
    for (const w of res.body as { openNow: boolean | null; nextOpenAt: string | null }[]) {
      expect([true, false, null]).toContain(w.openNow);
      if (w.openNow === false) {
        expect(new Date(w.nextOpenAt ?? '').getTime()).toBeGreaterThan(Date.now() - 1000);
      }
    }
  });

  it('filters by trouble category and by open now', async () => {
    const res = await t.http.get('/api/v1/windows?category=child_bullying').expect(200);
    expect(res.body.map((w: { slug: string }) => w.slug)).toContain('childline');
    expect(res.body.every((w: { categories: string[] }) => w.categories.includes('child_bullying'))).toBe(
      true,
    );
    const open = await t.http.get('/api/v1/windows?openNow=true').expect(200);
    const openSlugs = open.body.map((w: { slug: string }) => w.slug);
    // Open now, or a web form that takes reports at any hour (report-only: openNow null).
    for (const w of open.body as { openNow: boolean | null; hours: { kind: string } }[]) {
      expect(w.openNow === true || (w.openNow === null && w.hours.kind === 'none')).toBe(true);
    }
    expect(openSlugs).toEqual(expect.arrayContaining(['police-110', 'antiphishing', 'ihaho']));
    // A directory with no contact of its own is not "open".
    expect(openSlugs).not.toContain('hotline-council');
    const closed = await t.http.get('/api/v1/windows?openNow=false').expect(200);
    expect(closed.body.map((w: { slug: string }) => w.slug)).not.toContain('antiphishing');
  });

  it('leaves out inactive windows', async () => {
    const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 });
    await db.referralWindow.update({ where: { slug: 'tokyo-kurashi' }, data: { active: false } });
    await db.$disconnect();
    // A fresh instance (a change in the database also reaches running ones at once: see below).
    const fresh = await createTestApp();
    try {
      const res = await fresh.http.get('/api/v1/windows').expect(200);
      expect(res.body.map((w: { slug: string }) => w.slug)).not.toContain('tokyo-kurashi');
      await fresh.http.get('/api/v1/windows/tokyo-kurashi').expect(404);
    } finally {
      await fresh.close();
    }
  });

  it('rejects unknown filters with field messages', async () => {
    const res = await t.http.get('/api/v1/windows?category=aliens').expect(400);
    expect(res.body.details.fields[0].path).toBe('category');
    await t.http.get('/api/v1/windows?sort=name').expect(400);
  });
});

describe('GET /api/v1/windows/:slug', () => {
  it('returns one window with phones, hours and eligibility', async () => {
    const res = await t.http.get('/api/v1/windows/childline').expect(200);
    expect(res.body).toMatchObject({
      slug: 'childline',
      name: { ja: expect.stringContaining('チャイルドライン') },
      eligibility: { maxAge: 18 },
      phones: [expect.objectContaining({ number: '0120-99-7777' })],
    });
    expect(res.body).toHaveProperty('openNow');
  });

  it('404s on an unknown slug and 400s on a malformed one', async () => {
    const missing = await t.http.get('/api/v1/windows/no-such-window').expect(404);
    expect(missing.body.code).toBe('not_found');
    await t.http.get('/api/v1/windows/Bad_Slug!').expect(400);
  });
});

describe('PATCH /api/v1/windows/:slug (admin)', () => {
  it('sees a change made by another process at once (another replica, or a write straight to the database)', async () => {
    const other = await createTestApp();
    const slugs = async (app: TestApp) =>
      ((await app.http.get('/api/v1/windows').expect(200)).body as { slug: string }[]).map((w) => w.slug);
    /** Polls for up to 5 s: a notification arrives within milliseconds; the cache itself lasts 30 s. */
    const eventually = async (check: () => Promise<boolean>) => {
      for (let tries = 0; tries < 100 && !(await check()); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await check()).toBe(true);
    };
    try {
      // Both processes have the directory cached.
      expect(await slugs(t)).toContain('jinken-110');
      expect(await slugs(other)).toContain('jinken-110');
      const admin = await staffHeaders(t, 'admin');
      await t.http.patch('/api/v1/windows/jinken-110').set(admin.headers).send({ active: false }).expect(200);
      await eventually(async () => !(await slugs(other)).includes('jinken-110'));

      const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 });
      await db.referralWindow.update({ where: { slug: 'jinken-110' }, data: { active: true } });
      await db.$disconnect();
      await eventually(async () => (await slugs(t)).includes('jinken-110'));
      await eventually(async () => (await slugs(other)).includes('jinken-110'));
    } finally {
      await other.close();
    }
  });

  it('edits hours and last-verified date; triage and the directory see it at once; audited', async () => {
    const admin = await staffHeaders(t, 'admin');
    const hours = {
      kind: 'weekly',
      periods: [1, 2, 3, 4, 5].map((day) => ({ day, open: '10:00', close: '18:00' })),
    };
    const res = await t.http
      .patch('/api/v1/windows/jadma')
      .set(admin.headers)
      .send({ hours, lastVerifiedAt: '2026-11-28', verified: true })
      .expect(200);
    expect(res.body).toMatchObject({ slug: 'jadma', hours, lastVerifiedAt: '2026-11-28', verified: true });
    const read = await t.http.get('/api/v1/windows/jadma').expect(200);
    expect(read.body.hours).toEqual(hours);
    const list = await t.http.get('/api/v1/windows').expect(200);
    expect(list.body.find((w: { slug: string }) => w.slug === 'jadma').hours).toEqual(hours);

    const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 });
    const audit = await db.auditLog.findFirst({ where: { action: 'window.update', entityId: 'jadma' } });
    await db.$disconnect();
    expect(audit?.actorId).toBe(admin.user.id);
  });

  it('lets admins list and open deactivated windows (to reactivate them); nobody else', async () => {
    const admin = await staffHeaders(t, 'admin');
    await t.http.patch('/api/v1/windows/kokusen').set(admin.headers).send({ active: false }).expect(200);
    const publicList = await t.http.get('/api/v1/windows').expect(200);
    expect(publicList.body.map((w: { slug: string }) => w.slug)).not.toContain('kokusen');
    const adminList = await t.http.get('/api/v1/windows?includeInactive=true').set(admin.headers).expect(200);
    expect(adminList.body.find((w: { slug: string }) => w.slug === 'kokusen')).toMatchObject({
      active: false,
    });
    await t.http.get('/api/v1/windows/kokusen').set(admin.headers).expect(200);
    await t.http.get('/api/v1/windows/kokusen').expect(404);
    await t.http.get('/api/v1/windows?includeInactive=true').expect(403);
    const counselor = await staffHeaders(t, 'counselor');
    await t.http.get('/api/v1/windows?includeInactive=true').set(counselor.headers).expect(403);
    await t.http.patch('/api/v1/windows/kokusen').set(admin.headers).send({ active: true }).expect(200);
  });

  it('refuses invalid facts with field messages, and non-admins', async () => {
    const admin = await staffHeaders(t, 'admin');
    const bad = await t.http
      .patch('/api/v1/windows/jadma')
      .set(admin.headers)
      .send({ hours: { kind: 'weekly', periods: [{ day: 9, open: '25:00', close: '10:00' }] } })
      .expect(400);
    expect(bad.body.details.fields.length).toBeGreaterThan(0);
    await t.http.patch('/api/v1/windows/jadma').set(admin.headers).send({}).expect(400);
    await t.http.patch('/api/v1/windows/jadma').set(admin.headers).send({ slug: 'other' }).expect(400);
    await t.http.patch('/api/v1/windows/no-such').set(admin.headers).send({ active: false }).expect(404);
    const counselor = await staffHeaders(t, 'counselor');
    await t.http.patch('/api/v1/windows/jadma').set(counselor.headers).send({ active: false }).expect(403);
    await t.http.patch('/api/v1/windows/jadma').send({ active: false }).expect(401);
  });
});
