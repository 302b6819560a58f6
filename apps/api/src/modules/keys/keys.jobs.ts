import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import type { EncryptedTextColumn } from '../../common/crypto/encrypted-columns';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { MaintenanceSweeps } from '../jobs/maintenance-sweeps';
import { KeysService } from './keys.service';

/**
 * Encrypts clear legacy values and moves values to the active data key (after `npm run keys:rotate`), then
 * retires the data keys no row uses. Once at every start (an upgrade, or a restart with a new KEK, is when rows
 * have to move) and daily for what a process still on the old key wrote after that: a run reads every table of
 * ENCRYPTED_TEXT_COLUMNS whole (case_events has ~8 rows per case), so not hourly. Any number of runs may overlap:
 * each value is replaced only if unchanged. The start-up run (`atStart`) is skipped while a run has finished clean
 * under the same active data key and encrypted columns (MaintenanceSweeps).
 */
export const reencryptJob = defineJob({
  name: 'keys.reencrypt',
  payload: z.strictObject({ atStart: z.boolean().optional() }),
  schedule: { cron: '23 4 * * *', payload: {} },
});

/** The maintenance_sweeps name of one column's walk. */
function columnSweep(column: EncryptedTextColumn): string {
  return `${reencryptJob.name}:${column.table}.${column.column}`;
}

@Injectable()
export class KeysJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(KeysJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly keys: KeysService,
    private readonly sweeps: MaintenanceSweeps,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(reencryptJob, async ({ atStart }) => {
      const scope = this.keys.sweepScope();
      if (atStart && (await this.sweeps.finished(reencryptJob.name, scope))) {
        return;
      }
      // Each column walked clean is recorded under the scope, so a start-up run after a restart mid-walk goes on
      // from where it was; the daily run walks them all again.
      const result = await this.keys.reencryptAll({
        columns: {
          finished: (column) =>
            atStart ? this.sweeps.finished(columnSweep(column), scope) : Promise.resolve(false),
          walked: (column) => this.sweeps.record(columnSweep(column), scope),
        },
      });
      this.logger.log(
        `Re-encryption: ${result.encrypted} clear values encrypted, ${result.moved} moved to the active data key, ${result.failed} failed, ${result.retired.length} data keys retired`,
      );
      if (result.failed > 0) {
        throw new Error(
          `${result.failed} encrypted values could not be decrypted (see the log for their rows)`,
        );
      }
      if (result.files.failed === 0) {
        await this.sweeps.record(reencryptJob.name, scope);
      }
    });
  }

  onApplicationBootstrap(): void {
    this.jobs.sendAtStart(reencryptJob, { atStart: true });
  }
}
