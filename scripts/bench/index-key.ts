// The index key of the benchmark's database, opened with the benchmark's KEK file as the API under test opens it
// (and made with the data keys when the database has none yet): search-key.ts derives the search tokens from it.
import path from 'node:path';
import { createDbClient } from '@madoguchi/db';
import { repoRoot } from '@madoguchi/db/tooling';
import { DataKeysRepository } from '../../apps/api/src/common/crypto/data-keys.repository';
import { ensureKekFile, readKekFile } from '../../apps/api/src/common/crypto/key-encryption-key';
import { openDataKeys } from '../../apps/api/src/common/crypto/keyring-loader';

/**
 * The benchmark's KEK file, made on first use (the API under test is started with it). It must outlive the run:
 * the data set (and its data keys) is reused by later runs. Kept beside the bench's database, outside it.
 */
export const BENCH_KEK_FILE = path.join(repoRoot, '.data', 'keys', 'bench-kek');

export function benchKekFile(): string {
  ensureKekFile(BENCH_KEK_FILE);
  return BENCH_KEK_FILE;
}

/** The root of the database's blind-index keys. */
export async function openBenchIndexKey(databaseUrl: string): Promise<Buffer> {
  const db = createDbClient({ databaseUrl });
  try {
    const opened = await openDataKeys({
      repository: new DataKeysRepository(db),
      kek: readKekFile(benchKekFile()),
      source: BENCH_KEK_FILE,
    });
    return opened.indexRootKey;
  } finally {
    await db.$disconnect();
  }
}
