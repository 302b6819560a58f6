import { createDbClient, Prisma, prismaSql, queueQuery, type DbClient } from '@madoguchi/db';
import {
  urgencyRank,
  type TCaseCreated,
  type TCaseCreateInput,
  type TCaseList,
  type TCaseSearchInput,
  type TCaseSummary,
} from '@madoguchi/shared';
import { SearchIndex } from '../src/modules/cases/search-index';
import { staffHeaders } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

type Headers = { authorization: string };

let t: TestApp;
let db: DbClient;
let me: { headers: Headers; user: { id: string } };
let colleague: { headers: Headers; user: { id: string } };

/** The fixture: every case in this file's database, by name. */
const cases: Record<string, TCaseCreated['case']> = {};

async function createCase(name: string, body: TCaseCreateInput): Promise<TCaseCreated['case']> {
  const res = await t.http.post('/api/v1/cases').set(me.headers).send(body).expect(201);
  cases[name] = res.body.case;
  return res.body.case;
}

async function patch(name: string, body: Record<string, unknown>): Promise<void> {
  const current = cases[name]!;
  const res = await t.http
    .patch(`/api/v1/cases/${current.id}`)
    .set(me.headers)
    .send({ version: current.version, ...body })
    .expect(200);
  cases[name] = { ...current, ...res.body };
}

async function post(name: string, path: string, body: Record<string, unknown>, status = 200): Promise<void> {
  const current = cases[name]!;
  const res = await t.http
    .post(`/api/v1/cases/${current.id}/${path}`)
    .set(me.headers)
    .send(path === 'status' ? { version: current.version, ...body } : body)
    .expect(status);
  if (path === 'status') {
    cases[name] = { ...current, ...res.body };
  }
}

/** The queue with these filters: GET /cases, or POST /cases/search when there is a search term. */
async function list(
  query: Record<string, string | string[]>,
  headers: Headers = me.headers,
): Promise<TCaseList> {
  const res =
    query['q'] === undefined
      ? await t.http.get('/api/v1/cases').query(query).set(headers).expect(200)
      : await t.http.post('/api/v1/cases/search').send(query).set(headers).expect(200);
  return res.body as TCaseList;
}

/** The names of the fixture cases a query returns, sorted. */
async function names(query: Record<string, string | string[]>): Promise<string[]> {
  const { items } = await list({ limit: '100', ...query });
  const byId = new Map(Object.entries(cases).map(([name, c]) => [c.id, name]));
  return items.map((item) => byId.get(item.id) ?? item.id).sort();
}

