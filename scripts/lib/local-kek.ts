// The key-encryption key of `npm start` (README, "Encryption keys"): MADOGUCHI_KEK or MADOGUCHI_KEK_FILE when
// set, else a key file generated once in <data>/keys/kek — outside <data>/postgres, so no copy of the
// database's files ever holds it.
import path from 'node:path';
import { ensureKekFile } from '../../apps/api/src/common/crypto/key-encryption-key';
import { dataDir } from './data-dir';

export function localKekFile(): string {
  return path.join(dataDir(), 'keys', 'kek');
}

/** The API's KEK variables; generates the local key file (and says so) when neither is set. */
export function localKekEnv(log: (line: string) => void): {
  MADOGUCHI_KEK?: string;
  MADOGUCHI_KEK_FILE?: string;
} {
  if (process.env.MADOGUCHI_KEK) {
    return { MADOGUCHI_KEK: process.env.MADOGUCHI_KEK };
  }
  if (process.env.MADOGUCHI_KEK_FILE) {
    return { MADOGUCHI_KEK_FILE: path.resolve(process.env.MADOGUCHI_KEK_FILE) };
  }
  const file = localKekFile();
  if (ensureKekFile(file)) {
    log(
      `Generated the key-encryption key of the encrypted fields: ${path.relative(process.cwd(), file)} (mode 0600).`,
    );
    log('  It is not part of any database backup (nor of .data/postgres): keep a copy of it somewhere else,');
    log(
      '  or a restored database cannot be read. Production needs MADOGUCHI_KEK or MADOGUCHI_KEK_FILE instead.',
    );
  }
  return { MADOGUCHI_KEK_FILE: file };
}
