// npm run audit:archive -- --before YYYY-MM [--out <dir>] [--retention-months <n>]
// npm run audit:partitions -- [--drain-default]
//
// The monthly partitions of audit_log (and, for audit:partitions, of case_events), as the owner of the schema
// (DATABASE_URL, else npm start's embedded PostgreSQL): scripts/lib/audit-partitions.ts; docs/deployment.md,
// "Audit log partitions and retention".
// - audit:archive: every month before YYYY-MM is COPYed into <out>/audit_log_yYYYYmMM.copy.gz with a manifest
//   (.json), then DETACHed and dropped. Default <out>: <MADOGUCHI_DATA_DIR>/audit-archive. Months inside the
//   retention period (--retention-months, default 24) are refused.
// - audit:partitions: lists the month partitions of audit_log and case_events and the rows in their DEFAULT
//   partitions; with --drain-default, moves those rows into partitions of their months.
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  archiveAuditPartitions,
  AuditPartitionError,
  DEFAULT_AUDIT_RETENTION_MONTHS,
  drainAuditDefault,
  listAuditPartitions,
  MONTHLY_TABLES,
} from './lib/audit-partitions';
import { dataDir } from './lib/data-dir';
import { resolveDatabase } from './lib/database';

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const log = (line: string) => console.log(`[audit:${command ?? ''}] ${line}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      before: { type: 'string' },
      out: { type: 'string' },
      'retention-months': { type: 'string' },
      'drain-default': { type: 'boolean' },
    },
  });
  if (command !== 'archive' && command !== 'partitions') {
    throw new AuditPartitionError(
      'Use: npm run audit:archive -- --before YYYY-MM, or npm run audit:partitions',
    );
  }
  if (command === 'archive' && !values.before) {
    throw new AuditPartitionError('Which months? npm run audit:archive -- --before YYYY-MM');
  }
  const database = await resolveDatabase(log);
  try {
    if (command === 'archive') {
      const retentionMonths =
        values['retention-months'] === undefined
          ? DEFAULT_AUDIT_RETENTION_MONTHS
          : Number(values['retention-months']);
      if (!Number.isInteger(retentionMonths) || retentionMonths < 0) {
        throw new AuditPartitionError('--retention-months takes a whole number of months');
      }
      const manifests = await archiveAuditPartitions({
        databaseUrl: database.url,
        before: values.before!,
        outDir: path.resolve(values.out ?? path.join(dataDir(), 'audit-archive')),
        retentionMonths,
        log,
      });
      const rows = manifests.reduce((sum, m) => sum + m.rows, 0);
      log(
        `${manifests.length} months archived (${rows} rows). Keep the files as the log itself: they hold IPs and who did what.`,
      );
      return;
    }
    for (const table of MONTHLY_TABLES) {
      if (values['drain-default']) {
        await drainAuditDefault({ databaseUrl: database.url, table, log });
      }
      const { months, defaultRows } = await listAuditPartitions(database.url, table);
      log(
        months.length === 0
          ? `${table} has no month partition.`
          : `${table}: ${months.length} month partitions: ${months[0]!.name} … ${months.at(-1)!.name}`,
      );
      log(
        defaultRows === 0
          ? `${table}_default is empty.`
          : `${table}_default holds ${defaultRows} rows: npm run audit:partitions -- --drain-default moves them.`,
      );
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AuditPartitionError ? `[audit] ${error.message}` : error);
  process.exit(1);
});
