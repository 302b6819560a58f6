// The restore drill (issue 19 item 7), run by CI on a small database: cases with events, a sent referral with
// its partner link e-mailed (an encrypted mail text), audit rows and a staff member with an encrypted TOTP secret,
// all made through the API's real routes; then `db:backup`'s code writes the archive, `db:restore`'s code loads it
// into a new database, every table is compared row for row with the original, and the real API started on the
// restored database signs that staff member in and shows the same case and mail — with the KEK supplied apart,
// never from the archive, and refusing to start with another one. A second case: partitions made outside the
// migrations come back, and a damaged archive is refused without leaving a row.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { createDbClient, enrolCodeHash, newEnrolCode, type DbClient } from '@madoguchi/db';
import {
  applyMigrations,
  ensureAppRole,
  migrationsDir,
  quoteIdent,
  repoRoot,
  runAdminStatement,
  withDatabase,
} from '@madoguchi/db/tooling';
import type { TCreateReferral, TIntakeInput, TReferral, TReferralStatusRequest } from '@madoguchi/shared';
import { createStaff, staffHeaders, totpCode } from '../../apps/api/test/auth-helpers';
import { createTestApp, TEST_KEK, type TestApp } from '../../apps/api/test/test-app';
import { parseKek } from '../../apps/api/src/common/crypto/key-encryption-key';
import { createTestDatabase, type TestDatabase } from '../../packages/db/test/test-database';
import { createBackup, readManifest, restoreBackup, type BackupManifest } from './backup';
import { ArchiveWriter, readArchive, readEntry } from './backup-archive';

jest.setTimeout(90_000);

const run = promisify(execFile);

const WINDOW = 'consumer-188';
const NAME = '山田花子';
const DESCRIPTION = 'SNSの広告で副業に申し込み、登録料を払ったら連絡が取れなくなりました。';

let source: TestDatabase;
let restoredName: string;
let restoredUrl: string;
let restoredAppUrl: string;
let workDir: string;
let t: TestApp;
let db: DbClient;

beforeAll(async () => {
  source = await createTestDatabase();
  restoredName = `${source.name}_restored`;
  restoredUrl = withDatabase(source.url, restoredName);
  restoredAppUrl = withDatabase(source.appUrl, restoredName);
  workDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-backup-test-'));
  process.env.DATABASE_URL = source.url;
  process.env.MADOGUCHI_TEST_APP_DATABASE_URL = source.appUrl;
  t = await createTestApp({ RATE_LIMIT_INTAKE_PER_MINUTE: '1000' });
  db = createDbClient({ databaseUrl: source.url, poolSize: 2 });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await db?.$disconnect();
  if (source) {
    await runAdminStatement(
      withDatabase(source.url, 'postgres'),
      `DROP DATABASE IF EXISTS ${quoteIdent(restoredName)} WITH (FORCE)`,
    );
    await source.drop();
  }
  await rm(workDir, { recursive: true, force: true });
});

type Staff = Awaited<ReturnType<typeof createStaff>>;

/** Two-factor enrolled through the API, so the secret is stored encrypted as in production. */
async function enrolledCounselor(): Promise<{ user: Staff; secret: string }> {
  const user = await createStaff('counselor');
  const enrolCode = newEnrolCode();
  await db.user.update({
    where: { id: user.id },
    data: { enrolCodeHash: enrolCodeHash(enrolCode), enrolCodeExpiresAt: new Date(Date.now() + 3_600_000) },
  });
  const login = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
  const headers = { authorization: `Bearer ${login.body.accessToken}` };
  const enrol = await t.http
    .post('/api/v1/auth/totp/enrol')
    .set(headers)
    .send({ enrolmentCode: enrolCode })
    .expect(201);
  await t.http
    .post('/api/v1/auth/totp/confirm')
    .set(headers)
    .send({ code: totpCode(enrol.body.secret, t.now()) })
    .expect(201);
  return { user, secret: enrol.body.secret as string };
}

/** Password, then a TOTP code of a step not used before; returns the bearer headers. */
async function signIn(app: TestApp, user: Staff, secret: string) {
  app.advanceClock(60_000);
  const first = await app.http
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: user.password });
  expect(first.body.mfaRequired).toBe(true);
  return app.http
    .post('/api/v1/auth/login/totp')
    .send({ mfaToken: first.body.mfaToken, code: totpCode(secret, app.now()) });
}

