// Bulk loading the way pg_restore does it: the big tables' indexes and every foreign key are
// dropped before the COPY and made again from their own definitions afterwards, which builds each
// index once by sorting instead of maintaining it row by row, and checks each foreign key in one
// join instead of one lookup per row. The schema afterwards is the migrated one, and that is
// checked: the definitions read back must equal the ones read before the drop.
import type pg from 'pg';

/** The tables the generator fills by the million. Identifiers keep theirs: the load upserts them. */
export const BULK_TABLES = [
  'cases',
  'intakes',
  'triage_results',
  'case_events',
  'audit_log',
  'referrals',
  'referral_status_changes',
  'case_links',
] as const;

type Constraint = { table: string; name: string; definition: string };
type Index = { table: string; name: string; definition: string };

export type SchemaObjects = {
  /** Every foreign key of the public schema (a key into a big table blocks dropping its primary key). */
  foreignKeys: Constraint[];
  /** Primary keys and unique constraints of the big tables. */
  keys: Constraint[];
  /** The big tables' other indexes. */
  indexes: Index[];
};

export async function readSchemaObjects(client: pg.Client): Promise<SchemaObjects> {
  const bulk = [...BULK_TABLES];
  const foreignKeys = await client.query<Constraint>(
    `SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
     WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace
       -- A partitioned table's key is dropped and added on the parent; its partitions' copies follow it.
       AND k.conparentid = 0
     ORDER BY 1, 2`,
  );
  const keys = await client.query<Constraint>(
    `SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
     WHERE k.contype IN ('p', 'u') AND k.connamespace = 'public'::regnamespace
       AND t.relname = ANY($1::text[])
     ORDER BY 1, 2`,
    [bulk],
  );
  const indexes = await client.query<Index>(
    `SELECT t.relname AS table, c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1::text[])
       AND NOT EXISTS (
         SELECT 1 FROM pg_constraint k
         WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
       )
     ORDER BY 1, 2`,
    [bulk],
  );
  return { foreignKeys: foreignKeys.rows, keys: keys.rows, indexes: indexes.rows };
}

export async function dropForBulkLoad(client: pg.Client, objects: SchemaObjects): Promise<void> {
  await client.query('BEGIN');
  for (const fk of objects.foreignKeys) {
    await client.query(`ALTER TABLE ${quote(fk.table)} DROP CONSTRAINT ${quote(fk.name)}`);
  }
  for (const key of objects.keys) {
    await client.query(`ALTER TABLE ${quote(key.table)} DROP CONSTRAINT ${quote(key.name)}`);
  }
  for (const index of objects.indexes) {
    await client.query(`DROP INDEX ${quote(index.name)}`);
  }
  await client.query('COMMIT');
}

/**
 * Keys and indexes first (spread over the given connections, biggest tables first), then the
 * foreign keys, which need the keys they point at. Throws if the schema read back differs.
 */
