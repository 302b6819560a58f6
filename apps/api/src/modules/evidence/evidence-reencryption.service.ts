import { Injectable, Logger } from '@nestjs/common';
import { DecryptionError } from '../../common/crypto/field-cipher';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceNotStored, EvidenceStore, storageKey, type EvidenceKey } from './evidence-store';

export type FileReencryption = { encrypted: number; moved: number; failed: number };

/**
 * For the keys.reencrypt job: rewrites every stored evidence file (originals and derived copies) that is still in
 * clear (stored before encryption) or under an older data key, through the encrypting store, and records the data
 * key it is now under. A file deleted meanwhile has its rewritten blob removed again. Resumable: what is left is
 * exactly what the next run finds.
 */
@Injectable()
export class EvidenceReencryption {
  private readonly logger = new Logger(EvidenceReencryption.name);

  constructor(
    private readonly repository: EvidenceRepository,
    private readonly store: EvidenceStore,
  ) {}

  async reencryptAll(options: { batchSize: number }): Promise<FileReencryption> {
    const result: FileReencryption = { encrypted: 0, moved: 0, failed: 0 };
    const activeId = this.store.dataKeyId;
    if (activeId === null) {
      return result;
    }
    let after: string | null = null;
    for (;;) {
      const rows = await this.repository.storedNotUnder({ activeId, after, limit: options.batchSize });
      if (rows.length === 0) {
        return result;
      }
      for (const row of rows) {
        const key: EvidenceKey = {
          caseId: row.caseId,
          fileId: row.fileId,
          ...(row.derived === null ? {} : { derived: row.derived }),
        };
        await this.rewrite(key, row.derived, activeId, result, row.dataKeyId === null);
      }
      after = rows.at(-1)!.id;
    }
  }

  /** Whether a stored file of a file not deleted is encrypted under the data key (then it may not retire). */
  usesDataKey(dataKeyId: string): Promise<boolean> {
    return this.repository.usesDataKey(dataKeyId);
  }

  private async rewrite(
    key: EvidenceKey,
    derived: EvidenceKey['derived'] | null,
    activeId: string,
    result: FileReencryption,
    wasClear: boolean,
  ): Promise<void> {
    try {
      // Opened (decrypted, or read as it is when stored in clear) and written back under the active key:
      // both stores write a new file whole before it replaces the old one.
      await this.store.put(key, await this.store.open(key));
    } catch (error) {
      if (error instanceof EvidenceNotStored) {
        // Its blob is gone (a deletion under way): nothing to rewrite.
        return;
      }
      if (!(error instanceof DecryptionError)) {
        throw error;
      }
      result.failed += 1;
      this.logger.error(`${storageKey(key)}: ${error.message}`);
      return;
    }
    const recorded = await this.repository.setDataKey({
      fileId: key.fileId,
      derived: derived ?? null,
      dataKeyId: activeId,
    });
    if (!recorded) {
      // Deleted while it was rewritten: the deletion removed the old blob, this removes the new one.
      await this.store.remove(key);
      return;
    }
    result[wasClear ? 'encrypted' : 'moved'] += 1;
  }
}
