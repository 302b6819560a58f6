// The dashboard's real requests at two sizes of the table: the counts come from counters the
// database keeps (exact under concurrent writers), and the queue, its presets, deep pages and
// searches with the dashboard's filters are index walks whose cost does not grow with the table.
//
// The plans are those of the statements the API actually sent: every query the test's requests
// make is captured at the pg driver (what Prisma and $queryRaw hand to PostgreSQL, text and
// values) and EXPLAINed (ANALYZE, BUFFERS) as it was sent. The table grows ten times with closed
// cases (the years of history) while the open workload stays the same: the open cases are those
// of the last few weeks, whatever the age of the deployment (docs/performance.md).
import pg from 'pg';
import { buildSearchDocument, CASE_STATUSES, URGENCY_LEVELS, type TCaseCounts } from '@madoguchi/shared';
import { CasesRepository } from '../src/modules/cases/cases.repository';
import { SearchIndex } from '../src/modules/cases/search-index';
import { staffHeaders } from './auth-helpers';
import { createTestApp, type TestApp } from './test-app';

jest.setTimeout(180_000);

type Headers = { authorization: string };
type Statement = { text: string; values: unknown[] };

const OPEN = CASE_STATUSES.filter((status) => status !== 'closed');
const OPEN_CASES = 300;
const SMALL_CLOSED = 2_000;
const LARGE_CLOSED = 20_000;

let t: TestApp;
let owner: pg.Client;
let me: { headers: Headers; user: { id: string } };
let colleague: { headers: Headers; user: { id: string } };

/* ------------------------------------------------------------------ statements the API sends */

let capturing: Statement[] | null = null;
const originalQuery = pg.Client.prototype.query;

function startCapture(): void {
  // The Prisma pg adapter and $queryRaw both end in pg.Client#query with a config object.
  (pg.Client.prototype as { query: unknown }).query = function (
    this: pg.Client,
    config: unknown,
    values?: unknown,
    ...rest: unknown[]
  ) {
    if (capturing) {
      if (typeof config === 'string') {
        capturing.push({ text: config, values: Array.isArray(values) ? values : [] });
      } else if (config && typeof config === 'object' && 'text' in config) {
        const c = config as { text: string; values?: unknown[] };
        capturing.push({ text: c.text, values: c.values ?? (Array.isArray(values) ? values : []) });
      }
    }
    return (originalQuery as (...args: unknown[]) => unknown).call(this, config, values, ...rest);
  };
}

/** The reads of cases (and of the counters) that one request made. */
async function statementsOf(request: () => Promise<unknown>): Promise<Statement[]> {
  capturing = [];
  try {
    await request();
    return capturing.filter(
      (s) =>
        /^\s*(SELECT|WITH|\()/i.test(s.text) &&
        /("cases"|\bcases\b|case_status_counts|case_assignee_counts)/.test(s.text),
    );
  } finally {
    capturing = null;
  }
}

/* ------------------------------------------------------------------------------------ plans */

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
};

