import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { ApiConfig } from '../../../config/api-config';
import { defineJob } from '../../jobs/job-definition';
import { JobsService } from '../../jobs/jobs.service';
import { RetentionService } from './retention.service';

/** Shreds closed cases past their retention period (RetentionService.shredDue); scheduled by RETENTION_SHRED_CRON. */
export const retentionShredJob = defineJob({ name: 'retention.shred', payload: z.strictObject({}) });

@Injectable()
export class RetentionJobs implements OnModuleInit {
  private readonly logger = new Logger(RetentionJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly retention: RetentionService,
    private readonly config: ApiConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(
      { ...retentionShredJob, schedule: { cron: this.config.env.RETENTION_SHRED_CRON, payload: {} } },
      async () => {
        const run = await this.retention.shredDue();
        this.logger.log(
          `Retention: ${run.cases} cases shredded (${run.fields} values, ${run.files} evidence files), ` +
            `${run.skipped} skipped, ${run.failed} failed`,
        );
        if (run.failed > 0) {
          throw new Error(
            `${run.failed} cases could not be shredded (see the log); the next run tries them again`,
          );
        }
      },
    );
  }
}
