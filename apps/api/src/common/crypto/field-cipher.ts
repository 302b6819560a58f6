// Field encryption: AES-256-GCM under a data key, bound to where the value lives (table, column, row id).
// No Nest imports: the re-encryption job, the rotation script and unit tests use these functions directly.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Every encrypted text value starts with this; anything else in an encrypted column is a clear legacy value. */
export const CIPHERTEXT_PREFIX = 'enc:';
const V1_PREFIX = 'enc:v1:';
/** Encrypted buffers (evidence files, later) start with these bytes and a version byte. */
const BUFFER_MAGIC = Buffer.from('MDGC');
const BUFFER_V1 = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

/**
 * Where a value is stored: part of the GCM associated data, so a ciphertext copied to another row or
 * column fails to decrypt instead of passing for that row's value.
 */
export type FieldLocation = { table: string; column: string; rowId: string };

/** A value that cannot be decrypted: altered, moved, or under a key this process does not hold. Never the value. */
export class DecryptionError extends Error {
  constructor(location: FieldLocation, reason: string) {
    super(`Cannot decrypt ${location.table}.${location.column} of row ${location.rowId}: ${reason}`);
    this.name = 'DecryptionError';
  }
}

/** The unwrapped data keys this process holds, and the one new values are encrypted with. */
export type Keyring = {
  activeId: string;
  keys: ReadonlyMap<string, Buffer>;
};

function aad(location: FieldLocation): Buffer {
  return Buffer.from(`madoguchi:v1|${location.table}.${location.column}|${location.rowId}`);
}

/** Whether a stored value is a ciphertext (of any version) rather than a clear legacy value. */
export function isEncrypted(stored: string): boolean {
  return stored.startsWith(CIPHERTEXT_PREFIX);
}

/** The data key a stored ciphertext names, or null for a clear legacy value. */
export function dataKeyIdOf(stored: string): string | null {
  if (!stored.startsWith(V1_PREFIX)) {
    return null;
  }
  const end = stored.indexOf(':', V1_PREFIX.length);
  return end > V1_PREFIX.length ? stored.slice(V1_PREFIX.length, end) : null;
}

function activeKey(keyring: Keyring): Buffer {
  const key = keyring.keys.get(keyring.activeId);
  if (!key) {
    throw new Error(`The active data key ${keyring.activeId} is not in the keyring`);
  }
  return key;
}

function seal(key: Buffer, plain: Buffer, location: FieldLocation) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(location));
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { iv, body };
}

