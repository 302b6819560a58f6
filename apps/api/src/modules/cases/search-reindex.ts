import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { identifierKeyTag } from '../../common/crypto/identifier-keys';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { MaintenanceSweeps } from '../jobs/maintenance-sweeps';
import { CasesRepository } from './cases.repository';
import { IdentifierRekey } from './identifier-rekey';
import { SearchIndex } from './search-index';

/**
 * Rebuilds the search tokens of every case not indexed under the current index key: the cases of a database
 * upgraded from clear search text (migration search_blind_index leaves them without tokens, search_key NULL),
 * and all cases after the index key is replaced. Once at every start and daily; overlapping runs only rebuild
 * the same rows twice (each under the case's row lock, from what the repository opens). First it gives identifiers
 * and registry entries their keyed values (IdentifierRekey): rows written before migration identifier_keys, and
 * all of them after the index key is replaced. The start-up run (`atStart`) is skipped while a run has finished
 * clean under the same index key and schemes (MaintenanceSweeps): it reads the cases and identifiers whole.
 */
export const searchReindexJob = defineJob({
  name: 'search.reindex',
  payload: z.strictObject({ atStart: z.boolean().optional() }),
  schedule: { cron: '41 3 * * *', payload: {} },
});

const BATCH = 200;

@Injectable()
export class SearchReindex {
  constructor(
    private readonly repository: CasesRepository,
    private readonly searchIndex: SearchIndex,
  ) {}

  /** Rebuilds every stale case, in id order; returns how many. Resumable: a stopped run leaves the rest stale. */
  async run(options: { batchSize?: number } = {}): Promise<number> {
    const key = this.searchIndex.tokenizer.key;
    let after: string | null = null;
    let rebuilt = 0;
    for (;;) {
      const ids = await this.repository.staleSearchCases(key, after, options.batchSize ?? BATCH);
      if (ids.length === 0) {
        return rebuilt;
      }
      for (const id of ids) {
        await this.repository.transaction(async (tx) => {
          if (await this.repository.lockCase(tx, id)) {
            await this.repository.refreshSearchDocument(tx, id);
            rebuilt += 1;
          }
        });
      }
      after = ids.at(-1)!;
    }
  }
}

@Injectable()
export class SearchReindexJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SearchReindexJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly reindex: SearchReindex,
    private readonly identifiers: IdentifierRekey,
    private readonly searchIndex: SearchIndex,
    private readonly crypto: FieldCrypto,
    private readonly sweeps: MaintenanceSweeps,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(searchReindexJob, async ({ atStart }) => {
      // What makes a case's tokens or an identifier's keyed value current: the index key and the schemes.
      const scope = `${this.searchIndex.tokenizer.key}|${identifierKeyTag(this.crypto)}`;
      if (atStart && (await this.sweeps.finished(searchReindexJob.name, scope))) {
        return;
      }
      const keyed = await this.identifiers.run();
      if (keyed.keyed + keyed.folded + keyed.failed + keyed.registry > 0) {
        this.logger.log(
          `Identifiers: ${keyed.keyed} keyed, ${keyed.folded} folded into an equal one, ${keyed.failed} failed to open; ${keyed.registry} registry entries keyed`,
        );
      }
      const rebuilt = await this.reindex.run();
      if (rebuilt > 0) {
        this.logger.log(`Search: rebuilt the keyed tokens of ${rebuilt} cases`);
      }
      if (keyed.failed === 0) {
        await this.sweeps.record(searchReindexJob.name, scope);
      }
    });
  }

  onApplicationBootstrap(): void {
    this.jobs.sendAtStart(searchReindexJob, { atStart: true });
  }
}
