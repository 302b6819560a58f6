import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { ApiConfig } from '../../config/api-config';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { FollowupsService } from './followups.service';

/** Notifies due follow-ups (FollowupsService.scan); scheduled by FOLLOWUP_SCAN_CRON. */
export const followupsScanJob = defineJob({ name: 'followups.scan', payload: z.strictObject({}) });

@Injectable()
export class FollowupsJobs implements OnModuleInit {
  private readonly logger = new Logger(FollowupsJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly followups: FollowupsService,
    private readonly config: ApiConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(
      { ...followupsScanJob, schedule: { cron: this.config.env.FOLLOWUP_SCAN_CRON, payload: {} } },
      async () => {
        const started = performance.now();
        const { due } = await this.followups.scan();
        this.logger.log(`Scanned ${due} due follow-ups in ${Math.round(performance.now() - started)} ms`);
      },
    );
  }
}
