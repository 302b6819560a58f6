// Audit retention on a small database: `npm run audit:archive` writes whole past months out and removes their
// partitions (never a row delete), refuses months inside the retention period and the API's role; and
// `npm run audit:partitions -- --drain-default` moves rows out of the DEFAULT partition so their months can exist.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { repoRoot } from '@madoguchi/db/tooling';
import { createTestDatabase, type TestDatabase } from '../../packages/db/test/test-database';
import {
  archiveAuditPartitions,
  AuditPartitionError,
  drainAuditDefault,
  listAuditPartitions,
  type AuditArchiveManifest,
} from './audit-partitions';

jest.setTimeout(90_000);

const run = promisify(execFile);

let db: TestDatabase;
let owner: pg.Client;
let workDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-audit-archive-'));
  // Two past months with rows (as an older log would have: the owner makes their partitions), and this month.
  await owner.query(`SELECT audit_log_attach_month('2023-01-01'), audit_log_attach_month('2023-02-01')`);
  await owner.query(
    `INSERT INTO audit_log (at, action, entity, entity_id, ip, meta)
     SELECT timestamptz '2023-01-01 00:00Z' + (i * interval '1 hour'), 'case.read', 'case', 'c' || i, '192.0.2.1',
            jsonb_build_object('i', i, 'text', E'tab\\there, newline\\nthere')
       FROM generate_series(0, 999) AS i`,
  );
  await owner.query(`INSERT INTO audit_log (action, entity) VALUES ('test.now', 'row')`);
});

afterAll(async () => {
  await owner.end();
  await db.drop();
  await rm(workDir, { recursive: true, force: true });
});

