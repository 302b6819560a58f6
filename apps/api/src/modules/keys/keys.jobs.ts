import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { z } from 'zod';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { KeysService } from './keys.service';

/**
 * Encrypts clear legacy values and moves values to the active data key (after `npm run keys:rotate`), then
 * retires the data keys no row uses. Hourly, and once at every start (a restart with a new KEK is when rows
 * have to move). Any number of runs may overlap: each value is replaced only if unchanged.
 */
export const reencryptJob = defineJob({
  name: 'keys.reencrypt',
  payload: z.strictObject({}),
  schedule: { cron: '23 * * * *', payload: {} },
});

/** How long the start-up send waits for the job queue to come up. */
const BOOT_SEND_TRIES = 60;

@Injectable()
export class KeysJobs implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(KeysJobs.name);
  private stopped = false;

  constructor(
    private readonly jobs: JobsService,
    private readonly keys: KeysService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(reencryptJob, async () => {
      const result = await this.keys.reencryptAll();
      this.logger.log(
        `Re-encryption: ${result.encrypted} clear values encrypted, ${result.moved} moved to the active data key, ${result.failed} failed, ${result.retired.length} data keys retired`,
      );
      if (result.failed > 0) {
        throw new Error(
          `${result.failed} encrypted values could not be decrypted (see the log for their rows)`,
        );
      }
    });
  }

  onApplicationBootstrap(): void {
    if (this.jobs.mode === 'off') {
      return;
    }
    void this.sendOnceStarted().catch((error: unknown) => {
      if (!this.stopped) {
        this.logger.warn(`Could not queue keys.reencrypt at start: ${String(error)}`);
      }
    });
  }

  onModuleDestroy(): void {
    this.stopped = true;
  }

  // JobsService starts pg-boss in its own bootstrap hook (in the background, with retries): wait for it.
  private async sendOnceStarted(): Promise<void> {
    for (let i = 0; i < BOOT_SEND_TRIES && !this.stopped; i += 1) {
      if (this.jobs.isStarted) {
        await this.jobs.send(reencryptJob, {});
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    }
  }
}
