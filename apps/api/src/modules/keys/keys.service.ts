import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { ENCRYPTED_TEXT_COLUMNS, type EncryptedTextColumn } from '../../common/crypto/encrypted-columns';
import { DecryptionError } from '../../common/crypto/field-cipher';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { EvidenceReencryption } from '../evidence/evidence-reencryption.service';
import { KeysRepository } from './keys.repository';

export type ReencryptionResult = {
  /** Clear legacy values now encrypted. */
  encrypted: number;
  /** Values moved from an older data key to the active one. */
  moved: number;
  /** Values that did not decrypt (logged by row id, never the value): they keep their key from retiring. */
  failed: number;
  /** Data keys retired because no row or stored file uses them any more. */
  retired: string[];
  /** Stored evidence files (originals and copies): in clear before, moved from an older key, failed to open. */
  files: { encrypted: number; moved: number; failed: number };
};

/**
 * Moves every encrypted column (ENCRYPTED_TEXT_COLUMNS) onto the active data key: clear values from before
 * encryption and values under an older key. Batches in id order, each value replaced only if unchanged since
 * it was read; a stopped run leaves every row readable and the next run picks up what is left (the rows still
 * clear or under an old key), so it is resumable by construction.
 */
@Injectable()
export class KeysService {
  private readonly logger = new Logger(KeysService.name);

  constructor(
    private readonly crypto: FieldCrypto,
    private readonly repository: KeysRepository,
    private readonly evidence: EvidenceReencryption,
    private readonly clock: Clock,
  ) {}

  /**
   * What a clean run leaves every value on: the active data key, for these columns and the stored files. A run
   * recorded under another scope (a new key, a column added by an upgrade) says nothing about this one.
   */
  sweepScope(): string {
    const columns = ENCRYPTED_TEXT_COLUMNS.map(
      (column) => `${column.table}.${column.column}${column.where ? `[${column.where}]` : ''}`,
    );
    return `${this.crypto.activeDataKeyId}|${columns.join(',')}|evidence files`;
  }

  /**
   * `batchSize`: values re-encrypted per statement read (each held in memory until written); `stretch`: rows a
   * statement reads at most, when few of them have anything to do. `columns`, when given, says which columns a
   * walk already left clean under the current scope (skipped) and hears of each column walked clean: a restart
   * in the middle of a long walk (case_events holds millions of rows) then goes on from the column it was in.
   */
  async reencryptAll(
    options: {
      batchSize?: number;
      stretch?: number;
      columns?: {
        finished(column: EncryptedTextColumn): Promise<boolean>;
        walked(column: EncryptedTextColumn): Promise<void>;
      };
    } = {},
  ): Promise<ReencryptionResult> {
    const result: ReencryptionResult = {
      encrypted: 0,
      moved: 0,
      failed: 0,
      retired: [],
      files: { encrypted: 0, moved: 0, failed: 0 },
    };
    for (const column of ENCRYPTED_TEXT_COLUMNS) {
      if (await options.columns?.finished(column)) {
        continue;
      }
      const failedBefore = result.failed;
      await this.reencryptColumn(column, options.batchSize ?? 200, options.stretch ?? 5_000, result);
      if (result.failed === failedBefore) {
        await options.columns?.walked(column);
      }
    }
    result.files = await this.evidence.reencryptAll({ batchSize: options.batchSize ?? 200 });
    if (result.failed === 0 && result.files.failed === 0) {
      result.retired = await this.retireUnused();
    }
    return result;
  }

  private async reencryptColumn(
    column: EncryptedTextColumn,
    batchSize: number,
    stretch: number,
    result: ReencryptionResult,
  ) {
    const activeId = this.crypto.activeDataKeyId;
    let after: string | null = null;
    for (;;) {
      const { rows, last } = await this.repository.pending({
        column,
        activeId,
        after,
        limit: batchSize,
        stretch,
      });
      if (last === null) {
        return;
      }
      for (const row of rows) {
        const location = { table: column.table, column: column.column, rowId: row.id };
        try {
          const opened = await this.crypto.decryptStringDetailed(row.value, location);
          const replaced = await this.repository.replace({
            column,
            id: row.id,
            from: row.value,
            to: this.crypto.encryptString(opened.value, location),
          });
          if (replaced) {
            result[opened.legacy ? 'encrypted' : 'moved'] += 1;
          }
        } catch (error) {
          if (!(error instanceof DecryptionError)) {
            throw error;
          }
          result.failed += 1;
          this.logger.error(error.message);
        }
      }
      after = last;
    }
  }

  /** Retires every field data key, other than the active one, that no encrypted column uses. */
  private async retireUnused(): Promise<string[]> {
    const retired: string[] = [];
    for (const key of await this.repository.activeFieldKeys()) {
      if (key.id === this.crypto.activeDataKeyId) {
        continue;
      }
      let used = false;
      for (const column of ENCRYPTED_TEXT_COLUMNS) {
        used ||= await this.repository.uses(column, key.id);
      }
      used ||= await this.evidence.usesDataKey(key.id);
      if (!used) {
        await this.repository.retire(key.id, this.clock.now());
        retired.push(key.id);
      }
    }
    return retired;
  }
}
