// Opens the data keys with the KEK at start. No Nest imports (the rotation script and tests use it too).
import type { DataKey } from '@madoguchi/db';
import type { DataKeysRepository } from './data-keys.repository';
import type { Keyring } from './field-cipher';
import { KeyError, type KeyEncryptionKey } from './key-encryption-key';

export type OpenedKeys = {
  keyring: Keyring;
  /** The root of the blind indexes' HMAC keys (deriveIndexKey). */
  indexRootKey: Buffer;
  /** Data keys this start created (a new database, or the first start after this feature). */
  created: DataKey[];
};

/**
 * Unwraps every data key with `kek`, failing before anything is written when one is wrapped by another
 * KEK or does not open: a process with the wrong key must never write values no one can read later.
 * Then makes the active field key and the index key if the database has none yet.
 */
export async function openDataKeys(args: {
  repository: DataKeysRepository;
  kek: KeyEncryptionKey;
  /** Where the KEK came from, for the message (never the key itself). */
  source: string;
}): Promise<OpenedKeys> {
  await unwrapAll(args, await args.repository.list());
  const created = await args.repository.ensureActive(args.kek, ['field', 'index']);
  const rows = await args.repository.list();
  const keys = await unwrapAll(args, rows);
  const field = rows.filter((r) => r.purpose === 'field' && !r.retiredAt).at(-1);
  const index = rows.filter((r) => r.purpose === 'index' && !r.retiredAt).at(0);
  if (!field || !index) {
    throw new KeyError('The data keys could not be created');
  }
  return {
    keyring: { activeId: field.id, keys },
    indexRootKey: keys.get(index.id)!,
    created,
  };
}

async function unwrapAll(
  args: { kek: KeyEncryptionKey; source: string },
  rows: DataKey[],
): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  for (const row of rows) {
    if (row.kekId !== args.kek.id) {
      throw new KeyError(wrongKek(args, `data key ${row.id} is wrapped by ${row.kekId}`));
    }
    try {
      keys.set(row.id, await args.kek.unwrap(Buffer.from(row.wrappedKey)));
    } catch {
      throw new KeyError(wrongKek(args, `data key ${row.id} does not open (altered?)`));
    }
  }
  return keys;
}

function wrongKek(args: { kek: KeyEncryptionKey; source: string }, detail: string): string {
  return [
    `The key-encryption key from ${args.source} (id ${args.kek.id}) cannot open this database's data keys: ${detail}.`,
    'Start with the key this database was encrypted with (MADOGUCHI_KEK or MADOGUCHI_KEK_FILE; see the README, "Encryption keys").',
    'Nothing was written.',
  ].join('\n');
}
