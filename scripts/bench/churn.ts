// Update churn (issue 19: "a dataset … with updates (bloat)"). COPY leaves the big tables packed and in arrival
// order: every heap page full, every index freshly built. A live desk's tables are not like that. A case's row is
// written again at each assignment, status change, note (which rebuilds its search tokens) and follow-up date;
// where the page has no room, or an indexed column changes, the new version goes to another page and every index
// gets a new entry; autovacuum later frees the old version's space and index entries, leaving half-empty pages
// behind and the young cases' rows scattered over the table. This pass gives a generated data set that history
// for the cases of its last CHURN.days days (nearly every open case is among them) and their referrals:
// CHURN.rounds rewrites of each row, a VACUUM after each as autovacuum would run, then ANALYZE. The rewrites keep
// every value (`SET updated_at = updated_at`), so every figure the benchmark reads is unchanged; only where the
// rows lie and how full the pages are changes. Applied once per data set and recorded in its marker.
import type pg from 'pg';

export const CHURN = { days: 90, rounds: 2, batch: 10_000 } as const;

export type ChurnStats = {
  days: number;
  rounds: number;
  /** Row versions written per table over all rounds. */
  rewritten: { cases: number; referrals: number };
  /** Of the cases' rewrites, how many PostgreSQL could keep on the same page (heap-only tuples). */
  hotUpdates: number;
  seconds: number;
  /** Sizes before and after (bytes): the tables' heaps and all of the cases table's indexes. */
  bytes: {
    before: { casesHeap: number; casesIndexes: number; referralsHeap: number };
    after: { casesHeap: number; casesIndexes: number; referralsHeap: number };
  };
};

const TABLES = ['cases', 'referrals'] as const;

async function sizes(client: pg.Client): Promise<ChurnStats['bytes']['before']> {
  const { rows } = await client.query<{ cases_heap: string; cases_indexes: string; referrals_heap: string }>(
    `SELECT pg_relation_size('cases') AS cases_heap, pg_indexes_size('cases') AS cases_indexes,
            pg_relation_size('referrals') AS referrals_heap`,
  );
  return {
    casesHeap: Number(rows[0]!.cases_heap),
    casesIndexes: Number(rows[0]!.cases_indexes),
    referralsHeap: Number(rows[0]!.referrals_heap),
  };
}

async function hotCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT n_tup_hot_upd AS n FROM pg_stat_user_tables WHERE relid = 'cases'::regclass`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Rewrites the rows of the cases created in the `CHURN.days` days before `dataUntil` (and their referrals)
 * `CHURN.rounds` times in batches, with a VACUUM after each round. `client` must be free for the whole pass.
 */
export async function churnDataset(
  client: pg.Client,
  dataUntil: Date,
  log: (line: string) => void,
): Promise<ChurnStats> {
  const started = performance.now();
  const from = new Date(dataUntil.getTime() - CHURN.days * 86_400_000);
  const before = await sizes(client);
  // The statistics collector's counters are cumulative: the difference is this pass's.
  const hotBefore = await hotCount(client);
  const rewritten = { cases: 0, referrals: 0 };
  for (let round = 1; round <= CHURN.rounds; round += 1) {
    for (const table of TABLES) {
      // Batches by id order within the period: each statement a bounded transaction, as the API's writes are.
      const where =
        table === 'cases'
          ? `created_at >= $1 AND created_at < $2`
          : `case_id IN (SELECT id FROM cases WHERE created_at >= $1 AND created_at < $2)`;
      let after: string | null = null;
      for (;;) {
        const { rows }: { rows: { id: string }[] } = await client.query<{ id: string }>(
          `SELECT id FROM ${table} WHERE ${where} ${after === null ? '' : 'AND id > $3'}
           ORDER BY id LIMIT ${CHURN.batch}`,
          after === null ? [from, dataUntil] : [from, dataUntil, after],
        );
        if (rows.length === 0) {
          break;
        }
        const updated = await client.query(
          `UPDATE ${table} SET updated_at = updated_at WHERE id = ANY($1::uuid[])`,
          [rows.map((row) => row.id)],
        );
        rewritten[table] += updated.rowCount ?? 0;
        after = rows[rows.length - 1]!.id;
      }
    }
    await client.query(`VACUUM ${TABLES.join(', ')}`);
    log(
      `  churn round ${round} / ${CHURN.rounds}: ${rewritten.cases.toLocaleString('en-US')} case and ` +
        `${rewritten.referrals.toLocaleString('en-US')} referral rows rewritten so far ` +
        `(${((performance.now() - started) / 1000).toFixed(0)} s).`,
    );
  }
  await client.query(`ANALYZE ${TABLES.join(', ')}`);
  // pg_stat_user_tables is updated when the backend reports its counters (at the end of a transaction, at most
  // once a second): ask for it to be current.
  await client.query(`SELECT pg_stat_force_next_flush()`).catch(() => undefined);
  return {
    days: CHURN.days,
    rounds: CHURN.rounds,
    rewritten,
    hotUpdates: (await hotCount(client)) - hotBefore,
    seconds: (performance.now() - started) / 1000,
    bytes: { before, after: await sizes(client) },
  };
}
