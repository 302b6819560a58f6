import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { ApiConfig } from '../../config/api-config';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { ResponseScanService } from './response-scan.service';

/** Notifies response targets about to be missed or missed (ResponseScanService.scan); scheduled by RESPONSE_SCAN_CRON. */
export const responseScanJob = defineJob({ name: 'response.scan', payload: z.strictObject({}) });

@Injectable()
export class ResponseScanJobs implements OnModuleInit {
  private readonly logger = new Logger(ResponseScanJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly scanner: ResponseScanService,
    private readonly config: ApiConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(
      { ...responseScanJob, schedule: { cron: this.config.env.RESPONSE_SCAN_CRON, payload: {} } },
      async () => {
        const { dueSoon, overdue } = await this.scanner.scan();
        if (dueSoon + overdue > 0) {
          this.logger.log(`Response targets: ${dueSoon} due soon, ${overdue} overdue`);
        }
      },
    );
  }
}
