// npm run db:restore -- <file.tar.gz> [--force]
//
// Restores a backup of `npm run db:backup` (scripts/lib/backup.ts; docs/deployment.md, "Backups") into the
// owner's database (DATABASE_URL, else npm start's embedded PostgreSQL, which must then be stopped): the
// schema from the project's own migrations as of the backup, the rows in one transaction with their counts and
// SHA-256 checked, the sequences, then newer migrations and the API role's grants. The database must be empty
// (or not exist yet); --force drops it and creates it again. Stop the API and workers first.
//
// The key-encryption key is not in the backup: give it as for the API (MADOGUCHI_KEK / MADOGUCHI_KEK_FILE, else
// npm start's .data/keys/kek when present) and the restore says whether it opens the restored data keys.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENCRYPTED_TEXT_COLUMNS } from '../apps/api/src/common/crypto/encrypted-columns';
import {
  KeyError,
  parseKek,
  readKekFile,
  type KeyEncryptionKey,
} from '../apps/api/src/common/crypto/key-encryption-key';
import { BackupError, restoreBackup } from './lib/backup';
import { ArchiveError } from './lib/backup-archive';
import { resolveApiDatabaseUrl, resolveDatabase } from './lib/database';
import { localKekFile } from './lib/local-kek';

const log = (line: string) => console.log(`[db:restore] ${line}`);

function suppliedKek(): { kek: KeyEncryptionKey; source: string } | undefined {
  if (process.env.MADOGUCHI_KEK) {
    return { kek: parseKek(process.env.MADOGUCHI_KEK, 'MADOGUCHI_KEK'), source: 'MADOGUCHI_KEK' };
  }
  if (process.env.MADOGUCHI_KEK_FILE) {
    const file = path.resolve(process.env.MADOGUCHI_KEK_FILE);
    return { kek: readKekFile(file), source: file };
  }
  const local = localKekFile();
  return existsSync(local) ? { kek: readKekFile(local), source: local } : undefined;
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { force: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    throw new BackupError('Usage: npm run db:restore -- <backup.tar.gz> [--force]');
  }
  const kek = suppliedKek();
  const database = await resolveDatabase(log);
  try {
    const started = Date.now();
    log(`Restoring ${path.resolve(file)}…`);
    const result = await restoreBackup({
      file: path.resolve(file),
      databaseUrl: database.url,
      force: values.force,
      kek: kek?.kek,
      log,
    });
    await resolveApiDatabaseUrl(database.url, log);
    const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
    log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.tables.length} tables, ${rows} rows ` +
        `(backup of "${result.manifest.database}" taken ${result.manifest.createdAt}), every count and hash checked.`,
    );
    const encrypted = ENCRYPTED_TEXT_COLUMNS.map((c) => `${c.table}.${c.column}`).join(', ');
    const needed = result.manifest.keyEncryptionKeyIds.join(', ');
    if (result.manifest.keyEncryptionKeyIds.length === 0) {
      log('The backup holds no data keys: nothing in it is encrypted, and any KEK will do for the API.');
    } else if (!kek || !result.keyCheck) {
      log(`No key-encryption key was given. The encrypted columns (${encrypted}) need the KEK ${needed}:`);
      log(
        '  give it to the API as MADOGUCHI_KEK or MADOGUCHI_KEK_FILE; without it the API refuses to start.',
      );
    } else if (result.keyCheck.opened === result.keyCheck.dataKeys) {
      log(
        `The KEK ${result.keyCheck.kekId} (${kek.source}) opens all ${result.keyCheck.dataKeys} data keys: ` +
          `the encrypted columns (${encrypted}) are readable. Start the API with the same KEK.`,
      );
    } else {
      log(
        `WARNING: the KEK ${result.keyCheck.kekId} (${kek.source}) opens ${result.keyCheck.opened} of ` +
          `${result.keyCheck.dataKeys} data keys. The backup needs ${needed}; the API will refuse to start ` +
          'until it gets that key.',
      );
    }
    log('Evidence files are not in the backup: restore EVIDENCE_DIR or the S3 bucket to the same time.');
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof BackupError || error instanceof ArchiveError || error instanceof KeyError;
  console.error(known ? `[db:restore] ${error.message}` : error);
  process.exit(1);
});
