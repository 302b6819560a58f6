import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import type { FieldLocation } from '../../common/crypto/field-cipher';
import type { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { EvidenceStore, storageKey, type EvidenceKey } from './evidence-store';

/** Where a stored file's bytes are bound to: its case, file and kind of copy. */
export function evidenceBlobLocation(key: EvidenceKey): FieldLocation {
  return { table: 'evidence_files', column: 'blob', rowId: storageKey(key) };
}

/**
 * Evidence at rest is encrypted (issue 17): every original and derived copy is written through FieldCrypto's
 * stream cipher (a content key per file, wrapped under the active data key, bound to the file's key) into the
 * store underneath, filesystem or S3, and decrypted as it is read. A file stored before encryption is read as it
 * is until the keys.reencrypt job rewrites it. Neither store, nor a backup of it, ever holds a file in clear.
 */
export class EncryptingEvidenceStore extends EvidenceStore {
  constructor(
    readonly inner: EvidenceStore,
    private readonly crypto: FieldCrypto,
  ) {
    super();
  }

  get name(): string {
    return this.inner.name;
  }

  /** The data key new files are encrypted under (recorded with each file, so it is never retired in use). */
  override get dataKeyId(): string {
    return this.crypto.activeDataKeyId;
  }

  async put(key: EvidenceKey, body: Readable): Promise<void> {
    const sealing = this.crypto.encryptStream(evidenceBlobLocation(key));
    // A failing body (a refused upload) fails the encrypted stream too, so the store underneath keeps nothing.
    const feeding = pipelineAsync(body, sealing);
    // Its rejection is awaited below, after the store's; marked handled now, or Node would see an unhandled
    // rejection in between and stop the process.
    feeding.catch(() => undefined);
    try {
      await this.inner.put(key, sealing);
    } catch (error) {
      sealing.destroy();
      await feeding.catch(() => undefined);
      throw error;
    }
    await feeding;
  }

  async open(key: EvidenceKey): Promise<Readable> {
    const stored = await this.inner.open(key);
    const opening = this.crypto.decryptStream(evidenceBlobLocation(key));
    pipeline(stored, opening, (error) => {
      if (error) {
        opening.destroy(error);
      }
    });
    return opening;
  }

  remove(key: EvidenceKey): Promise<void> {
    return this.inner.remove(key);
  }

  list(caseId: string): Promise<string[]> {
    return this.inner.list(caseId);
  }

  removeStaleTemporaryFiles(before: Date): Promise<number> {
    return this.inner.removeStaleTemporaryFiles(before);
  }
}
