import { Injectable } from '@nestjs/common';
import { Prisma } from '@madoguchi/db';
import { JOBS_SCHEMA } from '@madoguchi/db/job-queue';
import type { TFailedJob, TJobQueueCounts } from '@madoguchi/shared';
import { PrismaService } from '../../db/prisma.service';

const schema = Prisma.raw(JOBS_SCHEMA);
/** pg-boss's states of a job that has yet to run (again). */
const WAITING = Prisma.sql`('created', 'retry')`;

/** Reads pg-boss's tables for the queue's health; pg-boss itself writes them (JobsService). */
@Injectable()
export class JobsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Counts per queue, from the jobs table itself (pg-boss's cached counts lag up to a minute). */
  async queueCounts(): Promise<TJobQueueCounts[]> {
    const rows = await this.prisma.client.$queryRaw<
      { name: string; waiting: number; active: number; failed: number; oldest: number | null }[]
    >`
      SELECT q.name,
             count(j.id) FILTER (WHERE j.state IN ${WAITING})::int AS waiting,
             count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
             count(j.id) FILTER (WHERE j.state = 'failed')::int AS failed,
             floor(extract(epoch FROM now() - min(j.created_on) FILTER (WHERE j.state IN ${WAITING})))::int AS oldest
      FROM ${schema}.queue q
      LEFT JOIN ${schema}.job j ON j.name = q.name
      -- pg-boss's own queues (cron and such) start with two underscores.
      WHERE q.name NOT LIKE '\\_\\_%'
      GROUP BY q.name
      ORDER BY q.name`;
    return rows.map((row) => ({
      name: row.name,
      waiting: row.waiting,
      active: row.active,
      failed: row.failed,
      oldestWaitingSeconds: row.oldest === null ? null : Math.max(0, row.oldest),
    }));
  }

  /** The latest failed jobs with the message they failed with (pg-boss keeps the serialised error in `output`). */
  async recentFailures(limit: number): Promise<TFailedJob[]> {
    const rows = await this.prisma.client.$queryRaw<
      { id: string; name: string; failed_at: Date; attempts: number; error: string | null }[]
    >`
      SELECT id::text, name, completed_on AS failed_at, retry_count + 1 AS attempts,
             coalesce(output->>'message', output::text) AS error
      FROM ${schema}.job
      WHERE state = 'failed' AND name NOT LIKE '\\_\\_%'
      ORDER BY completed_on DESC NULLS LAST
      LIMIT ${limit}`;
    return rows.map((row) => ({
      id: row.id,
      queue: row.name,
      failedAt: row.failed_at.toISOString(),
      attempts: row.attempts,
      error: (row.error ?? '').slice(0, 1000),
    }));
  }
}
