import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import { AuditRepository } from './audit.repository';

/**
 * How many months past the current one always have their audit_log partition. Three: a job that fails for weeks
 * (or a server that is off at the turn of a month) still finds next month's partition made.
 */
export const AUDIT_PARTITION_MONTHS_AHEAD = 3;

/** Creates audit_log's months ahead, daily (Japan time); idempotent, so a missed or repeated run does no harm. */
export const ensureAuditPartitionsJob = defineJob({
  name: 'audit.ensure-partitions',
  payload: z.strictObject({}),
  schedule: { cron: '23 2 * * *', payload: {} },
});

export type AuditPartitionsReport = {
  created: string[];
  /** Months within reach whose rows already sit in the DEFAULT partition: not created (PostgreSQL would refuse). */
  blocked: { partition: string; rows: number }[];
  /** Rows in the DEFAULT partition (rows of months without a partition of their own). 0 is the healthy state. */
  defaultRows: number;
};

/**
 * Keeps audit_log's monthly partitions ahead of time (migration 20261206030000_partition_audit_log). The API's
 * role cannot create a partition itself: audit_log_ensure_partitions, owned by the owner, does it and nothing else.
 * Rows in the DEFAULT partition mean a month had no partition when they were written (a clock set ahead, or this
 * job not running for months): the run then fails with what it found, so the jobs page shows it, after creating
 * every other month. The owner moves such rows with `npm run audit:partitions -- --drain-default`
 * (docs/deployment.md, "Audit log partitions and retention").
 */
@Injectable()
export class AuditPartitionsJobs implements OnModuleInit {
  private readonly logger = new Logger(AuditPartitionsJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly repository: AuditRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(ensureAuditPartitionsJob, async () => {
      await this.run();
    });
  }

  /** One run: the report, logged; throws (after creating what it could) when the DEFAULT partition holds rows. */
  async run(): Promise<AuditPartitionsReport> {
    const report = await this.ensureAhead();
    this.logger.log(
      `Audit log partitions: ${report.created.length ? `created ${report.created.join(', ')}` : 'none to create'}; ` +
        `${report.defaultRows} rows in the default partition`,
    );
    if (report.defaultRows > 0 || report.blocked.length > 0) {
      const blocked = report.blocked.map((b) => `${b.partition} (${b.rows} rows)`).join(', ');
      throw new Error(
        `audit_log_default holds ${report.defaultRows} rows of months without a partition` +
          `${blocked ? `; not created because of them: ${blocked}` : ''}. ` +
          'Move them as the owner: npm run audit:partitions -- --drain-default',
      );
    }
    return report;
  }

  async ensureAhead(): Promise<AuditPartitionsReport> {
    const rows = await this.repository.ensurePartitions(AUDIT_PARTITION_MONTHS_AHEAD);
    return {
      created: rows.filter((r) => r.status === 'created').map((r) => r.partition),
      blocked: rows
        .filter((r) => r.status === 'blocked')
        .map((r) => ({ partition: r.partition, rows: r.defaultRows })),
      defaultRows: rows.find((r) => r.status === 'default')?.defaultRows ?? 0,
    };
  }
}