beforeAll(async () => {
  t = await createTestApp();
  db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  me = await staffHeaders(t, 'counselor');
  colleague = await staffHeaders(t, 'supervisor');

  await createCase('fraud', { description: '架空請求の詐欺にあいました', channel: 'walk_in' });
  await createCase('caller', { description: '090-8765-4321 から何度も電話があります' });
  await createCase('bullying', { description: 'ネットいじめの相談です' });
  await createCase('spaced', { description: '詐 欺 と書かれたメールが届いた' });
  await createCase('otherPhone', { description: '電話番号 090-1111-2222 から着信' });
  await createCase('listed', { description: '番号だけ聞いた', identifiers: { phones: ['09012345678'] } });
  await createCase('noted', { description: '相談内容は後で聞く' });

  await post('fraud', 'status', { status: 'triaged' });
  await patch('fraud', { assigneeId: 'me', tags: ['高齢者', '要折返し'] });
  await patch('caller', { followUpAt: new Date(Date.now() - 3600_000).toISOString() });
  await patch('bullying', {
    assigneeId: colleague.user.id,
    followUpAt: new Date(Date.now() - 3600_000).toISOString(),
  });
  await post('bullying', 'status', { status: 'closed', reason: '学校の相談窓口につないだ' });
  await patch('otherPhone', {
    followUpAt: new Date(Date.now() + 3600_000).toISOString(),
    tags: ['要折返し'],
  });
  await post('noted', 'notes', { body: '振り込め詐欺の可能性あり' }, 201);
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

describe('search', () => {
  it('takes the words in the body of POST /cases/search, with the same filters as the queue', async () => {
    const res = await t.http
      .post('/api/v1/cases/search')
      .set(me.headers)
      .send({
        q: '詐欺',
        status: ['triaged'],
        assignee: 'me',
        counts: true,
        limit: 10,
      } satisfies TCaseSearchInput)
      .expect(200);
    expect(res.body.items.map((item: TCaseSummary) => item.id)).toEqual([cases['fraud']!.id]);
    expect(res.body.counts.open).toBeGreaterThan(0);
  });

  it('refuses a search term in the URL of GET /cases, pointing at POST /cases/search', async () => {
    for (const query of ['q=090-8765-4321', 'q=', 'q=a&q=b', 'status=new&q=%E8%A9%90%E6%AC%BA']) {
      const res = await t.http.get(`/api/v1/cases?${query}`).set(me.headers).expect(400);
      expect(res.body).toEqual({
        code: 'validation_failed',
        message: { ja: expect.any(String), en: expect.any(String) },
        details: {
          fields: [
            {
              path: 'q',
              code: 'search_in_body',
              message: {
                ja: expect.stringContaining('POST'),
                en: expect.stringContaining('POST /api/v1/cases/search'),
              },
            },
          ],
        },
        requestId: expect.any(String),
      });
    }
  });

  it('is documented like the other staff routes, and GET /cases documents q as refused', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    const search = doc.paths['/api/v1/cases/search'].post;
    expect(search.security).toEqual([{ bearer: [] }]);
    expect(search.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CaseSearchDto',
    );
    expect(doc.components.schemas.CaseSearchDto.required).toContain('q');
    expect(Object.keys(search.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    const q = doc.paths['/api/v1/cases'].get.parameters.find((p: { name: string }) => p.name === 'q');
    expect(q).toMatchObject({ deprecated: true, description: expect.stringContaining('POST /cases/search') });
  });

  it('is for signed-in staff only, and checks the body like any other', async () => {
    const anonymous = await t.http.post('/api/v1/cases/search').send({ q: '詐欺' }).expect(401);
    expect(anonymous.body).toMatchObject({ code: 'unauthenticated', requestId: expect.any(String) });
    const supervisor = await t.http.post('/api/v1/cases/search').set(colleague.headers).send({ q: '詐欺' });
    expect(supervisor.status).toBe(200);
    for (const body of [
      {},
      { q: '   ' },
      { q: 'x'.repeat(101) },
      { q: '詐欺', limit: 101 },
      { q: '詐欺', extra: 1 },
    ]) {
      const res = await t.http.post('/api/v1/cases/search').set(me.headers).send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.details.fields.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['詐欺', ['fraud', 'noted']],
    ['８７６５', ['caller']],
    ['090-8765', ['caller']],
    ['+81 90 8765 4321', ['caller']],
    // An identifier the person listed: by its whole number only (issue 17: no gram of it is stored).
    ['09012345678', ['listed']],
    ['+81 90 1234 5678', ['listed']],
    ['2345', []],
    ['詐欺 振り込め', ['noted']],
    ['100%', []],
    ['詐', ['fraud', 'noted', 'spaced']],
  ])('q=%s finds %j', async (q, expected) => {
    expect(await names({ q })).toEqual(expected);
  });

  it('finds a case by its receipt number, and by a number a counselor added later', async () => {
    const fraud = cases['fraud']!;
    expect(await names({ q: fraud.receiptNumber.toLowerCase() })).toEqual(['fraud']);

    const added = await t.http
      .post(`/api/v1/cases/${cases['otherPhone']!.id}/identifiers`)
      .set(me.headers)
      .send({ kind: 'phone', value: '03-9876-0001' })
      .expect(201);
    expect(await names({ q: '03-9876-0001' })).toEqual(['otherPhone']);
    expect(await names({ q: '98760001' })).toEqual([]);
    await t.http
      .delete(`/api/v1/cases/${cases['otherPhone']!.id}/identifiers/${added.body.identifiers[0].id}`)
      .set(me.headers)
      .expect(204);
    expect(await names({ q: '03-9876-0001' })).toEqual([]);
  });

  it('audits who searched and which cases it showed, but not the personal data searched for', async () => {
    await list({ q: '8765' });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'case.search' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({
      actorId: me.user.id,
      meta: { terms: 1, results: 1, caseIds: [cases['caller']!.id] },
    });
    expect(JSON.stringify(audit.meta)).not.toContain('8765');
  });

  it('pages a search in queue order, whether the walk of the first rows or the index finds the page', async () => {
    const all = (await list({ q: '詐', limit: '100' })).items.map((item) => item.id);
    expect(all).toHaveLength(3);
    // One per page: the first pages come from the walk of the queue order, the last from the index.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TCaseList = await list({ q: '詐', limit: '1', ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('the walk checks only the first rows of the queue order, and finds exactly their matches', async () => {
    const search = t.app.get(SearchIndex).queueSearch('詐欺')!;
    const ids = async (probeRows?: number) =>
      (
        await db.$queryRaw<{ id: string | null }[]>(
          prismaSql(
            queueQuery({ search, limit: 26, now: new Date() }, probeRows === undefined ? {} : { probeRows }),
          ),
        )
      )
        // The probe's last row without an id says it read every row the filters leave.
        .flatMap((row) => (row.id === null ? [] : [row.id]));
    const order = (
      await db.$queryRaw<{ id: string }[]>(prismaSql(queueQuery({ limit: 100, now: new Date() })))
    ).map((row) => row.id);
    const full = await ids();
    expect(full.length).toBeGreaterThan(0);
    for (let rows = 1; rows <= order.length; rows++) {
      const walked = new Set(order.slice(0, rows));
      expect(await ids(rows)).toEqual(full.filter((id) => walked.has(id)));
    }
  });

  it('is served by the GIN index over search_grams', async () => {
    const query = queueQuery({
      search: t.app.get(SearchIndex).queueSearch('詐欺')!,
      limit: 26,
      now: new Date(),
    });
    // The test table is tiny, so a sequential scan would be cheaper; forbid it to see the index is usable.
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${prismaSql(query)}`);
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('cases_search_grams_idx');
  });
});

describe('filters', () => {
  it('assignee=me, unassigned or a user id', async () => {
    expect(await names({ assignee: 'me' })).toEqual(['fraud']);
    expect(await names({ assignee: 'unassigned' })).toEqual([
      'caller',
      'listed',
      'noted',
      'otherPhone',
      'spaced',
    ]);
    expect(await names({ assignee: colleague.user.id })).toEqual(['bullying']);
    // "me" is whoever asks.
    const theirs = await list({ assignee: 'me' }, colleague.headers);
    expect(theirs.items.map((i) => i.id)).toEqual([cases['bullying']!.id]);
  });

  it('status, one or several (repeated or comma-separated)', async () => {
    expect(await names({ status: 'closed' })).toEqual(['bullying']);
    expect(await names({ status: ['triaged', 'closed'] })).toEqual(['bullying', 'fraud']);
    expect(await names({ status: 'triaged,closed' })).toEqual(['bullying', 'fraud']);
    const res = await t.http.get('/api/v1/cases').query({ status: 'pending' }).set(me.headers).expect(400);
    expect(res.body.details.fields[0]).toMatchObject({
      path: 'status.0',
      message: { ja: expect.any(String) },
    });
  });

  it('followUpOverdue: open cases whose follow-up date has passed', async () => {
    expect(await names({ followUpOverdue: 'true' })).toEqual(['caller']);
    expect(await names({ followUpOverdue: 'false' })).not.toContain('caller');
  });

  it('tag: cases with every given tag', async () => {
    expect(await names({ tag: '要折返し' })).toEqual(['fraud', 'otherPhone']);
    expect(await names({ tag: ['要折返し', '高齢者'] })).toEqual(['fraud']);
  });

  it('category: the confirmed categories override the suggestion', async () => {
    const suggested = cases['fraud']!.suggestedCategories[0]!;
    expect(await names({ category: suggested })).toContain('fraud');
    const res = await t.http
      .put(`/api/v1/cases/${cases['fraud']!.id}/categories`)
      .set(me.headers)
      .send({
        version: cases['fraud']!.version,
        categories: ['defamation'],
        reason: '掲示板への書き込みの相談だった',
      })
      .expect(200);
    cases['fraud'] = { ...cases['fraud']!, ...res.body };
    expect(await names({ category: 'defamation' })).toEqual(['fraud']);
    expect(await names({ category: suggested })).not.toContain('fraud');
  });

  it('channel, priority and the creation range', async () => {
    expect(await names({ channel: 'walk_in' })).toEqual(['fraud']);
    await patch('listed', { priority: 'emergency', priorityReason: '今日中に振り込むよう言われている' });
    const emergency = await list({ priority: 'emergency' });
    expect(emergency.items.map((i) => i.id)).toContain(cases['listed']!.id);
    expect(emergency.items.every((i) => i.priority === 'emergency')).toBe(true);

    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    expect(await names({ from: hourAgo })).toHaveLength(Object.keys(cases).length);
    expect(await names({ to: hourAgo })).toEqual([]);
    expect(await names({ from: hourAgo, to: inAnHour })).toHaveLength(Object.keys(cases).length);
    const tomorrowInJapan = new Date(Date.now() + 9 * 3600_000 + 24 * 3600_000).toISOString().slice(0, 10);
    expect(await names({ from: tomorrowInJapan })).toEqual([]);
    expect(await names({ to: tomorrowInJapan })).toHaveLength(Object.keys(cases).length);
  });

  it('sorts by priority (emergency first), then oldest first', async () => {
    const { items } = await list({ limit: '100' });
    const key = (c: TCaseSummary) => [-urgencyRank(c.priority), Date.parse(c.createdAt)] as const;
    const sorted = [...items].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
    expect(items.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
    expect(items[0]!.id).toBe(cases['listed']!.id);
  });

  it('refuses a malformed cursor and a page size over 100', async () => {
    const bad = await t.http
      .get('/api/v1/cases')
      .query({ cursor: 'bm90LWEtY3Vyc29y' })
      .set(me.headers)
      .expect(400);
    expect(bad.body.details.fields[0].path).toBe('cursor');
    await t.http.get('/api/v1/cases').query({ limit: '101' }).set(me.headers).expect(400);
  });
});

describe('counts', () => {
  it('counts cases per status and the open ones per priority, unassigned, mine and overdue', async () => {
    const res = await t.http.get('/api/v1/cases/counts').set(me.headers).expect(200);
    expect(res.body).toMatchObject({
      byStatus: { new: 5, triaged: 1, in_progress: 0, referred: 0, awaiting_client: 0, closed: 1 },
      open: 6,
      unassignedOpen: 5,
      assignedToMeOpen: 1,
      followUpOverdue: 1,
    });
    const byPriority = res.body.openByPriority as Record<string, number>;
    expect(Object.values(byPriority).reduce((a, b) => a + b, 0)).toBe(6);
    expect((await list({ counts: 'true' })).counts).toEqual(res.body);
  });
});
