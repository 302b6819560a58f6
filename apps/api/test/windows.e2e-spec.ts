import { createDbClient } from '@madoguchi/db';
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
    expect(open.body.every((w: { openNow: boolean }) => w.openNow === true)).toBe(true);
    expect(open.body.map((w: { slug: string }) => w.slug)).toContain('police-110');
  });

  it('leaves out inactive windows', async () => {
    const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1 });
    await db.referralWindow.update({ where: { slug: 'tokyo-kurashi' }, data: { active: false } });
    await db.$disconnect();
    // A fresh instance: the directory is cached for 30 s per process.
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