type PlanSummary = {
  statement: string;
  /** Shared buffers the whole statement touched (the top node includes its children's). */
  buffers: number;
  /** Rows of cases the scans produced or filtered away. */
  casesRows: number;
  seqScanOnCases: boolean;
  indexes: string[];
};

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function explain(statement: Statement): Promise<PlanSummary> {
  const { rows } = await owner.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`,
    statement.values,
  );
  const plan = rows[0]!['QUERY PLAN'][0]!.Plan;
  const all = nodes(plan);
  const onCases = all.filter((node) => node['Relation Name'] === 'cases');
  return {
    statement: statement.text.replace(/\s+/g, ' ').slice(0, 160),
    buffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'],
    casesRows: onCases.reduce(
      (sum, node) =>
        sum +
        (node['Actual Rows'] +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
          node['Actual Loops'],
      0,
    ),
    seqScanOnCases: onCases.some((node) => node['Node Type'] === 'Seq Scan'),
    indexes: [...new Set(all.map((node) => node['Index Name']).filter((name): name is string => !!name))],
  };
}

/* ------------------------------------------------------------------------------------- data */

/** The fixture's search documents as the API stores them: keyed tokens (under the test app's index key). */
const documents = () => DOCUMENT_SOURCES.map((source) => t.app.get(SearchIndex).tokens(source));

const DOCUMENT_SOURCES = Array.from({ length: 50 }, (_, i) => {
  const phrases = [
    '登録完了の画面が出て退会料を請求された架空請求の詐欺',
    '副業の情報商材を買ったが連絡が取れない',
    'サポート詐欺の警告音が鳴り電話をかけてしまった',
    '通販サイトで代金を払ったのに商品が届かない',
    'SNSで誹謗中傷の書き込みをされた',
  ];
  return buildSearchDocument({
    description: `${phrases[i % phrases.length]} ${phrases[(i * 3 + 1) % phrases.length]}`,
    contact: i % 5 === 0 ? { name: `林 花子${i}`, phone: `090-8765-${String(1000 + i)}` } : null,
    identifiers: [{ kind: 'phone', value: `+81505555${String(1000 + i)}` }],
    notes: [],
  });
});

/**
 * Cases numbered [from, to): open ones are recent (minutes apart, every status of the dashboard,
 * some assigned, some past their follow-up date), closed ones older (half an hour apart, going back).
 */
async function insertCases(from: number, to: number, kind: 'open' | 'closed'): Promise<void> {
  await owner.query(
    `INSERT INTO cases (id, receipt_number, access_code_hash, status, urgency, priority, channel,
       suggested_categories, confirmed_categories, assignee_id, follow_up_at, created_at, updated_at,
       closed_at, search_grams, search_exact, search_sig, search_key)
     SELECT gen_random_uuid(), 'SCALE' || lpad(i::text, 7, '0'), 'x', s.status, s.priority, s.priority,
       'web', ARRAY['online_fraud'], '{}', s.assignee, s.follow_up, s.created, s.created,
       CASE WHEN s.status = 'closed' THEN s.created + interval '20 days' END,
       ARRAY(SELECT jsonb_array_elements_text($4::jsonb -> (i % 50) -> 'grams')::int),
       ARRAY(SELECT jsonb_array_elements_text($4::jsonb -> (i % 50) -> 'exact')::int),
       ARRAY(SELECT jsonb_array_elements_text($4::jsonb -> (i % 50) -> 'sig')::int),
       $4::jsonb -> (i % 50) ->> 'key'
     FROM generate_series($1::int, $2::int - 1) i
     CROSS JOIN LATERAL (SELECT
       CASE WHEN $3 = 'open' THEN (ARRAY['new','triaged','in_progress','referred','awaiting_client'])[1 + i % 5]
         ELSE 'closed' END::"CaseStatus" AS status,
       (ARRAY['emergency','high','high','high','high','normal','normal','normal','normal','normal','normal',
         'normal','normal','normal','normal','normal','normal','normal','low','normal'])[1 + i % 20]::"Urgency" AS priority,
       CASE WHEN $3 = 'open' AND i % 10 = 0 THEN $5::uuid
            WHEN $3 = 'open' AND i % 10 = 1 THEN $6::uuid
            WHEN $3 = 'closed' AND i % 3 = 0 THEN $6::uuid END AS assignee,
       CASE WHEN i % 7 = 0 THEN now() - interval '1 day' * (1 + i % 3) END AS follow_up,
       CASE WHEN $3 = 'open' THEN now() - interval '1 minute' * i
         ELSE now() - interval '100 days' - interval '30 minutes' * i END AS created) s`,
    [from, to, kind, JSON.stringify(documents()), me.user.id, colleague.user.id],
  );
  await owner.query('ANALYZE cases');
}

/* ------------------------------------------------------------------------- the dashboard */

function get(query: Record<string, string | string[]>) {
  return t.http.get('/api/v1/cases').query(query).set(me.headers).expect(200);
}

function search(body: Record<string, unknown>) {
  return t.http.post('/api/v1/cases/search').send(body).set(me.headers).expect(200);
}

const dashboard = { status: OPEN.join(','), limit: '25', counts: 'true' };

/** Every request of the dashboard the test measures, by name, and the statements each sent. */
async function dashboardStatements(): Promise<Map<string, Statement[]>> {
  const out = new Map<string, Statement[]>();
  const record = async (name: string, request: () => Promise<unknown>) => {
    out.set(name, await statementsOf(request));
  };
  await record('queue-dashboard-first', () => get(dashboard));
  // Eight pages in (200 rows of 300 open cases), with the cursor the API gave.
  let cursor: string | null = null;
  for (let page = 0; page < 8; page++) {
    const res = await get({ ...dashboard, ...(cursor ? { cursor } : {}) });
    cursor = (res.body as { nextCursor: string | null }).nextCursor;
  }
  expect(cursor).not.toBeNull();
  await record('queue-dashboard-deep', () => get({ ...dashboard, cursor: cursor! }));
  await record('preset-mine', () => get({ ...dashboard, assignee: 'me' }));
  await record('preset-unassigned', () => get({ ...dashboard, assignee: 'unassigned' }));
  await record('preset-urgent', () => get({ ...dashboard, priority: 'emergency,high' }));
  await record('preset-overdue', () => get({ ...dashboard, followUpOverdue: 'true' }));
  await record('preset-closed', () => get({ status: 'closed', limit: '25', counts: 'true' }));
  const filters = { status: [...OPEN], limit: 25, counts: true };
  // いじめ and phishing name categories (no index): the probe, then the bounded walk of the open cases.
  for (const q of [
    '詐欺',
    '架空請求 退会料',
    '8765',
    '林 花子',
    '情報商材',
    '09087651005',
    '林',
    '5',
    'いじめ',
    'phishing',
  ]) {
    await record(`search ${q}`, () => search({ ...filters, q }));
  }
  await record('search 詐欺 (urgent)', () =>
    search({ ...filters, priority: ['emergency', 'high'], q: '詐欺' }),
  );
  await record('search 林 (mine)', () => search({ ...filters, assignee: 'me', q: '林' }));
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  // The file's database is dropped (WITH FORCE) by setup-database.ts's afterAll, which runs first.
  owner.on('error', () => undefined);
  await owner.connect();
  me = await staffHeaders(t, 'counselor');
  colleague = await staffHeaders(t, 'supervisor');
  startCapture();
  // The open workload and the first size of history; the plans describe adds ten times the history.
  await insertCases(0, OPEN_CASES, 'open');
  await insertCases(100_000, 100_000 + SMALL_CLOSED, 'closed');
});

afterAll(async () => {
  (pg.Client.prototype as { query: unknown }).query = originalQuery;
  await owner.end();
  await t.close();
});

/* ---------------------------------------------------------------------------------- counters */

type Recount = {
  byKey: Map<string, number>;
  byAssignee: Map<string, number>;
};

async function recount(): Promise<{ counted: Recount; kept: Recount; slots: number }> {
  const counted = await owner.query<{ key: string; n: number }>(
    `SELECT status || '/' || priority AS key, count(*)::int AS n FROM cases GROUP BY 1`,
  );
  const countedAssignees = await owner.query<{ key: string; n: number }>(
    `SELECT coalesce(assignee_id::text, 'none') AS key, count(*)::int AS n FROM cases
     WHERE status <> 'closed' GROUP BY 1`,
  );
  const kept = await owner.query<{ key: string; n: number }>(
    `SELECT status || '/' || priority AS key, sum(n)::int AS n FROM case_status_counts
     GROUP BY 1 HAVING sum(n) <> 0`,
  );
  const keptAssignees = await owner.query<{ key: string; n: number }>(
    `SELECT CASE WHEN assignee_id = '00000000-0000-0000-0000-000000000000' THEN 'none'
       ELSE assignee_id::text END AS key, sum(n)::int AS n
     FROM case_assignee_counts GROUP BY 1 HAVING sum(n) <> 0`,
  );
  const slots = await owner.query<{ n: number }>(
    'SELECT count(DISTINCT slot)::int AS n FROM case_status_counts',
  );
  const toMap = (rows: { key: string; n: number }[]) => new Map(rows.map((row) => [row.key, row.n]));
  return {
    counted: { byKey: toMap(counted.rows), byAssignee: toMap(countedAssignees.rows) },
    kept: { byKey: toMap(kept.rows), byAssignee: toMap(keptAssignees.rows) },
    slots: slots.rows[0]!.n,
  };
}

/** What GET /cases/counts must answer for `userId`, computed by counting the table. */
async function expectedCounts(userId: string): Promise<TCaseCounts> {
  const { rows } = await owner.query<{ status: string; priority: string; n: number }>(
    'SELECT status::text, priority::text, count(*)::int AS n FROM cases GROUP BY 1, 2',
  );
  const counts: TCaseCounts = {
    byStatus: Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as TCaseCounts['byStatus'],
    open: 0,
    openByPriority: Object.fromEntries(URGENCY_LEVELS.map((u) => [u, 0])) as TCaseCounts['openByPriority'],
    unassignedOpen: 0,
    assignedToMeOpen: 0,
    followUpOverdue: 0,
  };
  for (const row of rows) {
    counts.byStatus[row.status as keyof TCaseCounts['byStatus']] += row.n;
    if (row.status !== 'closed') {
      counts.open += row.n;
      counts.openByPriority[row.priority as keyof TCaseCounts['openByPriority']] += row.n;
    }
  }
  const other = await owner.query<{ unassigned: number; mine: number; overdue: number }>(
    `SELECT count(*) FILTER (WHERE assignee_id IS NULL)::int AS unassigned,
       count(*) FILTER (WHERE assignee_id = $1)::int AS mine,
       count(*) FILTER (WHERE next_follow_up_at < now())::int AS overdue
     FROM cases WHERE status <> 'closed'`,
    [userId],
  );
  counts.unassignedOpen = other.rows[0]!.unassigned;
  counts.assignedToMeOpen = other.rows[0]!.mine;
  counts.followUpOverdue = other.rows[0]!.overdue;
  return counts;
}

/** A tiny deterministic generator per worker (tests must be repeatable). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

describe('queue counts kept by the database', () => {
  it('stay exact under concurrent inserts, updates and deletes, and equal a COUNT(*) recount', async () => {
    // As the API's own role, as in production: the triggers run with its privileges.
    const workers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const client = new pg.Client({ connectionString: process.env.MADOGUCHI_TEST_APP_DATABASE_URL });
        client.on('error', () => undefined);
        await client.connect();
        return client;
      }),
    );
    const assignees = [null, me.user.id, colleague.user.id];
    try {
      await Promise.all(
        workers.map(async (client, w) => {
          const next = random(w + 1);
          const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
          const mine: string[] = [];
          for (let step = 0; step < 40; step++) {
            const op = mine.length < 3 ? 0 : Math.floor(next() * 5);
            let inserted: string[] = [];
            await client.query('BEGIN');
            if (op === 0) {
              // One to three cases in one statement (a multi-row insert is one trigger call).
              const n = 1 + Math.floor(next() * 3);
              const { rows } = await client.query<{ id: string }>(
                `INSERT INTO cases (id, receipt_number, access_code_hash, status, urgency, priority, channel,
                   suggested_categories, confirmed_categories, assignee_id, search_grams)
                 SELECT gen_random_uuid(), 'CONC-' || $1 || '-' || $2 || '-' || g, 'x', 'new', $3::"Urgency",
                   $3::"Urgency", 'web', '{}', '{}', $4::uuid, '{}'
                 FROM generate_series(1, $5::int) g RETURNING id`,
                [w, step, pick(URGENCY_LEVELS), pick(assignees), n],
              );
              inserted = rows.map((row) => row.id);
              mine.push(...inserted);
            } else if (op === 1) {
              const status = pick(CASE_STATUSES);
              await client.query(
                `UPDATE cases SET status = $2::"CaseStatus",
                   closed_at = CASE WHEN $2 = 'closed' THEN now() END WHERE id = $1`,
                [pick(mine), status],
              );
            } else if (op === 2) {
              await client.query('UPDATE cases SET priority = $2::"Urgency" WHERE id = $1', [
                pick(mine),
                pick(URGENCY_LEVELS),
              ]);
            } else if (op === 3) {
              await client.query('UPDATE cases SET assignee_id = $2::uuid, tags = $3 WHERE id = $1', [
                pick(mine),
                pick(assignees),
                ['再確認'],
              ]);
            } else {
              const id = mine.splice(Math.floor(next() * mine.length), 1)[0]!;
              await client.query('DELETE FROM cases WHERE id = $1', [id]);
            }
            // Some transactions roll back: their counter changes must vanish with them.
            await client.query(step % 9 === 8 ? 'ROLLBACK' : 'COMMIT');
            if (step % 9 === 8) {
              mine.splice(mine.length - inserted.length);
            }
          }
        }),
      );
    } finally {
      await Promise.all(workers.map((client) => client.end()));
    }
    // And through the API, concurrently: cases recorded by phone and moved along the workflow.
    const created = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        t.http
          .post('/api/v1/cases')
          .set(me.headers)
          .send({ description: `電話での相談 ${i}: 架空請求のメールが届いた` })
          .expect(201),
      ),
    );
    await Promise.all(
      created.map((res, i) =>
        t.http
          .post(`/api/v1/cases/${res.body.case.id}/status`)
          .set(me.headers)
          .send(
            i % 2 === 0
              ? { version: res.body.case.version, status: 'in_progress' }
              : { version: res.body.case.version, status: 'closed', reason: '重複した相談' },
          )
          .expect(200),
      ),
    );

    const { counted, kept, slots } = await recount();
    expect(counted.byKey.size).toBeGreaterThan(4);
    expect(kept).toEqual(counted);
    // Concurrent writers spread over several slots of the same key instead of queueing on one row.
    expect(slots).toBeGreaterThan(1);
    const res = await t.http.get('/api/v1/cases/counts').set(me.headers).expect(200);
    expect(res.body).toEqual(await expectedCounts(me.user.id));
  });

  it('follow an UPDATE of many rows, a DELETE of many and a TRUNCATE-free recount', async () => {
    await owner.query(`UPDATE cases SET priority = 'low' WHERE receipt_number LIKE 'CONC-1-%'`);
    await owner.query(`DELETE FROM cases WHERE receipt_number LIKE 'CONC-2-%'`);
    const { counted, kept } = await recount();
    expect(kept).toEqual(counted);
    // The rebuild function (for an operator) agrees with what the triggers kept.
    await owner.query('SELECT case_counts_rebuild()');
    const rebuilt = await recount();
    expect(rebuilt.kept).toEqual(counted);
    await owner.query(`DELETE FROM cases WHERE receipt_number LIKE 'CONC-%'`);
  });
});

/* ------------------------------------------------------------------------- plans at two sizes */

describe('the dashboard at two sizes of the table', () => {
  let small: Map<string, PlanSummary[]>;
  let large: Map<string, PlanSummary[]>;

  async function measure(): Promise<Map<string, PlanSummary[]>> {
    const out = new Map<string, PlanSummary[]>();
    for (const [name, statements] of await dashboardStatements()) {
      const plans: PlanSummary[] = [];
      for (const statement of statements) {
        plans.push(await explain(statement));
      }
      out.set(name, plans);
    }
    return out;
  }

  beforeAll(async () => {
    small = await measure();
    await insertCases(100_000 + SMALL_CLOSED, 100_000 + LARGE_CLOSED, 'closed');
    large = await measure();
    const total = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    expect(total.rows[0]!.n).toBeGreaterThanOrEqual(OPEN_CASES + LARGE_CLOSED);
    // The report: what each request cost at both sizes (shown with --verbose or on failure).
    const lines = [...small].map(([name, plans]) => {
      const at = (summary: PlanSummary[] | undefined) =>
        (summary ?? []).map((p) => `${p.buffers}b/${p.casesRows}r`).join(' + ');
      return `${name.padEnd(26)} ${at(plans).padEnd(40)} → ${at(large.get(name))}`;
    });
    console.log(
      `buffers/rows of cases per statement, ${SMALL_CLOSED} → ${LARGE_CLOSED} closed cases:\n${lines.join('\n')}`,
    );
  });

  it('every request reads cases only through indexes, never a sequential scan', () => {
    for (const [name, plans] of large) {
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) {
        expect({ name, statement: plan.statement, seqScan: plan.seqScanOnCases }).toEqual({
          name,
          statement: plan.statement,
          seqScan: false,
        });
      }
    }
  });

  it('the counts read the counters and the open cases only, not the table', () => {
    const counts = large
      .get('queue-dashboard-first')!
      .find((plan) => plan.statement.includes('case_status_counts'));
    expect(counts).toBeDefined();
    expect(counts!.indexes).toContain('cases_open_next_follow_up_idx');
    // The overdue open cases and nothing else.
    expect(counts!.casesRows).toBeLessThanOrEqual(OPEN_CASES);
  });

  it('the queue, its deep pages, the presets and searches cost the same with ten times the cases', () => {
    const grew: string[] = [];
    for (const [name, plans] of small) {
      const after = large.get(name)!;
      expect(after.map((p) => p.statement.slice(0, 40))).toEqual(plans.map((p) => p.statement.slice(0, 40)));
      plans.forEach((before, i) => {
        const now = after[i]!;
        // Ten times the table; a plan that scanned it would show ~10×. Allow a level of index and noise.
        if (now.buffers > before.buffers * 1.5 + 30 || now.casesRows > before.casesRows * 1.5 + 30) {
          grew.push(
            `${name}: ${before.statement}: ${before.buffers}→${now.buffers} buffers, ` +
              `${before.casesRows}→${now.casesRows} rows`,
          );
        }
      });
    }
    expect(grew).toEqual([]);
  });

  it('the open queue and its presets walk the partial indexes over open cases', () => {
    const first = large.get('queue-dashboard-first')!;
    expect(first.some((plan) => plan.indexes.includes('cases_open_queue_idx'))).toBe(true);
    const mine = large.get('preset-mine')!;
    expect(mine.some((plan) => plan.indexes.includes('cases_open_assignee_queue_idx'))).toBe(true);
    // Unassigned in queue order from its own index, not the open queue filtered (which walks every assigned
    // case before the first unassigned one).
    const unassigned = large.get('preset-unassigned')!;
    expect(unassigned.some((plan) => plan.indexes.includes('cases_open_unassigned_queue_idx'))).toBe(true);
  });
});

/* --------------------------------------------------------- searches the indexes cannot answer */

// A word naming a category (「架空請求」: the categories have no index) is walked in queue order. (A
// one-character word was too while search read clear text; it is now a token of its own, indexed.)
describe('a search of words naming categories', () => {
  it('walks a bounded number of rows per request and resumes where it stopped, skipping no match', async () => {
    const repository = t.app.get(CasesRepository);
    const filter = {
      statuses: [...OPEN],
      // No fixture case is of the category: its cases are those whose text says it (two phrases in five).
      search: t.app.get(SearchIndex).queueSearch('架空請求')!,
      limit: 6,
      now: new Date(),
    };
    const all = (await repository.queue({ ...filter, limit: 1_000 }, { walkRows: 100_000 })).rows.map(
      (row) => row.id,
    );
    expect(all.length).toBeGreaterThan(10);
    const paged: string[] = [];
    let after: { priority: (typeof URGENCY_LEVELS)[number]; createdAt: Date; id: string } | undefined;
    let requests = 0;
    let short = 0;
    for (;;) {
      requests++;
      const page = await repository.queue({ ...filter, ...(after ? { after } : {}) }, { walkRows: 10 });
      const shown = page.rows.slice(0, 5);
      paged.push(...shown.map((row) => row.id));
      if (page.rows.length > 5) {
        const last = shown.at(-1)!;
        after = { priority: last.priority, createdAt: last.created_at, id: last.id };
      } else if (page.resumeAfter) {
        short++;
        after = page.resumeAfter;
      } else {
        break;
      }
    }
    expect(paged).toEqual(all);
    expect(short).toBeGreaterThan(0);
    expect(requests).toBeGreaterThan(all.length / 5);
  });

  it('through the API: the page and its cursor', async () => {
    const res = await search({ status: [...OPEN], q: '架空請求', limit: 5 });
    expect(res.body.items).toHaveLength(5);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });
});
