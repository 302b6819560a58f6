import { Injectable, Logger } from '@nestjs/common';
import { DecryptionError } from '../../common/crypto/field-cipher';
import { isUniqueViolation } from '../intake/intake.repository';
import { RegistryService } from '../registry/registry.service';
import { CasesRepository, type IdentifierToRekey } from './cases.repository';

export type IdentifierRekeyResult = {
  /** Identifiers given their keyed value (and encrypted, when they were clear). */
  keyed: number;
  /** Identifiers folded into the row a later intake wrote for the same value. */
  folded: number;
  /** Identifiers whose value did not open (logged by row id, never the value): they stay as they are. */
  failed: number;
  /** Registry entries given their keyed value. */
  registry: number;
};

const BATCH = 200;

/**
 * Converts identifiers written before keyed values (migration identifier_keys: clear value and display, no
 * value_key) and recomputes every keyed value after the index key is replaced, for identifiers (from their value,
 * which opens) and registry entries (published lists, in clear). Part of the search.reindex job, before the cases
 * are rebuilt. Resumable and safe to overlap: each row is converted under its lock, only if unchanged since read.
 */
@Injectable()
export class IdentifierRekey {
  private readonly logger = new Logger(IdentifierRekey.name);

  constructor(
    private readonly repository: CasesRepository,
    private readonly registry: RegistryService,
  ) {}

  async run(options: { batchSize?: number } = {}): Promise<IdentifierRekeyResult> {
    const result: IdentifierRekeyResult = { keyed: 0, folded: 0, failed: 0, registry: 0 };
    let after: string | null = null;
    for (;;) {
      const rows = await this.repository.staleIdentifiers(after, options.batchSize ?? BATCH);
      if (rows.length === 0) {
        break;
      }
      for (const row of rows) {
        const outcome = await this.rekey(row);
        if (outcome === 'keyed' || outcome === 'folded' || outcome === 'failed') {
          result[outcome] += 1;
        }
      }
      after = rows.at(-1)!.id;
    }
    result.registry = await this.registry.rekeyEntries({ batchSize: options.batchSize });
    return result;
  }

  private async rekey(row: IdentifierToRekey): Promise<'keyed' | 'folded' | 'changed' | 'failed'> {
    try {
      return await this.repository.rekeyIdentifier(row);
    } catch (error) {
      if (error instanceof DecryptionError) {
        this.logger.error(error.message);
        return 'failed';
      }
      // An intake wrote the same value as a new row between the look-up and the update: once more folds into it.
      if (isUniqueViolation(error, ['identifiers_kind_value_key_key', 'value_key'])) {
        return this.repository.rekeyIdentifier(row);
      }
      throw error;
    }
  }
}
