// The key-encryption key (KEK): it wraps the data keys stored in `data_keys` and never enters the database.
// No Nest imports: scripts/keys-rotate.ts uses this file as it is.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What field encryption needs of a KEK. `LocalKeyEncryptionKey` holds the key in memory; a KMS
 * implementation (AWS KMS Encrypt/Decrypt, Cloud KMS…) fits the same shape, with `id` naming the KMS key.
 */
export type KeyEncryptionKey = {
  /** Stable and not secret: stored with each wrapped data key, so a wrong KEK is named, not guessed. */
  readonly id: string;
  wrap(dataKey: Buffer): Promise<Buffer>;
  /** Throws when the wrapped key was not made by this KEK or was altered. */
  unwrap(wrapped: Buffer): Promise<Buffer>;
};

/** A start-up problem with the keys, reported as its message alone (no stack), like EnvError. */
export class KeyError extends Error {}

export const KEK_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds a wrapped key to its role, so nothing else encrypted with the KEK can pass for a data key. */
const WRAP_AAD = Buffer.from('madoguchi:data-key:v1');

/** AES-256-GCM key wrapping with a KEK held in memory: `iv (12) | ciphertext (32) | tag (16)`. */
export class LocalKeyEncryptionKey implements KeyEncryptionKey {
  readonly id: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEK_BYTES) {
      throw new KeyError(`A key-encryption key must be ${KEK_BYTES} bytes (got ${key.length})`);
    }
    this.#key = Buffer.from(key);
    // A keyed fingerprint: it tells keys apart without revealing anything about them.
    this.id = `local:${createHmac('sha256', this.#key).update('madoguchi kek id').digest('hex').slice(0, 16)}`;
  }

  wrap(dataKey: Buffer): Promise<Buffer> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(WRAP_AAD);
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Promise.resolve(Buffer.concat([iv, body, cipher.getAuthTag()]));
  }

  unwrap(wrapped: Buffer): Promise<Buffer> {
    if (wrapped.length <= IV_BYTES + TAG_BYTES) {
      return Promise.reject(new KeyError('A wrapped data key is truncated'));
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(WRAP_AAD);
    decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
    try {
      return Promise.resolve(
        Buffer.concat([
          decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)),
          decipher.final(),
        ]),
      );
    } catch {
      return Promise.reject(new KeyError(`The key-encryption key ${this.id} does not open this data key`));
    }
  }
}

/** Parses a KEK given as base64 (or base64url) of 32 bytes; `what` names its source in the message. */
export function parseKek(text: string, what: string): LocalKeyEncryptionKey {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEK_BYTES) {
    throw new KeyError(
      `${what} must hold the base64 of ${KEK_BYTES} random bytes (e.g. the output of \`openssl rand -base64 32\`)`,
    );
  }
  return new LocalKeyEncryptionKey(key);
}

/** Reads a key file (base64 of 32 bytes; surrounding white space is ignored). */
export function readKekFile(file: string): LocalKeyEncryptionKey {
  if (!existsSync(file)) {
    throw new KeyError(`The key file ${file} does not exist`);
  }
  return parseKek(readFileSync(file, 'utf8'), `The key file ${file}`);
}

/**
 * Creates a new random key file (0600, its directory 0700) unless it exists. Returns whether it was made.
 * Used outside production only (and by `npm start`): production brings its own key.
 */
export function ensureKekFile(file: string): boolean {
  if (existsSync(file)) {
    return false;
  }
  const dir = path.dirname(file);
  // Only the key's own directory is private: a recursive mkdir would make the parents (.data, where the embedded
  // PostgreSQL's `postgres` user must reach its cluster) 0700 too.
  mkdirSync(path.dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }
  chmodSync(dir, 0o700);
  // `wx`: two processes starting together never overwrite each other's fresh key.
  try {
    writeFileSync(file, `${randomBytes(KEK_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
  return true;
}

/** Where the API looks for its KEK outside production when neither variable is set (relative to its cwd). */
export const DEFAULT_KEK_FILE = '.data/keys/kek';

export type KekSettings = {
  NODE_ENV: 'development' | 'production' | 'test';
  MADOGUCHI_KEK?: string | undefined;
  MADOGUCHI_KEK_FILE?: string | undefined;
};

export type ResolvedKek = { kek: KeyEncryptionKey; source: string; generated: boolean };

/**
 * The KEK of this process: MADOGUCHI_KEK, else MADOGUCHI_KEK_FILE, else (outside production only) the local
 * file .data/keys/kek, created when absent. Production without either is refused (loadEnv says so first).
 */
export function resolveKek(settings: KekSettings, cwd = process.cwd()): ResolvedKek {
  if (settings.MADOGUCHI_KEK) {
    return {
      kek: parseKek(settings.MADOGUCHI_KEK, 'MADOGUCHI_KEK'),
      source: 'MADOGUCHI_KEK',
      generated: false,
    };
  }
  if (settings.MADOGUCHI_KEK_FILE) {
    const file = path.resolve(cwd, settings.MADOGUCHI_KEK_FILE);
    return { kek: readKekFile(file), source: file, generated: false };
  }
  if (settings.NODE_ENV === 'production') {
    throw new KeyError(
      'MADOGUCHI_KEK or MADOGUCHI_KEK_FILE is required in production: the key-encryption key of the encrypted fields',
    );
  }
  const file = path.resolve(cwd, DEFAULT_KEK_FILE);
  const generated = ensureKekFile(file);
  return { kek: readKekFile(file), source: file, generated };
}
