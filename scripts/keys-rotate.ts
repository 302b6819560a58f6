// npm run keys:rotate -- [--new-key-file <path>] [--generate]
//
// Rotates the key-encryption key (KEK) of the encrypted fields (README, "Encryption keys"):
// 1. every data key in `data_keys` is re-wrapped from the current KEK to the new one, and a new active data
//    key is made under the new KEK — all in one transaction, so an interrupted run changes nothing and running
//    the same command again finishes it (keys already under the new KEK are left alone);
// 2. then restart the API (and worker) with only the new KEK: at start it queues keys.reencrypt, which moves
//    every row to the new data key in batches (resumable) and retires the data keys no row uses any more.
//
// Current KEK: MADOGUCHI_KEK, else MADOGUCHI_KEK_FILE, else npm start's <data>/keys/kek.
// New KEK: MADOGUCHI_KEK_NEW (base64 of 32 bytes), else --new-key-file <path> (created when --generate is given
// and it does not exist). With neither and the local key file in use, --generate makes <data>/keys/kek.next and,
// once the data keys are re-wrapped, swaps it in: kek.next → kek, the old kek → kek.before-<time>.
// Database: DATABASE_URL (the owner's), else npm start's embedded PostgreSQL.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DataKeysRepository } from '../apps/api/src/common/crypto/data-keys.repository';
import {
  ensureKekFile,
  KeyError,
  parseKek,
  readKekFile,
  type KeyEncryptionKey,
} from '../apps/api/src/common/crypto/key-encryption-key';
import { createDbClient } from './lib/db-tools';
import { resolveDatabase } from './lib/database';
import { localKekFile } from './lib/local-kek';

const log = (line: string) => console.log(`[keys:rotate] ${line}`);

const { values: args } = parseArgs({
  options: {
    'new-key-file': { type: 'string' },
    generate: { type: 'boolean', default: false },
  },
});

type Source = { kek: KeyEncryptionKey; description: string; file?: string };

function currentKek(): Source {
  if (process.env.MADOGUCHI_KEK) {
    return { kek: parseKek(process.env.MADOGUCHI_KEK, 'MADOGUCHI_KEK'), description: 'MADOGUCHI_KEK' };
  }
  const file = path.resolve(process.env.MADOGUCHI_KEK_FILE || localKekFile());
  return { kek: readKekFile(file), description: file, file };
}

function nextKek(current: Source): Source & { swapInto?: string } {
  if (process.env.MADOGUCHI_KEK_NEW) {
    return {
      kek: parseKek(process.env.MADOGUCHI_KEK_NEW, 'MADOGUCHI_KEK_NEW'),
      description: 'MADOGUCHI_KEK_NEW',
    };
  }
  const given = args['new-key-file'];
  if (given) {
    const file = path.resolve(given);
    if (args.generate && ensureKekFile(file)) {
      log(`Generated the new key file ${file} (mode 0600).`);
    }
    return { kek: readKekFile(file), description: file, file };
  }
  const local = localKekFile();
  if (args.generate && current.file === local) {
    const file = `${local}.next`;
    if (ensureKekFile(file)) {
      log(`Generated the new key file ${file} (mode 0600).`);
    }
    return { kek: readKekFile(file), description: file, file, swapInto: local };
  }
  throw new KeyError(
    'Give the new key-encryption key: MADOGUCHI_KEK_NEW=<base64 of 32 bytes>, or --new-key-file <path> (add --generate to create it), or --generate alone to replace the local key file of npm start',
  );
}

async function main() {
  const current = currentKek();
  const next = nextKek(current);
  if (next.kek.id === current.kek.id) {
    throw new KeyError('The new key-encryption key is the same as the current one');
  }
  log(
    `Current KEK ${current.kek.id} (${current.description}); new KEK ${next.kek.id} (${next.description}).`,
  );
  const database = await resolveDatabase(log);
  try {
    const db = createDbClient({ databaseUrl: database.url, poolSize: 1 });
    try {
      const result = await new DataKeysRepository(db).rewrapAll({ current: current.kek, next: next.kek });
      log(
        `Re-wrapped ${result.rewrapped} data keys (${result.alreadyUnderNext} were already under the new KEK)` +
          (result.newDataKeyId
            ? `; new active data key ${result.newDataKeyId}.`
            : '; no new data key needed.'),
      );
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
  if (next.swapInto && next.file) {
    const kept = `${next.swapInto}.before-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (existsSync(next.swapInto)) {
      renameSync(next.swapInto, kept);
    }
    renameSync(next.file, next.swapInto);
    log(`The local key file ${next.swapInto} now holds the new KEK; the old one is kept as ${kept}.`);
  }
  log('Next:');
  log(
    '  1. Restart every API and worker process with only the new KEK (MADOGUCHI_KEK / MADOGUCHI_KEK_FILE).',
  );
  log('     A process still running with the old KEK cannot open the new data key.');
  log(
    '  2. At start the API queues keys.reencrypt: rows move to the new data key and unused data keys are retired.',
  );
  log(
    '  3. The database no longer needs the old KEK. Backups taken before this rotation still do: keep the old',
  );
  log('     KEK as long as you keep those backups, then destroy it.');
}

main().catch((error: unknown) => {
  console.error(error instanceof KeyError ? `[keys:rotate] ${error.message}` : error);
  process.exit(1);
});