/** Every row of every table, in one comparable form (the row's text, sorted bytewise). */
async function tableContents(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    const tables = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace
          AND relkind IN ('r', 'p') AND NOT relispartition AND relname <> '_prisma_migrations' ORDER BY relname`,
    );
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ rows: string; md5: string | null }>(
        `SELECT count(*) AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) AS md5
           FROM ${quoteIdent(name)} t`,
      );
      out[name] = { rows: Number(result.rows[0]!.rows), md5: result.rows[0]!.md5 ?? '' };
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('backup and restore drill', () => {
  it('restores every row into a new database, readable by the API only with the KEK given apart', async () => {
    // ---- a small desk's data, through the real routes
    const admin = await staffHeaders(t, 'admin');
    const counselor = await enrolledCounselor();
    const counselorHeaders = {
      authorization: `Bearer ${(await signIn(t, counselor.user, counselor.secret)).body.accessToken}`,
    };
    const receipts: string[] = [];
    for (const [i, category] of (['online_fraud', 'phishing', 'online_shopping'] as const).entries()) {
      const intake = await t.http
        .post('/api/v1/intakes')
        .send({
          description: `${DESCRIPTION} (${i + 1})`,
          category,
          contact: { preferred: 'phone', name: NAME, phone: `080-1234-56${String(i).padStart(2, '0')}` },
        } satisfies TIntakeInput)
        .expect(201);
      receipts.push(intake.body.receiptNumber as string);
    }
    const caseRow = await db.case.findUniqueOrThrow({ where: { receiptNumber: receipts[0]! } });
    const before = await t.http.get(`/api/v1/cases/${caseRow.id}`).set(counselorHeaders).expect(200);
    expect(before.body.intake.description).toContain(DESCRIPTION);

    await t.http
      .patch(`/api/v1/windows/${WINDOW}`)
      .set(admin.headers)
      .send({ referralEmail: 'referrals@window.example.jp' })
      .expect(200);
    const draft = await t.http
      .post(`/api/v1/cases/${caseRow.id}/referrals`)
      .set(counselorHeaders)
      .send({
        windowSlug: WINDOW,
        reason: '返金の可能性について助言を受けてもらいたい',
        method: 'letter',
        consent: { givenBy: 'client', fields: ['categories'] },
      } satisfies TCreateReferral)
      .expect(201);
    const sent = await t.http
      .post(`/api/v1/referrals/${(draft.body as TReferral).id}/status`)
      .set(counselorHeaders)
      .send({ to: 'sent', version: (draft.body as TReferral).version } satisfies TReferralStatusRequest)
      .expect(200);
    await t.http
      .post(`/api/v1/referrals/${(sent.body as TReferral).id}/link/email`)
      .set(counselorHeaders)
      .expect(200);
    const outboxBefore = await t.http.get('/api/v1/admin/mail-outbox').set(admin.headers).expect(200);
    const notice = (outboxBefore.body.items as { id: string; text: string }[]).find((m) =>
      m.text.includes('/p/'),
    );
    expect(notice).toBeDefined();
    // Stored encrypted: the mail's link and the TOTP secret are not in the database in clear.
    const storedMail = await db.mailOutbox.findUniqueOrThrow({ where: { id: notice!.id } });
    expect(storedMail.text).toMatch(/^enc:v1:/);
    const storedSecret = await db.user.findUniqueOrThrow({ where: { id: counselor.user.id } });
    expect(storedSecret.totpSecret).toMatch(/^enc:v1:/);

    const original = await tableContents(source.url);
    for (const table of ['cases', 'case_events', 'referrals', 'referral_links', 'audit_log', 'mail_outbox']) {
      expect(original[table]!.rows).toBeGreaterThan(0);
    }

    // ---- backup, with the command an operator runs (npm run db:backup)
    const file = path.join(workDir, 'drill.tar.gz');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/db-backup.ts', '--out', file],
      {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: source.url },
      },
    );
    const kekId = parseKek(TEST_KEK, 'kek').id;
    expect(stdout).toContain('The key-encryption key is NOT in this backup');
    expect(stdout).toContain(kekId);
    const manifest = await readManifest(file);
    const byName = (m: BackupManifest) => Object.fromEntries(m.tables.map((x) => [x.name, x.rows]));
    expect(byName(manifest)).toEqual(
      Object.fromEntries(Object.entries(original).map(([k, v]) => [k, v.rows])),
    );
    expect(manifest.tables.map((x) => x.name).indexOf('cases')).toBeLessThan(
      manifest.tables.map((x) => x.name).indexOf('referrals'),
    );
    expect(manifest.keyEncryptionKeyIds).toEqual([kekId]);
    // The archive holds the wrapped data keys and the ciphertexts, never the KEK nor the secrets in clear.
    const archive = gunzipSync(await readFile(file));
    const kekBytes = Buffer.from(TEST_KEK, 'base64');
    for (const secret of [kekBytes, Buffer.from(TEST_KEK), Buffer.from(kekBytes.toString('hex'))]) {
      expect(archive.includes(secret)).toBe(false);
    }
    expect(archive.includes(Buffer.from(counselor.secret))).toBe(false);
    expect(archive.includes(Buffer.from(notice!.text))).toBe(false);
    expect(archive.includes(Buffer.from(receipts[1]!))).toBe(true);

    // ---- restore into a new database, with the KEK supplied separately
    const restored = await restoreBackup({ file, databaseUrl: restoredUrl, kek: parseKek(TEST_KEK, 'kek') });
    expect(restored.keyCheck).toEqual(expect.objectContaining({ opened: restored.keyCheck!.dataKeys }));
    expect(restored.keyCheck!.dataKeys).toBeGreaterThan(0);
    expect(await tableContents(restoredUrl)).toEqual(original);
    // Sequences continue where they were: the next audit row does not reuse an id.
    const seq = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query('SELECT last_value::text AS v FROM audit_log_id_seq')).rows[0].v as string;
      } finally {
        await client.end();
      }
    };
    expect(await seq(restoredUrl)).toBe(await seq(source.url));

    // A database holding anything is refused, and left as it was.
    await expect(restoreBackup({ file, databaseUrl: restoredUrl })).rejects.toThrow(
      /is not empty[^]*--force/,
    );
    expect((await tableContents(restoredUrl)).cases).toEqual(original.cases);

    // ---- the real API on the restored database, as its restricted role
    await ensureAppRole({ ownerUrl: restoredUrl, appUrl: restoredAppUrl, mode: 'manage' });
    await expect(
      createTestApp({ DATABASE_URL: restoredAppUrl, MADOGUCHI_KEK: randomBytes(32).toString('base64') }),
    ).rejects.toThrow(/cannot open this database's data keys/);
    const r = await createTestApp({ DATABASE_URL: restoredAppUrl, MADOGUCHI_KEK: TEST_KEK });
    try {
      // The encrypted TOTP secret opens: the counselor signs in with the same authenticator (a later code: the
      // restored row remembers the last step used on the original, and a code is good once).
      r.advanceClock(t.now() - r.now());
      const login = await signIn(r, counselor.user, counselor.secret);
      expect(login.status).toBe(200);
      const headers = { authorization: `Bearer ${login.body.accessToken}` };
      const after = await r.http.get(`/api/v1/cases/${caseRow.id}`).set(headers).expect(200);
      expect(after.body.receiptNumber).toBe(receipts[0]);
      expect(after.body.intake.description).toBe(before.body.intake.description);
      const adminLogin = await signIn(r, admin.user, admin.totpSecret);
      expect(adminLogin.status).toBe(200);
      const outboxAfter = await r.http
        .get('/api/v1/admin/mail-outbox')
        .set({ authorization: `Bearer ${adminLogin.body.accessToken}` })
        .expect(200);
      expect(
        (outboxAfter.body.items as { id: string; text: string }[]).find((m) => m.id === notice!.id)?.text,
      ).toBe(notice!.text);
    } finally {
      await r.close();
    }
  });
});

/** A partitioned, append-only table as the growth work (issue 19 item 5) will add, with a row of its own. */
const PARTITIONED_MIGRATION = `
CREATE TABLE "drill_events" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "note" text NOT NULL,
  PRIMARY KEY ("id", "created_at")) PARTITION BY RANGE ("created_at");
