import { z } from 'zod';
import { ZJobQueueCounts } from './jobs-api.schema';

export const ZHealthLive = z.strictObject({ status: z.literal('ok') });
export const ZHealthReady = z.strictObject({
  status: z.literal('ok'),
  checks: z.strictObject({ database: z.literal('ok'), jobs: z.literal('ok').optional() }),
  /** Background jobs' counts per queue, when this process queues jobs (JOBS_MODE not `off`). */
  jobs: z.strictObject({ queues: z.array(ZJobQueueCounts) }).optional(),
});
