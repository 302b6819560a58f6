// npm run db:backup -- [--out <file.tar.gz>]
//
// A logical backup of the application's data (scripts/lib/backup.ts; docs/deployment.md, "Backups"): every
// table of the owner's database (DATABASE_URL, else npm start's embedded PostgreSQL) COPYed out in one snapshot
// into one .tar.gz with a manifest (tables, row counts, SHA-256 per table, the schema's migration, the time).
// Default file: <MADOGUCHI_DATA_DIR>/backups/madoguchi-<database>-<UTC time>.tar.gz. The key-encryption key is
// never in it.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENCRYPTED_TEXT_COLUMNS } from '../apps/api/src/common/crypto/encrypted-columns';
import { BackupError, createBackup } from './lib/backup';
import { dataDir } from './lib/data-dir';
import { resolveDatabase } from './lib/database';

const log = (line: string) => console.log(`[db:backup] ${line}`);

function defaultFile(database: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return path.join(dataDir(), 'backups', `madoguchi-${database}-${stamp}.tar.gz`);
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const database = await resolveDatabase(log);
  try {
    const now = new Date();
    const name = decodeURIComponent(new URL(database.url).pathname.slice(1));
    const file = path.resolve(values.out ?? defaultFile(name, now));
    log(`Backing up "${name}" to ${file}…`);
    const started = Date.now();
    const { manifest, bytes } = await createBackup({ databaseUrl: database.url, file, log, now });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.tables.length} tables, ${rows} rows, ` +
        `${(bytes / 1024 / 1024).toFixed(1)} MiB, schema at migration ${manifest.schemaMigration}.`,
    );
    const encrypted = ENCRYPTED_TEXT_COLUMNS.map((c) => `${c.table}.${c.column}`).join(', ');
    log('');
    log('The key-encryption key is NOT in this backup, and never will be.');
    log(`  The encrypted columns (${encrypted}) can be read after a restore only with the KEK`);
    log(
      `  ${manifest.keyEncryptionKeyIds.join(', ') || '(no data keys yet)'}, supplied separately ` +
        '(MADOGUCHI_KEK / MADOGUCHI_KEK_FILE). Keep a copy of it apart from the backups.',
    );
    log('Everything else in it is personal data in clear (descriptions, contact details, notes):');
    log(
      '  keep the file encrypted and access-controlled, like the database itself (it is written with mode 0600).',
    );
    log(
      "Not included either: ACCESS_CODE_KEYS (keep them with the KEK: without them people's access codes fail),",
    );
    log('  evidence files (EVIDENCE_DIR or the S3 bucket), the job queue, the database roles.');
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? `[db:backup] ${error.message}` : error);
  process.exit(1);
});
