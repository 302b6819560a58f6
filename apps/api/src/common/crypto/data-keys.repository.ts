// The `data_keys` table. A plain class over a Prisma client (no Nest decorators), so the API's FieldCrypto and
// scripts/keys-rotate.ts share it.
import { randomBytes } from 'node:crypto';
import type { DataKey, DbClient, Prisma } from '@madoguchi/db';
import { DATA_KEY_BYTES } from './field-cipher';
import type { KeyEncryptionKey } from './key-encryption-key';

export type DataKeyPurpose = 'field' | 'index';

/** Serialises key creation and rotation across processes: two starts never make two index keys. */
const DATA_KEYS_LOCK = 0x6d64_6b31; // "mdk1"

type Tx = Prisma.TransactionClient;

export class DataKeysRepository {
  constructor(private readonly db: DbClient) {}

  list(): Promise<DataKey[]> {
    return this.db.dataKey.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /**
   * The newest unretired key of each purpose, creating one (wrapped by `kek`) when there is none. Under a
   * lock, so processes starting together agree on one key.
   */
  async ensureActive(kek: KeyEncryptionKey, purposes: DataKeyPurpose[]): Promise<DataKey[]> {
    return this.db.$transaction(async (tx) => {
      await lock(tx);
      const made: DataKey[] = [];
      for (const purpose of purposes) {
        const current = await tx.dataKey.findFirst({ where: { purpose, retiredAt: null } });
        if (!current) {
          made.push(await createKey(tx, kek, purpose));
        }
      }
      return made;
    });
  }

  /**
   * Re-wraps every data key (retired ones too, so nothing ever needs the old KEK again) from `current` to
   * `next` and makes a new active field key under `next`, in one transaction: an interruption leaves
   * everything as it was, and running it again finishes the job. Keys already under `next` are left alone.
   */
  async rewrapAll(args: {
    current: KeyEncryptionKey;
    next: KeyEncryptionKey;
  }): Promise<{ rewrapped: number; alreadyUnderNext: number; newDataKeyId: string | null }> {
    return this.db.$transaction(
      async (tx) => {
        await lock(tx);
        const keys = await tx.dataKey.findMany({ orderBy: { createdAt: 'asc' } });
        let rewrapped = 0;
        let alreadyUnderNext = 0;
        for (const key of keys) {
          if (key.kekId === args.next.id) {
            alreadyUnderNext += 1;
            continue;
          }
          if (key.kekId !== args.current.id) {
            throw new Error(
              `Data key ${key.id} is wrapped by ${key.kekId}, which is neither the current KEK (${args.current.id}) nor the new one (${args.next.id})`,
            );
          }
          const plain = await args.current.unwrap(Buffer.from(key.wrappedKey));
          await tx.dataKey.update({
            where: { id: key.id },
            data: { wrappedKey: new Uint8Array(await args.next.wrap(plain)), kekId: args.next.id },
          });
          rewrapped += 1;
        }
        // A new field key only when this run changed something: running it again after success adds none.
        const created = rewrapped > 0 || keys.length === 0 ? await createKey(tx, args.next, 'field') : null;
        return { rewrapped, alreadyUnderNext, newDataKeyId: created?.id ?? null };
      },
      { timeout: 60_000 },
    );
  }

  async retire(id: string, at: Date): Promise<void> {
    await this.db.dataKey.updateMany({ where: { id, retiredAt: null }, data: { retiredAt: at } });
  }
}

async function lock(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DATA_KEYS_LOCK}::bigint)`;
}

async function createKey(tx: Tx, kek: KeyEncryptionKey, purpose: DataKeyPurpose): Promise<DataKey> {
  const wrapped = await kek.wrap(randomBytes(DATA_KEY_BYTES));
  return tx.dataKey.create({ data: { purpose, wrappedKey: new Uint8Array(wrapped), kekId: kek.id } });
}
