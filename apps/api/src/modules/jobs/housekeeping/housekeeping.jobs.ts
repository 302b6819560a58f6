import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { IntakeService } from '../../intake/intake.service';
import { defineJob } from '../job-definition';
import { JobsService } from '../jobs.service';

/** Deletes intake idempotency replies past their use (IntakeRepository owns the table). */
export const pruneIdempotencyJob = defineJob({
  name: 'housekeeping.prune-idempotency',
  payload: z.strictObject({}),
  schedule: { cron: '17 * * * *', payload: {} },
});

@Injectable()
export class HousekeepingJobs implements OnModuleInit {
  private readonly logger = new Logger(HousekeepingJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly intake: IntakeService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(pruneIdempotencyJob, async () => {
      const deleted = await this.intake.pruneIdempotency();
      this.logger.log(`Deleted ${deleted} expired idempotency records`);
    });
  }
}