CREATE TABLE "drill_events_default" PARTITION OF "drill_events" DEFAULT;
CREATE FUNCTION drill_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'drill_events is append-only'; END $$;
CREATE TRIGGER drill_events_append_only BEFORE UPDATE OR DELETE ON "drill_events"
  FOR EACH ROW EXECUTE FUNCTION drill_events_append_only();
INSERT INTO "drill_events" VALUES ('00000000-0000-4000-8000-000000000000', '2026-01-01T00:00:00Z', 'from the migration');
`;

describe('partitions and damage', () => {
  let other: TestDatabase;
  const created: string[] = [];
  const freshUrl = (suffix: string) => {
    const name = `${other.name}_${suffix}`;
    created.push(name);
    return withDatabase(other.url, name);
  };
  beforeAll(async () => {
    other = await createTestDatabase();
  });
  afterAll(async () => {
    for (const name of created) {
      await runAdminStatement(
        withDatabase(other.url, 'postgres'),
        `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`,
      );
    }
    await other?.drop();
  });

  it('re-creates partitions made outside the migrations, and refuses a damaged archive, committing nothing', async () => {
    const migrations = path.join(workDir, 'migrations');
    await cp(migrationsDir, migrations, { recursive: true });
    const extra = path.join(migrations, '29991231000000_drill_partitioned');
    await mkdir(extra);
    await writeFile(path.join(extra, 'migration.sql'), PARTITIONED_MIGRATION);
    await applyMigrations({ databaseUrl: other.url, migrationsDir: migrations });
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    try {
      // What a partition-making job does: a month's partition, created ahead as the owner.
      await client.query(
        `CREATE TABLE drill_events_2026_11 PARTITION OF drill_events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')`,
      );
      await client.query(
        `INSERT INTO drill_events SELECT gen_random_uuid(), timestamptz '2026-11-01' + i * interval '1 hour', 'n' || i
           FROM generate_series(1, 50) i`,
      );
      // An old month of the audit log, whose partition the migrations do not make.
      await client.query(`SELECT audit_log_attach_month('2024-01-01')`);
      await client.query(
        `INSERT INTO audit_log (at, action, entity) VALUES ('2024-01-15Z', 'drill.old', 'drill')`,
      );
    } finally {
      await client.end();
    }
    const file = path.join(workDir, 'partitioned.tar.gz');
    const { manifest } = await createBackup({ databaseUrl: other.url, file });
    // audit_log's months (migration 20261206030000_partition_audit_log) are listed too.
    expect(manifest.partitions.filter((p) => p.parent === 'drill_events')).toEqual([
      expect.objectContaining({ name: 'drill_events_2026_11', parent: 'drill_events' }),
      expect.objectContaining({ name: 'drill_events_default', parent: 'drill_events', bound: 'DEFAULT' }),
    ]);
    expect(manifest.tables.find((x) => x.name === 'drill_events')?.rows).toBe(51);

    // The migration's own row must make way (DELETE under the append-only trigger) and November's rows must land
    // in November's partition, which the migrations do not create.
    const target = freshUrl('part');
    await restoreBackup({ file, databaseUrl: target, migrationsDir: migrations });
    expect(await tableContents(target)).toEqual(await tableContents(other.url));
    const check = new pg.Client({ connectionString: target });
    await check.connect();
    try {
      const n = await check.query('SELECT count(*)::int AS n FROM drill_events_2026_11');
      expect(n.rows[0].n).toBe(50);
      // The append-only trigger is on again after the load.
      await expect(check.query('DELETE FROM drill_events')).rejects.toThrow(/append-only/);
      const old = await check.query(
        `SELECT tableoid::regclass::text AS part FROM audit_log WHERE action = 'drill.old'`,
      );
      expect(old.rows).toEqual([{ part: 'audit_log_y2024m01' }]);
      // The re-created month is guarded like one the job makes.
      await expect(check.query('TRUNCATE audit_log_y2024m01')).rejects.toThrow(/append-only/);
      await expect(check.query('DELETE FROM audit_log_y2024m01')).rejects.toThrow(/append-only/);
    } finally {
      await check.end();
    }

    // One byte of one table changed inside the archive: the restore stops and commits no row.
    const damaged = path.join(workDir, 'damaged.tar.gz');
    const writer = new ArchiveWriter(damaged);
    for await (const entry of readArchive(file)) {
      const content = await readEntry(entry);
      if (entry.name.endsWith('-referral_windows.copy')) {
        content[Math.floor(content.length / 2)]! ^= 0x01;
      }
      await writer.addBuffer(entry.name, content);
    }
    await writer.close();
    const refused = freshUrl('damaged');
    await expect(
      restoreBackup({ file: damaged, databaseUrl: refused, migrationsDir: migrations }),
    ).rejects.toThrow(/referral_windows: the archive's data does not match its manifest[^]*damaged/);
    const after = await tableContents(refused);
    expect(after.referral_windows!.rows).toBe(0);
    expect(after.drill_events!.rows).toBe(1); // the migration's row: the load's DELETE was rolled back too
  });
});