export async function restoreAfterBulkLoad(
  clients: pg.Client[],
  objects: SchemaObjects,
  log: (line: string) => void,
): Promise<{ indexSeconds: number; foreignKeySeconds: number }> {
  const started = performance.now();
  for (const client of clients) {
    await client.query(`SET maintenance_work_mem = '1GB'`);
  }
  // Longest first, so the two connections finish together: the GIN index over the search bigrams
  // (about 60 % of the whole at a million cases, and PostgreSQL 17 builds it on one core), then the
  // btrees by the size of their table.
  const { rows: sizes } = await clients[0]!.query<{ table: string; bytes: string }>(
    `SELECT relname AS table, pg_relation_size(oid) AS bytes FROM pg_class
     WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1::text[])`,
    [[...BULK_TABLES]],
  );
  const bytes = new Map(sizes.map((row) => [row.table, Number(row.bytes)]));
  const cost = (build: { table: string; sql: string }) =>
    (/ USING gin /i.test(build.sql) ? 1e15 : 0) + (bytes.get(build.table) ?? 0);
  const builds = [
    ...objects.keys.map((key) => ({
      table: key.table,
      sql: `ALTER TABLE ${quote(key.table)} ADD CONSTRAINT ${quote(key.name)} ${key.definition}`,
    })),
    // A partitioned table's index reads back as `ON ONLY parent`, which would build the parent's (invalid) index
    // alone: built on the parent, it is built on every partition and attached, as the migration built it.
    ...objects.indexes.map((index) => ({
      table: index.table,
      sql: index.definition.replace(/ ON ONLY /, ' ON '),
    })),
  ].sort((a, b) => cost(b) - cost(a));
  await runOn(
    clients,
    builds.map((build) => build.sql),
  );
  const indexSeconds = (performance.now() - started) / 1000;
  log(`Built ${builds.length} keys and indexes in ${indexSeconds.toFixed(1)} s.`);
  const fkStarted = performance.now();
  // Each ADD CONSTRAINT validates every existing row: a loader bug shows up here, not in the API.
  await runOn(
    clients,
    objects.foreignKeys.map(
      (fk) => `ALTER TABLE ${quote(fk.table)} ADD CONSTRAINT ${quote(fk.name)} ${fk.definition}`,
    ),
  );
  const foreignKeySeconds = (performance.now() - fkStarted) / 1000;
  log(`Added and checked ${objects.foreignKeys.length} foreign keys in ${foreignKeySeconds.toFixed(1)} s.`);
  const invalid = await clients[0]!.query<{ name: string }>(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid AND c.relnamespace = 'public'::regnamespace
     WHERE NOT i.indisvalid`,
  );
  if (invalid.rows.length > 0) {
    throw new Error(
      `Indexes left invalid after the bulk load: ${invalid.rows.map((r) => r.name).join(', ')}`,
    );
  }
  const after = await readSchemaObjects(clients[0]!);
  if (JSON.stringify(after) !== JSON.stringify(objects)) {
    throw new Error(
      `The schema after the bulk load differs from the migrated one:\n` +
        `before: ${JSON.stringify(objects, null, 1)}\nafter: ${JSON.stringify(after, null, 1)}`,
    );
  }
  return { indexSeconds, foreignKeySeconds };
}

/** Runs the statements in order, each on the next free connection. */
async function runOn(clients: pg.Client[], statements: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < statements.length) {
        await client.query(statements[next++]!);
      }
    }),
  );
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * Triggers that derive facts from the rows being loaded (migration stats_case_facts). Fired row by
 * row they would turn the COPY of 8 million events into as many updates of cases, so they are off
 * during the load and the generator writes the facts itself; `checkFacts` then compares a sample
 * with what the database's own functions derive. (The guard triggers stay on: the closed_at check
 * and the append-only audit log see every loaded row.)
 */
const FACT_TRIGGERS = [
  { table: 'case_events', name: 'case_events_keep_case_facts' },
  { table: 'referrals', name: 'referrals_keep_first_sent' },
  { table: 'referral_status_changes', name: 'referral_status_changes_keep_first_sent' },
  // cases.next_follow_up_at (migration case_next_follow_up): on, each referral's row updated its case and each
  // case's row read its referrals — without the keys and indexes of the load, a scan of the whole table each
  // time, so the load slowed as it grew (1,000,000 cases would have taken hours).
  { table: 'referrals', name: 'referrals_keep_case_next_follow_up' },
  { table: 'cases', name: 'cases_keep_next_follow_up' },
] as const;

export async function setFactTriggers(client: pg.Client, enabled: boolean): Promise<void> {
  for (const trigger of FACT_TRIGGERS) {
    await client.query(
      `ALTER TABLE ${quote(trigger.table)} ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${quote(trigger.name)}`,
    );
  }
}

/** Checks the generator's facts on about 1 % of the cases and referrals; throws on any difference. */
export async function checkFacts(client: pg.Client): Promise<{ cases: number; referrals: number }> {
  const { rows } = await client.query<{
    checked: number;
    first_response: number;
    reopened: number;
    judged: number;
    next_follow_up: number;
  }>(
    `SELECT count(*)::int AS checked,
       (count(*) FILTER (WHERE s.next_follow_up_at IS DISTINCT FROM
          LEAST(s.follow_up_at, case_referral_follow_up(s.id))))::int AS next_follow_up,
       (count(*) FILTER (WHERE s.first_response_at IS DISTINCT FROM (
          SELECT min(e.created_at) FROM case_events e
          WHERE e.case_id = s.id AND e.actor_id IS NOT NULL
            AND e.kind IN ('contact', 'public_message', 'status_change'))))::int AS first_response,
       (count(*) FILTER (WHERE s.last_reopened_at IS DISTINCT FROM (
          SELECT max(e.created_at) FROM case_events e
          WHERE e.case_id = s.id AND e.kind = 'status_change' AND e.data->>'from' = 'closed')))::int AS reopened,
       (count(*) FILTER (WHERE s.categories_judged_at IS DISTINCT FROM l.created_at
          OR s.triage_overridden IS DISTINCT FROM
             (CASE WHEN l.data IS NULL THEN NULL ELSE case_category_overridden(l.data) END)
          OR s.triage_rule_ids IS DISTINCT FROM
             (CASE WHEN l.data IS NULL THEN '{}'::text[] ELSE case_category_rule_ids(s.id, l.data) END)))::int AS judged
     FROM cases s TABLESAMPLE SYSTEM (1) REPEATABLE (1)
     LEFT JOIN LATERAL (
       SELECT e.created_at, e.data FROM case_events e
       WHERE e.case_id = s.id AND e.kind = 'category_change'
       ORDER BY e.created_at DESC, e.id DESC LIMIT 1
     ) l ON TRUE`,
  );
  const referrals = await client.query<{ checked: number; first_sent: number }>(
    `SELECT count(*)::int AS checked,
       (count(*) FILTER (WHERE r.first_sent_at IS DISTINCT FROM coalesce(
          (SELECT min(h.at) FROM referral_status_changes h WHERE h.referral_id = r.id AND h."to" = 'sent'),
          r.sent_at)))::int AS first_sent
     FROM referrals r TABLESAMPLE SYSTEM (1) REPEATABLE (1)`,
  );
  const c = rows[0]!;
  const r = referrals.rows[0]!;
  if (c.first_response + c.reopened + c.judged + c.next_follow_up + r.first_sent > 0) {
    throw new Error(
      `The generator's derived facts differ from the database's: of ${c.checked} sampled cases, ` +
        `${c.first_response} first responses, ${c.reopened} reopenings, ${c.judged} triage judgements, ` +
        `${c.next_follow_up} next follow-up dates; ` +
        `of ${r.checked} referrals, ${r.first_sent} first sends.`,
    );
  }
  return { cases: c.checked, referrals: r.checked };
}