function open(args: { key: Buffer; iv: Buffer; body: Buffer; location: FieldLocation }): Buffer {
  if (args.iv.length !== IV_BYTES || args.body.length < TAG_BYTES) {
    throw new DecryptionError(args.location, 'the ciphertext is malformed');
  }
  const decipher = createDecipheriv('aes-256-gcm', args.key, args.iv);
  decipher.setAAD(aad(args.location));
  decipher.setAuthTag(args.body.subarray(args.body.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(args.body.subarray(0, args.body.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DecryptionError(
      args.location,
      'authentication failed (the value was altered, belongs to another row, or the data key is wrong)',
    );
  }
}

/**
 * A key of its own (an evidence file's content key) sealed under the active data key, bound to where it is used:
 * `iv | ciphertext+tag`, with the data key's id to store beside it.
 */
export function wrapKey(
  keyring: Keyring,
  key: Buffer,
  location: FieldLocation,
): { dataKeyId: string; wrapped: Buffer } {
  const { iv, body } = seal(activeKey(keyring), key, location);
  return { dataKeyId: keyring.activeId, wrapped: Buffer.concat([iv, body]) };
}

/** The key wrapKey sealed; DecryptionError when the data key is missing or the wrap was altered or moved. */
export function unwrapKey(
  keyring: Keyring,
  dataKeyId: string,
  wrapped: Buffer,
  location: FieldLocation,
): Buffer {
  const key = keyring.keys.get(dataKeyId);
  if (!key) {
    throw new DecryptionError(location, `the data key ${dataKeyId} is not available`);
  }
  return open({ key, iv: wrapped.subarray(0, IV_BYTES), body: wrapped.subarray(IV_BYTES), location });
}

/** `enc:v1:<data key id>:<iv>:<ciphertext+tag>` (base64url). */
export function encryptString(keyring: Keyring, plain: string, location: FieldLocation): string {
  const { iv, body } = seal(activeKey(keyring), Buffer.from(plain, 'utf8'), location);
  return `${V1_PREFIX}${keyring.activeId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

/**
 * The clear text of a stored value. A clear legacy value (no `enc:` prefix) is returned as it is, with
 * `legacy: true` so the caller can count it; a ciphertext that does not open throws DecryptionError.
 */
export function decryptString(
  keyring: Keyring,
  stored: string,
  location: FieldLocation,
): { value: string; legacy: boolean; dataKeyId: string | null } {
  if (!isEncrypted(stored)) {
    return { value: stored, legacy: true, dataKeyId: null };
  }
  if (!stored.startsWith(V1_PREFIX)) {
    throw new DecryptionError(location, 'unknown ciphertext version');
  }
  const parts = stored.slice(V1_PREFIX.length).split(':');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
    throw new DecryptionError(location, 'the ciphertext is malformed');
  }
  const [dataKeyId, iv, body] = parts as [string, string, string];
  const key = keyring.keys.get(dataKeyId);
  if (!key) {
    throw new DecryptionError(location, `the data key ${dataKeyId} is not available`);
  }
  const plain = open({
    key,
    iv: Buffer.from(iv, 'base64url'),
    body: Buffer.from(body, 'base64url'),
    location,
  });
  return { value: plain.toString('utf8'), legacy: false, dataKeyId };
}

/** `MDGC | 1 | id length | data key id | iv | ciphertext+tag`, for file contents and other bytes. */
export function encryptBuffer(keyring: Keyring, plain: Buffer, location: FieldLocation): Buffer {
  const id = Buffer.from(keyring.activeId, 'ascii');
  const { iv, body } = seal(activeKey(keyring), plain, location);
  return Buffer.concat([BUFFER_MAGIC, Buffer.from([BUFFER_V1, id.length]), id, iv, body]);
}

export function isEncryptedBuffer(stored: Buffer): boolean {
  return stored.subarray(0, BUFFER_MAGIC.length).equals(BUFFER_MAGIC);
}

/** Like decryptString: bytes without the header are legacy clear bytes; a header that does not open throws. */
export function decryptBuffer(
  keyring: Keyring,
  stored: Buffer,
  location: FieldLocation,
): { value: Buffer; legacy: boolean; dataKeyId: string | null } {
  if (!isEncryptedBuffer(stored)) {
    return { value: stored, legacy: true, dataKeyId: null };
  }
  if (stored[BUFFER_MAGIC.length] !== BUFFER_V1) {
    throw new DecryptionError(location, 'unknown ciphertext version');
  }
  const idLength = stored[BUFFER_MAGIC.length + 1] ?? 0;
  const idStart = BUFFER_MAGIC.length + 2;
  const dataKeyId = stored.subarray(idStart, idStart + idLength).toString('ascii');
  const ivStart = idStart + idLength;
  const key = keyring.keys.get(dataKeyId);
  if (!key) {
    throw new DecryptionError(location, `the data key ${dataKeyId} is not available`);
  }
  const value = open({
    key,
    iv: stored.subarray(ivStart, ivStart + IV_BYTES),
    body: stored.subarray(ivStart + IV_BYTES),
    location,
  });
  return { value, legacy: false, dataKeyId };
}

/**
 * The HMAC key of one blind index, derived (HKDF-SHA-256) from the `index` data key: each index has its
 * own key, so equal values in two indexes do not match, and no index key is a data key.
 */
export function deriveIndexKey(indexRootKey: Buffer, indexName: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', indexRootKey, Buffer.alloc(0), `madoguchi blind index v1:${indexName}`, 32),
  );
}

/**
 * A keyed exact-match token (base64url HMAC-SHA-256) of an already normalised value: equal values give equal
 * tokens, and without the key nothing about the value can be learned or guessed offline.
 */
export function blindIndexToken(indexKey: Buffer, normalisedValue: string): string {
  return createHmac('sha256', indexKey).update(normalisedValue, 'utf8').digest('base64url');
}
