import { z } from 'zod';

/** How a process runs background jobs (the API's JOBS_MODE; the worker always runs them). */
export const JOB_MODES = ['inline', 'enqueue', 'off'] as const;
export const ZJobMode = z.enum(JOB_MODES);
export type TJobMode = z.infer<typeof ZJobMode>;

/** One queue's counts: what the public readiness probe shows (never payloads or errors). */
export const ZJobQueueCounts = z.strictObject({
  name: z.string(),
  /** Queued or waiting for a retry. */
  waiting: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
  /** Parked after its last retry, until pg-boss's retention removes it. */
  failed: z.number().int().nonnegative(),
  /** Seconds since the oldest waiting job was queued; null when none waits. */
  oldestWaitingSeconds: z.number().int().nonnegative().nullable(),
});
export type TJobQueueCounts = z.infer<typeof ZJobQueueCounts>;

/** A job parked as failed, for admins: which job and why, never its payload. */
export const ZFailedJob = z.strictObject({
  id: z.string(),
  queue: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
  attempts: z.number().int().positive(),
  error: z.string(),
});
export type TFailedJob = z.infer<typeof ZFailedJob>;

export const ZJobsHealth = z.strictObject({
  mode: ZJobMode,
  queues: z.array(ZJobQueueCounts),
  /** The most recent failures, newest first. */
  recentFailures: z.array(ZFailedJob),
});
export type TJobsHealth = z.infer<typeof ZJobsHealth>;
