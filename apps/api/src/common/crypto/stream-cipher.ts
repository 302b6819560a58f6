// Files encrypted as they stream (evidence originals and their derived copies): never held whole in memory.
// No Nest imports, like field-cipher.ts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DecryptionError, unwrapKey, wrapKey, type FieldLocation, type Keyring } from './field-cipher';

/**
 * Format (version 1):
 *
 *   header:  "MDGS" | 1 | id length | data key id | wrapped content key (iv 12, key 32, tag 16) | nonce prefix (8)
 *   body:    segments of SEGMENT_BYTES of the file (the last one shorter, possibly empty), each
 *            AES-256-GCM under the content key: ciphertext | tag (16)
 *
 * Each file has a random content key, wrapped under the active data key and bound to the file's location (so a
 * blob copied to another file's place does not open). Segment n's IV is the nonce prefix and n (32 bits, big
 * endian); its associated data says whether it is the last one, so a file cut at a segment boundary, or with
 * segments reordered, dropped or altered, fails instead of reading short. Bytes without the header are a file
 * stored before encryption and are read as they are.
 */
export const STREAM_MAGIC = Buffer.from('MDGS');
const STREAM_V1 = 1;
export const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const CONTENT_KEY_BYTES = 32;
const WRAPPED_BYTES = 12 + CONTENT_KEY_BYTES + TAG_BYTES;
const NONCE_PREFIX_BYTES = 8;
const LAST = Buffer.from([1]);
const NOT_LAST = Buffer.from([0]);

function segmentIv(prefix: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, NONCE_PREFIX_BYTES);
  return iv;
}

/** Encrypts what is written to it; `dataKeyId` is the data key its content key is wrapped under. */
export class EncryptStream extends Transform {
  readonly dataKeyId: string;
  private readonly contentKey = randomBytes(CONTENT_KEY_BYTES);
  private readonly prefix = randomBytes(NONCE_PREFIX_BYTES);
  private readonly header: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private started = false;

  constructor(keyring: Keyring, location: FieldLocation) {
    super();
    const { dataKeyId, wrapped } = wrapKey(keyring, this.contentKey, location);
    this.dataKeyId = dataKeyId;
    const id = Buffer.from(dataKeyId, 'ascii');
    this.header = Buffer.concat([
      STREAM_MAGIC,
      Buffer.from([STREAM_V1, id.length]),
      id,
      wrapped,
      this.prefix,
    ]);
  }

  /** Pushes one sealed segment: its ciphertext, then its tag (no copy into one buffer: less garbage per MB). */
  private pushSegment(plain: Buffer, last: boolean): void {
    const cipher = createCipheriv('aes-256-gcm', this.contentKey, segmentIv(this.prefix, this.index));
    this.index += 1;
    cipher.setAAD(last ? LAST : NOT_LAST);
    this.push(cipher.update(plain));
    this.push(cipher.final());
    this.push(cipher.getAuthTag());
  }

  private start(): void {
    if (!this.started) {
      this.started = true;
      this.push(this.header);
    }
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.start();
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // A full segment goes out only once a byte beyond it has arrived: until then it may be the last one.
    if (this.pendingBytes > SEGMENT_BYTES) {
      let all = Buffer.concat(this.pending, this.pendingBytes);
      while (all.length > SEGMENT_BYTES) {
        this.pushSegment(all.subarray(0, SEGMENT_BYTES), false);
        all = all.subarray(SEGMENT_BYTES);
      }
      this.pending = [all];
      this.pendingBytes = all.length;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.start();
    this.pushSegment(Buffer.concat(this.pending, this.pendingBytes), true);
    this.pending = [];
    callback();
  }
}

/**
 * Decrypts a stream written by EncryptStream, or passes a file stored before encryption through unchanged.
 * Emits only authenticated bytes, and ends with an error (never short) when anything fails to open.
 */
export class DecryptStream extends Transform {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private mode: 'header' | 'segments' | 'legacy' = 'header';
  private contentKey: Buffer | undefined;
  private prefix: Buffer | undefined;
  private index = 0;

  constructor(
    private readonly keyringFor: (dataKeyId: string) => Promise<Keyring>,
    private readonly location: FieldLocation,
  ) {
    super();
  }

  private takeAll(): Buffer {
    const all = Buffer.concat(this.buffered, this.bufferedBytes);
    this.buffered = [];
    this.bufferedBytes = 0;
    return all;
  }

  private keep(rest: Buffer): void {
    this.buffered = rest.length > 0 ? [rest] : [];
    this.bufferedBytes = rest.length;
  }

  private openSegment(sealed: Buffer, last: boolean): Buffer {
    if (!this.contentKey || !this.prefix || sealed.length < TAG_BYTES) {
      throw new DecryptionError(this.location, 'the file is cut short');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.contentKey, segmentIv(this.prefix, this.index));
    this.index += 1;
    decipher.setAAD(last ? LAST : NOT_LAST);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new DecryptionError(
        this.location,
        'authentication failed (the file was altered, cut short, or belongs to another file)',
      );
    }
  }

  /** Reads the header once enough bytes are here; false while more are needed. */
  private async readHeader(final: boolean): Promise<boolean> {
    const all = this.takeAll();
    if (all.length < STREAM_MAGIC.length && !final) {
      this.keep(all);
      return false;
    }
    if (!all.subarray(0, STREAM_MAGIC.length).equals(STREAM_MAGIC)) {
      this.mode = 'legacy';
      this.push(all);
      return true;
    }
    const idLength = all[STREAM_MAGIC.length + 1] ?? 0;
    const idStart = STREAM_MAGIC.length + 2;
    const headerBytes = idStart + idLength + WRAPPED_BYTES + NONCE_PREFIX_BYTES;
    if (all.length < headerBytes) {
      if (final) {
        throw new DecryptionError(this.location, 'the file is cut short');
      }
      this.keep(all);
      return false;
    }
    if (all[STREAM_MAGIC.length] !== STREAM_V1) {
      throw new DecryptionError(this.location, 'unknown file encryption version');
    }
    const dataKeyId = all.subarray(idStart, idStart + idLength).toString('ascii');
    const wrapStart = idStart + idLength;
    const keyring = await this.keyringFor(dataKeyId);
    this.contentKey = unwrapKey(
      keyring,
      dataKeyId,
      all.subarray(wrapStart, wrapStart + WRAPPED_BYTES),
      this.location,
    );
    this.prefix = all.subarray(wrapStart + WRAPPED_BYTES, headerBytes);
    this.mode = 'segments';
    this.keep(all.subarray(headerBytes));
    return true;
  }

  private drainSegments(): void {
    const sealedBytes = SEGMENT_BYTES + TAG_BYTES;
    if (this.bufferedBytes <= sealedBytes) {
      return;
    }
    let all = this.takeAll();
    // A whole segment is opened once a byte beyond it has arrived: only then is it known not to be the last.
    while (all.length > sealedBytes) {
      this.push(this.openSegment(all.subarray(0, sealedBytes), false));
      all = all.subarray(sealedBytes);
    }
    this.keep(all);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.mode === 'legacy') {
      callback(null, chunk);
      return;
    }
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    this.step(false).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.step(true).then(() => callback(), callback);
  }

  private async step(final: boolean): Promise<void> {
    if (this.mode === 'header' && !(await this.readHeader(final))) {
      return;
    }
    if (this.mode === 'segments') {
      this.drainSegments();
      if (final) {
        this.push(this.openSegment(this.takeAll(), true));
      }
    }
  }
}
