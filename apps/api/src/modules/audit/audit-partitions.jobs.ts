import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { defineJob } from '../jobs/job-definition';
import { JobsService } from '../jobs/jobs.service';
import {
  AuditRepository,
  MONTHLY_PARTITIONED_TABLES,
  type MonthlyPartitionedTable,
} from './audit.repository';

/**
 * How many months past the current one always have their audit_log and case_events partitions. Three: a job that
 * fails for weeks (or a server that is off at the turn of a month) still finds next month's partition made.
 */
export const AUDIT_PARTITION_MONTHS_AHEAD = 3;

/**
 * Creates the months ahead of audit_log and case_events, daily (Japan time); idempotent, so a missed or repeated run
 * does no harm. One job for both tables: the same schedule, the same owner's functions, the same report. Then
 * gathers the two parents' own statistics, which autovacuum leaves out (migration analyze_partitioned_parents).
 */
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
 * Keeps the monthly partitions of audit_log and case_events ahead of time (migrations
 * 20261206030000_partition_audit_log, 20261207030000_partition_case_events). The API's role cannot create a
 * partition itself: `<table>_ensure_partitions`, owned by the owner, does it and nothing else. Rows in a DEFAULT
 * partition mean a month had no partition when they were written (a clock set ahead, or this job not running for
 * months): the run then fails with what it found, so the jobs page shows it, after creating every other month of
 * both tables. The owner moves such rows with `npm run audit:partitions -- --drain-default` (docs/deployment.md,
 * "Audit log partitions and retention").
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

  /**
   * One run over every partitioned table: the reports, logged; throws (after creating what it could in every
   * table) when a DEFAULT partition holds rows, or a table's function failed.
   */
  async run(): Promise<Record<MonthlyPartitionedTable, AuditPartitionsReport>> {
    const reports: Partial<Record<MonthlyPartitionedTable, AuditPartitionsReport>> = {};
    const problems: string[] = [];
    let drain = false;
    for (const table of MONTHLY_PARTITIONED_TABLES) {
      try {
        const report = await this.ensureAhead(table);
        reports[table] = report;
        this.logger.log(
          `${table} partitions: ${report.created.length ? `created ${report.created.join(', ')}` : 'none to create'}; ` +
            `${report.defaultRows} rows in the default partition`,
        );
        if (report.defaultRows > 0 || report.blocked.length > 0) {
          const blocked = report.blocked.map((b) => `${b.partition} (${b.rows} rows)`).join(', ');
          drain = true;
          problems.push(
            `${table}_default holds ${report.defaultRows} rows of months without a partition` +
              `${blocked ? `; not created because of them: ${blocked}` : ''}.`,
          );
        }
      } catch (error) {
        problems.push(`${table}: ${(error as Error).message}.`);
      }
    }
    try {
      await this.repository.analyzePartitionedParents();
    } catch (error) {
      problems.push(`ANALYZE of the partitioned tables: ${(error as Error).message}.`);
    }
    if (problems.length > 0) {
      throw new Error(
        problems.join(' ') +
          (drain ? ' Move them as the owner: npm run audit:partitions -- --drain-default' : ''),
      );
    }
    return reports as Record<MonthlyPartitionedTable, AuditPartitionsReport>;
  }

  async ensureAhead(table: MonthlyPartitionedTable = 'audit_log'): Promise<AuditPartitionsReport> {
    const rows = await this.repository.ensurePartitions(table, AUDIT_PARTITION_MONTHS_AHEAD);
    return {
      created: rows.filter((r) => r.status === 'created').map((r) => r.partition),
      blocked: rows
        .filter((r) => r.status === 'blocked')
        .map((r) => ({ partition: r.partition, rows: r.defaultRows })),
      defaultRows: rows.find((r) => r.status === 'default')?.defaultRows ?? 0,
    };
  }
}