async function partitionNames(): Promise<string[]> {
  const { rows } = await owner.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
      WHERE h.inhparent = 'audit_log'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

describe('npm run audit:archive', () => {
  it('refuses the API role, and months inside the retention period', async () => {
    await expect(
      archiveAuditPartitions({ databaseUrl: db.appUrl, before: '2023-03', outDir: workDir }),
    ).rejects.toThrow(/run this as the owner of the schema/);
    const now = new Date('2025-06-15T00:00:00Z');
    await expect(
      archiveAuditPartitions({
        databaseUrl: db.url,
        before: '2023-07',
        outDir: workDir,
        retentionMonths: 24,
        now,
      }),
    ).rejects.toThrow('--before 2023-07 would archive months inside the retention period of 24 months');
    await expect(
      archiveAuditPartitions({ databaseUrl: db.url, before: '2023-13', outDir: workDir }),
    ).rejects.toThrow(AuditPartitionError);
    expect(await partitionNames()).toEqual(
      expect.arrayContaining(['audit_log_y2023m01', 'audit_log_y2023m02']),
    );
    expect((await owner.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1001);
  });

  it('writes the months before --before to files, then detaches and drops their partitions', async () => {
    const expected = (
      await owner.query<{ id: string; at: Date; meta: unknown }>(
        `SELECT id::text, at, meta FROM audit_log WHERE at < '2023-03-01Z' ORDER BY audit_log.id`,
      )
    ).rows;
    expect(expected).toHaveLength(1000);

    const out = path.join(workDir, 'archive');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit-log.ts', 'archive', '--before', '2023-03', '--out', out],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: db.url } },
    );
    expect(stdout).toContain('2 months archived (1000 rows)');

    // Gone from the log, whole months: the rows of this month stay.
    const names = await partitionNames();
    expect(names).not.toContain('audit_log_y2023m01');
    expect(names).not.toContain('audit_log_y2023m02');
    expect(
      (await owner.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'audit_log_y2023%'`))
        .rows[0].n,
    ).toBe(0);
    expect((await owner.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1);

    // The files hold every row, as COPY text, checked by their manifests.
    const lines: string[] = [];
    for (const month of ['audit_log_y2023m01', 'audit_log_y2023m02']) {
      const manifest = JSON.parse(
        await readFile(path.join(out, `${month}.json`), 'utf8'),
      ) as AuditArchiveManifest;
      const text = gunzipSync(await readFile(path.join(out, manifest.file)));
      expect(createHash('sha256').update(text).digest('hex')).toBe(manifest.sha256);
      expect((await stat(path.join(out, manifest.file))).mode & 0o777).toBe(0o600);
      const rows = text.toString('utf8').split('\n').slice(0, -1);
      expect(rows).toHaveLength(manifest.rows);
      expect(manifest).toMatchObject({
        partition: month,
        columns: expect.arrayContaining(['id', 'at', 'meta']),
      });
      lines.push(...rows);
    }
    expect(lines).toHaveLength(1000);
    expect(lines.map((l) => l.split('\t')[0])).toEqual(expected.map((r) => r.id));

    // The archive loads back into a table shaped like the log (docs/deployment.md, "Reading an archived month").
    await owner.query('CREATE TEMP TABLE restored (LIKE audit_log)');
    await pipeline(
      Readable.from([`${lines.join('\n')}\n`]),
      owner.query(copyFrom('COPY restored FROM STDIN')),
    );
    const back = (
      await owner.query<{ id: string; at: Date; meta: unknown }>(
        'SELECT id::text, at, meta FROM restored ORDER BY restored.id',
      )
    ).rows;
    expect(back).toEqual(expected);
    expect(back[0]!.meta).toEqual({ i: 0, text: 'tab\there, newline\nthere' });

    // Run again: nothing left before that month.
    expect(await archiveAuditPartitions({ databaseUrl: db.url, before: '2023-03', outDir: out })).toEqual([]);
  });
});

describe('npm run audit:partitions -- --drain-default', () => {
  it('moves rows of months without a partition out of the default, so the job can go on', async () => {
    await owner.query(
      `INSERT INTO audit_log (at, action, entity) VALUES ('2046-03-04Z', 'test.far', 'row'), ('2046-05-06Z', 'test.far', 'row')`,
    );
    const ids = (
      await owner.query(`SELECT id::text FROM audit_log WHERE action = 'test.far' ORDER BY audit_log.id`)
    ).rows;
    expect((await listAuditPartitions(db.url)).defaultRows).toBe(2);
    await expect(drainAuditDefault({ databaseUrl: db.appUrl })).rejects.toThrow(/run this as the owner/);

    expect(await drainAuditDefault({ databaseUrl: db.url })).toEqual({
      created: ['audit_log_y2046m03', 'audit_log_y2046m05'],
      moved: 2,
    });
    const { rows } = await owner.query(
      `SELECT id::text, tableoid::regclass::text AS part FROM audit_log WHERE action = 'test.far' ORDER BY audit_log.id`,
    );
    expect(rows).toEqual([
      { id: ids[0].id, part: 'audit_log_y2046m03' },
      { id: ids[1].id, part: 'audit_log_y2046m05' },
    ]);
    expect((await listAuditPartitions(db.url)).defaultRows).toBe(0);
    // The new default is guarded like the old one.
    await expect(owner.query('TRUNCATE audit_log_default')).rejects.toThrow('append-only');
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await expect(app.query('SELECT 1 FROM audit_log_default')).rejects.toMatchObject({ code: '42501' });
      await expect(app.query('DELETE FROM audit_log')).rejects.toMatchObject({ code: '42501' });
      await app.query(
        `INSERT INTO audit_log (at, action, entity) VALUES ('2047-01-01Z', 'test.after', 'row')`,
      );
    } finally {
      await app.end();
    }
    expect((await owner.query(`SELECT count(*)::int AS n FROM audit_log_default`)).rows[0].n).toBe(1);
    expect(await drainAuditDefault({ databaseUrl: db.url })).toEqual({
      created: ['audit_log_y2047m01'],
      moved: 1,
    });
  });
});

describe('npm run audit:partitions -- --drain-default, for case_events', () => {
  it('moves events of months without a partition into their months, without deriving the cases’ facts again', async () => {
    const { rows: made } = await owner.query<{ case_id: string; staff_id: string }>(
      `WITH staff AS (
         INSERT INTO users (id, email, display_name, role, password_hash, updated_at)
         VALUES (gen_random_uuid(), 'drain@example.jp', 'Counselor', 'counselor', 'x', now()) RETURNING id
       ), c AS (
         INSERT INTO cases (id, receipt_number, access_code_hash, urgency, priority, channel, suggested_categories,
                            confirmed_categories)
         VALUES (gen_random_uuid(), 'DRAN-0001', 'x', 'normal', 'normal', 'web', '{fraud}', '{}') RETURNING id
       )
       SELECT c.id AS case_id, staff.id AS staff_id FROM c, staff`,
    );
    const { case_id: caseId, staff_id: staffId } = made[0]!;
    await owner.query(
      `INSERT INTO case_events (id, case_id, kind, actor_id, body, created_at)
       VALUES (gen_random_uuid(), $1, 'contact', $2, 'enc:v1:a', '2046-03-04Z'),
              (gen_random_uuid(), $1, 'note', NULL, 'enc:v1:b', '2046-05-06Z')`,
      [caseId, staffId],
    );
    // What the statistics trigger derived from the first event; moving it must not derive it again.
    await owner.query(`UPDATE cases SET first_response_at = NULL WHERE id = $1`, [caseId]);
    const before = (
      await owner.query(`SELECT id::text, body FROM case_events WHERE case_id = $1 ORDER BY created_at`, [
        caseId,
      ])
    ).rows;
    expect((await listAuditPartitions(db.url, 'case_events')).defaultRows).toBe(2);
    await expect(drainAuditDefault({ databaseUrl: db.appUrl, table: 'case_events' })).rejects.toThrow(
      /run this as the owner/,
    );

    expect(await drainAuditDefault({ databaseUrl: db.url, table: 'case_events' })).toEqual({
      created: ['case_events_y2046m03', 'case_events_y2046m05'],
      moved: 2,
    });
    const { rows } = await owner.query(
      `SELECT id::text, body, tableoid::regclass::text AS part FROM case_events WHERE case_id = $1 ORDER BY created_at`,
      [caseId],
    );
    expect(rows).toEqual([
      { ...before[0], part: 'case_events_y2046m03' },
      { ...before[1], part: 'case_events_y2046m05' },
    ]);
    expect((await listAuditPartitions(db.url, 'case_events')).defaultRows).toBe(0);
    expect(
      (await owner.query(`SELECT first_response_at FROM cases WHERE id = $1`, [caseId])).rows[0]
        .first_response_at,
    ).toBeNull();
    // The statistics trigger is on again, on the parent and on the new months; the new default is guarded.
    const { rows: triggers } = await owner.query(
      `SELECT c.relname AS table, t.tgenabled AS enabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE t.tgname = 'case_events_keep_case_facts'
          AND c.relname IN ('case_events', 'case_events_y2046m03', 'case_events_default') ORDER BY 1`,
    );
    expect(triggers).toEqual([
      { table: 'case_events', enabled: 'O' },
      { table: 'case_events_default', enabled: 'O' },
      { table: 'case_events_y2046m03', enabled: 'O' },
    ]);
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await expect(app.query('SELECT 1 FROM case_events_default')).rejects.toMatchObject({ code: '42501' });
      await expect(app.query('DELETE FROM case_events')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.end();
    }
  });
});
