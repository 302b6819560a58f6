// The data keys of the benchmark's database, opened with the benchmark's KEK file as the API under test opens them
// (and made when the database has none yet): search-key.ts derives the search tokens from the index key, the
// baseline server encrypts with the field key as the API does.
import path from 'node:path';
import { createDbClient } from '@madoguchi/db';
import { repoRoot } from '@madoguchi/db/tooling';
import { DataKeysRepository } from '../../apps/api/src/common/crypto/data-keys.repository';
import {
  blindIndexToken,
  decryptString,
  deriveIndexKey,
  encryptString,
  type FieldLocation,
  type Keyring,
} from '../../apps/api/src/common/crypto/field-cipher';
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

/** The database's data keys: the field keyring and the root of the blind-index keys. */
export async function openBenchKeys(
  databaseUrl: string,
): Promise<{ keyring: Keyring; indexRootKey: Buffer }> {
  const db = createDbClient({ databaseUrl });
  try {
    const opened = await openDataKeys({
      repository: new DataKeysRepository(db),
      kek: readKekFile(benchKekFile()),
      source: BENCH_KEK_FILE,
    });
    return { keyring: opened.keyring, indexRootKey: opened.indexRootKey };
  } finally {
    await db.$disconnect();
  }
}

/** The root of the database's blind-index keys. */
export async function openBenchIndexKey(databaseUrl: string): Promise<Buffer> {
  return (await openBenchKeys(databaseUrl)).indexRootKey;
}

/**
 * What the API's FieldCrypto does: encryptString under the active field key, decryptString, and blindIndex (derived
 * index keys cached, as there). For the generator's threads and the baseline server.
 */
export type BenchFieldCrypto = {
  encryptString(plain: string, location: FieldLocation): string;
  decryptString(stored: string, location: FieldLocation): Promise<string>;
  blindIndex(indexName: string, normalisedValue: string): string;
};

export function benchFieldCrypto(keys: { keyring: Keyring; indexRootKey: Buffer }): BenchFieldCrypto {
  const indexKeys = new Map<string, Buffer>();
  return {
    encryptString: (plain, location) => encryptString(keys.keyring, plain, location),
    decryptString: (stored, location) => Promise.resolve(decryptString(keys.keyring, stored, location).value),
    blindIndex(indexName, normalisedValue) {
      let key = indexKeys.get(indexName);
      if (!key) {
        key = deriveIndexKey(keys.indexRootKey, indexName);
        indexKeys.set(indexName, key);
      }
      return blindIndexToken(key, normalisedValue);
    },
  };
}

/** The keys as the generator's threads take them (FactoryConfig): hex strings, the active field key only. */
export function factoryKeys(keys: { keyring: Keyring; indexRootKey: Buffer }): {
  indexRootKey: string;
  fieldKeyId: string;
  fieldKey: string;
} {
  return {
    indexRootKey: keys.indexRootKey.toString('hex'),
    fieldKeyId: keys.keyring.activeId,
    fieldKey: keys.keyring.keys.get(keys.keyring.activeId)!.toString('hex'),
  };
}
