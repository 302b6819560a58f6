import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ApiConfig } from '../../config/api-config';
import { PrismaService } from '../../db/prisma.service';
import { AppError } from '../errors/app-error';
import { DataKeysRepository } from './data-keys.repository';
import {
  blindIndexToken,
  dataKeyIdOf,
  decryptBuffer,
  decryptString,
  deriveIndexKey,
  encryptBuffer,
  encryptString,
  type FieldLocation,
  type Keyring,
} from './field-cipher';
import { KeyError, resolveKek, type KeyEncryptionKey } from './key-encryption-key';
import { openDataKeys } from './keyring-loader';
import { DecryptStream, EncryptStream } from './stream-cipher';

/**
 * Field encryption for the whole API: opens the data keys with the KEK at start (a missing or wrong key stops
 * the start with a readable KeyError, before anything is written) and encrypts/decrypts values bound to their
 * table, column and row id. Repositories/services call it around the columns listed in encrypted-columns.ts.
 *
 * Like the rest of the API, a process whose database is down still starts: the data keys are then opened in
 * the background (with back-off) and encryption answers 503 until they are. A wrong key found then is logged
 * and every use of encryption fails with its message: nothing is ever written under a key no one holds.
 */
@Injectable()
export class FieldCrypto implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FieldCrypto.name);
  private kek: KeyEncryptionKey | undefined;
  private source = '';
  private keyring: Keyring | undefined;
  private indexRootKey: Buffer | undefined;
  private readonly indexKeys = new Map<string, Buffer>();
  private failure: KeyError | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: ApiConfig,
    private readonly prisma: PrismaService,
  ) {}

  async onModuleInit(): Promise<void> {
    const resolved = resolveKek(this.config.env);
    if (resolved.generated) {
      this.logger.warn(
        `Generated a local key-encryption key in ${resolved.source}. It is not part of any database backup: keep a copy apart from the backups, or the encrypted fields cannot be read after a restore.`,
      );
    }
    this.kek = resolved.kek;
    this.source = resolved.source;
    try {
      await this.reload();
    } catch (error) {
      if (error instanceof KeyError) {
        throw error;
      }
      this.logger.warn(`Cannot open the data keys yet (${errorLine(error)}); trying again in the background`);
      this.retryLater(1_000);
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private retryLater(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.reload().then(
        () => this.logger.log('Opened the data keys'),
        (error: unknown) => {
          if (error instanceof KeyError) {
            this.failure = error;
            this.logger.error(error.message);
            return;
          }
          this.retryLater(Math.min(delayMs * 2, 30_000));
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }

  private get repository(): DataKeysRepository {
    return new DataKeysRepository(this.prisma.client);
  }

  private async reload(): Promise<Keyring> {
    const opened = await openDataKeys({
      repository: this.repository,
      kek: this.requireKek(),
      source: this.source,
    });
    for (const key of opened.created) {
      this.logger.log(`Created the ${key.purpose} data key ${key.id} under ${key.kekId}`);
    }
    this.keyring = opened.keyring;
    this.indexRootKey = opened.indexRootKey;
    return opened.keyring;
  }

  private requireKek(): KeyEncryptionKey {
    if (!this.kek) {
      throw new Error('FieldCrypto is used before the module started');
    }
    return this.kek;
  }

  private requireKeyring(): Keyring {
    if (this.failure) {
      throw this.failure;
    }
    if (!this.keyring) {
      throw new AppError('unavailable', {
        message: 'The data keys are not open yet (database unreachable at start)',
      });
    }
    return this.keyring;
  }

  /**
   * Whether encryption can be used: `open` (the data keys are open), `opening` (the database was unreachable at
   * start; retried in the background) or `failed` (the KEK does not open them). Readiness reports it.
   */
  get keysState(): 'open' | 'opening' | 'failed' {
    return this.failure ? 'failed' : this.keyring ? 'open' : 'opening';
  }

  /** The data key new values are encrypted with. */
  get activeDataKeyId(): string {
    return this.requireKeyring().activeId;
  }

  /** The id of the KEK this process opened the data keys with (never the key). */
  get kekId(): string {
    return this.requireKek().id;
  }

  encryptString(plain: string, location: FieldLocation): string {
    return encryptString(this.requireKeyring(), plain, location);
  }

  /**
   * The clear text of a stored value (a clear legacy value is returned as it is). A value that does not open
   * throws DecryptionError: never a wrong value.
   */
  async decryptString(stored: string, location: FieldLocation): Promise<string> {
    return (await this.decryptStringDetailed(stored, location)).value;
  }

  async decryptStringDetailed(stored: string, location: FieldLocation) {
    return decryptString(await this.keyringFor(dataKeyIdOf(stored)), stored, location);
  }

  encryptBuffer(plain: Buffer, location: FieldLocation): Buffer {
    return encryptBuffer(this.requireKeyring(), plain, location);
  }

  async decryptBuffer(stored: Buffer, location: FieldLocation): Promise<Buffer> {
    const keyring = this.requireKeyring();
    return decryptBuffer(keyring, stored, location).value;
  }

  /** Encrypts a file as it streams through (stream-cipher.ts), under the active data key. */
  encryptStream(location: FieldLocation): EncryptStream {
    return new EncryptStream(this.requireKeyring(), location);
  }

  /** Decrypts a file encrypted by encryptStream; a file stored before encryption passes through unchanged. */
  decryptStream(location: FieldLocation): DecryptStream {
    this.requireKeyring();
    return new DecryptStream((dataKeyId) => this.keyringFor(dataKeyId), location);
  }

  /**
   * A keyed exact-match token for a blind index (e.g. contact details): the value must already be normalised
   * by the caller (same normalisation when writing and when searching). Each `indexName` has its own key.
   */
  blindIndex(indexName: string, normalisedValue: string): string {
    let key = this.indexKeys.get(indexName);
    if (!key) {
      if (!this.indexRootKey) {
        this.requireKeyring();
        throw new Error('FieldCrypto has no index key');
      }
      key = deriveIndexKey(this.indexRootKey, indexName);
      this.indexKeys.set(indexName, key);
    }
    return blindIndexToken(key, normalisedValue);
  }

  /** A ciphertext under a data key made after this process started (another process's): load it once. */
  private async keyringFor(dataKeyId: string | null): Promise<Keyring> {
    const keyring = this.requireKeyring();
    if (dataKeyId === null || keyring.keys.has(dataKeyId)) {
      return keyring;
    }
    const reloaded = await this.reload();
    // Keep writing with the key this process started with: a newer one may have been made by another process.
    this.keyring = { activeId: keyring.activeId, keys: reloaded.keys };
    return this.keyring;
  }
}

function errorLine(error: unknown): string {
  return (
    (error instanceof Error ? error.message : String(error)).split('\n').filter(Boolean).at(-1) ??
    'unknown error'
  );
}
