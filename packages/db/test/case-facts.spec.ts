// The facts the statistics read from the row (migration stats_case_facts): the database keeps them
// from the events whoever writes those, fills them for rows that existed before the migration, and
// refuses a closed_at that contradicts the status.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { quoteIdent, runAdminStatement, withDatabase } from '../src/admin';
import { applyMigrations } from '../src/migrations';
import { migrationsDir } from '../src/paths';
import { createTestDatabase, type TestDatabase } from './test-database';

jest.setTimeout(120_000);

const FACTS_MIGRATION = /_stats_case_facts$/;

type Facts = {
  first_response_at: Date | null;
  last_reopened_at: Date | null;
  categories_judged_at: Date | null;
  triage_overridden: boolean | null;
  triage_rule_ids: string[];
};

const at = (iso: string) => new Date(`${iso}:00+09:00`);

/** Rows as the API would have written them, with as little as the schema needs. */
class Fixture {
  private receipts = 0;
  staffId = '';

  constructor(private readonly client: pg.Client) {}

  async staff(): Promise<void> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO users (id, email, display_name, role, password_hash, updated_at)
       VALUES (gen_random_uuid(), $1, 'Counselor', 'counselor', 'x', now()) RETURNING id`,
      [`c${Date.now()}@example.jp`],
    );
    this.staffId = rows[0]!.id;
    await this.client.query(
      `INSERT INTO referral_windows (slug, name_ja, name_en, operator, channels, hours, closures, categories,
                                     last_verified_at, updated_at)
       VALUES ('consumer-188', '消費者ホットライン', 'Consumer Hotline', 'CAA', '{phone}', '{}', '{}', '{}',
               '2026-01-01', now())
       ON CONFLICT DO NOTHING`,
    );
  }

  async case(matchedRuleIds: string[] = ['R1']): Promise<string> {
    this.receipts += 1;
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO cases (id, receipt_number, access_code_hash, urgency, priority, channel,
                          suggested_categories, confirmed_categories, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'x', 'normal', 'normal', 'web', '{fraud}', '{}', $2, $2) RETURNING id`,
      [`FACT${this.receipts}`, at('2026-04-01T09:00')],
    );
    const id = rows[0]!.id;
    await this.client.query(
      `INSERT INTO triage_results (id, case_id, rule_set_version, urgency, result, created_at)
       VALUES (gen_random_uuid(), $1, 'v1', 'normal', $2, $3)`,
      [id, JSON.stringify({ matchedRuleIds }), at('2026-04-01T09:00')],
    );
    return id;
  }

  async event(caseId: string, kind: string, when: string, data: object = {}, staff = true): Promise<void> {
    await this.client.query(
      `INSERT INTO case_events (id, case_id, kind, actor_id, data, created_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)`,
      [caseId, kind, staff ? this.staffId : null, JSON.stringify(data), at(when)],
    );
  }

  async facts(caseId: string): Promise<Facts> {
    const { rows } = await this.client.query<Facts>(
      `SELECT first_response_at, last_reopened_at, categories_judged_at, triage_overridden, triage_rule_ids
       FROM cases WHERE id = $1`,
      [caseId],
    );
    return rows[0]!;
  }

  async referral(caseId: string, sentAt: string | null): Promise<string> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO referrals (id, referral_number, case_id, window_slug, reason, method, status, consent,
                              sent_at, created_by_id, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'consumer-188', 'r', 'letter', $3, '{}', $4, $5, now())
       RETURNING id`,
      [
        `R-FACT-${(this.receipts += 1)}`,
        caseId,
        sentAt ? 'sent' : 'draft',
        sentAt ? at(sentAt) : null,
        this.staffId,
      ],
    );
    return rows[0]!.id;
  }

  async history(referralId: string, to: string, when: string): Promise<void> {
    await this.client.query(
      `INSERT INTO referral_status_changes (id, referral_id, "to", at) VALUES (gen_random_uuid(), $1, $2, $3)`,
      [referralId, to, at(when)],
    );
  }

  async firstSent(referralId: string): Promise<Date | null> {
    const { rows } = await this.client.query<{ first_sent_at: Date | null }>(
      `SELECT first_sent_at FROM referrals WHERE id = $1`,
      [referralId],
    );
    return rows[0]!.first_sent_at;
  }
}

describe('kept from the events', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let f: Fixture;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    f = new Fixture(client);
    await f.staff();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('first response: the earliest staff contact, public message or status change, in any order', async () => {
    const id = await f.case();
    await f.event(id, 'note', '2026-04-01T09:10'); // a note is not a response
    await f.event(id, 'status_change', '2026-04-01T09:05', { from: 'new', to: 'triaged' }, false); // no actor
    expect((await f.facts(id)).first_response_at).toBeNull();
    await f.event(id, 'contact', '2026-04-01T12:00');
    await f.event(id, 'public_message', '2026-04-01T10:00'); // recorded later, happened earlier
    await f.event(id, 'status_change', '2026-04-02T09:00', { from: 'triaged', to: 'in_progress' });
    expect((await f.facts(id)).first_response_at).toEqual(at('2026-04-01T10:00'));
  });

  it('reopening: the latest status change from closed', async () => {
    const id = await f.case();
    await f.event(id, 'status_change', '2026-04-02T09:00', { from: 'in_progress', to: 'closed' });
    expect((await f.facts(id)).last_reopened_at).toBeNull();
    await f.event(id, 'status_change', '2026-05-01T09:00', { from: 'closed', to: 'in_progress' });
    await f.event(id, 'status_change', '2026-04-20T09:00', { from: 'closed', to: 'in_progress' });
    expect((await f.facts(id)).last_reopened_at).toEqual(at('2026-05-01T09:00'));
  });

  it("triage's judgement: the latest category_change, its flag or else the sets, its rules or else triage's", async () => {
    const id = await f.case(['R7', 'R2', 'R7']);
    await f.event(id, 'category_change', '2026-04-01T10:00', {
      suggested: ['fraud'],
      confirmed: ['fraud'],
      overridden: true,
      ruleIds: ['R9'],
    });
    expect(await f.facts(id)).toMatchObject({
      categories_judged_at: at('2026-04-01T10:00'),
      triage_overridden: true,
      triage_rule_ids: ['R9'],
    });
    // No flag and no rules: suggested = confirmed as sets, the rules of the intake's triage.
    await f.event(id, 'category_change', '2026-04-03T10:00', {
      suggested: ['fraud', 'phishing'],
      confirmed: ['phishing', 'fraud'],
      ruleIds: [],
    });
    expect(await f.facts(id)).toMatchObject({ triage_overridden: false, triage_rule_ids: ['R2', 'R7'] });
    // An older confirmation recorded afterwards does not replace the latest.
    await f.event(id, 'category_change', '2026-04-02T10:00', { overridden: true, ruleIds: ['R1'] });
    expect(await f.facts(id)).toMatchObject({
      categories_judged_at: at('2026-04-03T10:00'),
      triage_overridden: false,
    });
  });

  it('first send of a referral: sent_at on the first send, then the earliest send in the history', async () => {
    const id = await f.referral(await f.case(), null);
    expect(await f.firstSent(id)).toBeNull();
    await client.query(`UPDATE referrals SET sent_at = $2, status = 'sent' WHERE id = $1`, [
      id,
      at('2026-04-05T09:00'),
    ]);
    expect(await f.firstSent(id)).toEqual(at('2026-04-05T09:00'));
    // A re-send moves sent_at, not the first send.
    await client.query(`UPDATE referrals SET sent_at = $2 WHERE id = $1`, [id, at('2026-04-20T09:00')]);
    expect(await f.firstSent(id)).toEqual(at('2026-04-05T09:00'));
    // The history knows of an earlier send (an import, say).
    await f.history(id, 'sent', '2026-04-04T09:00');
    await f.history(id, 'acknowledged', '2026-04-01T09:00');
    expect(await f.firstSent(id)).toEqual(at('2026-04-04T09:00'));
  });

  it('refuses closed_at on an open case and a closed case without closed_at', async () => {
    const id = await f.case();
    await expect(
      client.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [id]),
    ).rejects.toMatchObject({
      code: '23514',
    });
    await expect(
      client.query(`UPDATE cases SET closed_at = now() WHERE id = $1`, [id]),
    ).rejects.toMatchObject({
      code: '23514',
    });
    await client.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [id]);
    await client.query(`UPDATE cases SET status = 'in_progress', closed_at = NULL WHERE id = $1`, [id]);
  });
});

describe('rows from before the migration', () => {
  let db: TestDatabase;
  let scratch: string;
  let scratchUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-facts-'));
    scratchUrl = withDatabase(db.url, `${db.name}_facts`);
    await runAdminStatement(
      withDatabase(db.url, 'postgres'),
      `CREATE DATABASE ${quoteIdent(`${db.name}_facts`)}`,
    );
  });
  afterAll(async () => {
    await runAdminStatement(
      withDatabase(db.url, 'postgres'),
      `DROP DATABASE IF EXISTS ${quoteIdent(`${db.name}_facts`)} WITH (FORCE)`,
    );
    await rm(scratch, { recursive: true, force: true });
    await db.drop();
  });

  it('are filled in by the migration, and a closed case without closed_at is repaired', async () => {
    // The migrations up to the one before, then rows, then the rest.
    const names = (await readdir(migrationsDir)).filter((name) => /^\d{14}_/.test(name)).sort();
    const factsIndex = names.findIndex((name) => FACTS_MIGRATION.test(name));
    expect(factsIndex).toBeGreaterThan(0);
    await cp(migrationsDir, scratch, {
      recursive: true,
      filter: (source) => !names.slice(factsIndex).some((name) => source.includes(name)),
    });
    await applyMigrations({ databaseUrl: scratchUrl, migrationsDir: scratch });

    const client = new pg.Client({ connectionString: scratchUrl });
    await client.connect();
    try {
      const f = new Fixture(client);
      await f.staff();
      const answered = await f.case(['R3']);
      await f.event(answered, 'contact', '2026-04-01T11:00');
      await f.event(answered, 'status_change', '2026-04-01T10:00', { from: 'new', to: 'triaged' });
      await f.event(answered, 'category_change', '2026-04-01T10:30', {
        suggested: ['fraud'],
        confirmed: ['scam'],
      });
      await f.event(answered, 'status_change', '2026-04-02T10:00', { from: 'triaged', to: 'closed' });
      await client.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [answered]); // closed_at forgotten
      await f.event(answered, 'status_change', '2026-04-03T10:00', { from: 'closed', to: 'in_progress' });
      const referral = await f.referral(answered, '2026-04-09T09:00');
      await f.history(referral, 'sent', '2026-04-02T09:00');
      const untouched = await f.case();

      await cp(migrationsDir, scratch, { recursive: true });
      await applyMigrations({ databaseUrl: scratchUrl, migrationsDir: scratch });

      expect(await f.facts(answered)).toEqual({
        first_response_at: at('2026-04-01T10:00'),
        last_reopened_at: at('2026-04-03T10:00'),
        categories_judged_at: at('2026-04-01T10:30'),
        triage_overridden: true,
        triage_rule_ids: ['R3'],
      });
      expect(await f.facts(untouched)).toEqual({
        first_response_at: null,
        last_reopened_at: null,
        categories_judged_at: null,
        triage_overridden: null,
        triage_rule_ids: [],
      });
      expect(await f.firstSent(referral)).toEqual(at('2026-04-02T09:00'));
      const { rows } = await client.query(`SELECT closed_at FROM cases WHERE id = $1`, [answered]);
      expect(rows[0].closed_at).toEqual(at('2026-04-02T10:00'));
    } finally {
      await client.end();
    }
  });
});
