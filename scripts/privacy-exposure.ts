// npm run privacy:exposure -- --from <ISO> --to <ISO> [--case <receipt>...] [--json]
// For a time window (and optionally some cases): what personal data was readable by whom, from the audit log —
// the first thing a report to the Personal Information Protection Commission needs. Reads DATABASE_URL (or the
// embedded PostgreSQL) as `npm run db:*` do. The same report: GET /api/v1/privacy/exposure and /admin/privacy.
import { createDbClient } from './lib/db-tools';
import { resolveDatabase } from './lib/database';
import { exposureReport, formatExposure, parseExposureArgs, UsageError } from './lib/privacy-exposure';

async function main(): Promise<void> {
  const args = parseExposureArgs(process.argv.slice(2));
  // Progress to stderr, so `--json > report.json` holds the report only.
  const database = await resolveDatabase((line) => console.error(line));
  const db = createDbClient({ databaseUrl: database.url, poolSize: 2 });
  try {
    const report = await exposureReport(db, args.query);
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatExposure(report));
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
