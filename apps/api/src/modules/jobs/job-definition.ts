import type { z } from 'zod';

/**
 * A kind of background job: its queue's name and the zod schema of its payload (checked when it is
 * sent and again when it runs). Handlers are registered by their owning module (JobsService.register).
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  /** `<area>.<what>`, e.g. `housekeeping.prune-idempotency`. */
  name: string;
  payload: S;
  /**
   * What makes two sends the same job, for jobs that must run once: the job's id is derived from the
   * key, so a second send while the first is kept (pending, running, done or failed) queues nothing.
   */
  key?: (payload: z.infer<S>) => string;
  /** Sent on this cron expression (Japan time) by every process that runs jobs; pg-boss sends each occurrence once. */
  schedule?: { cron: string; payload: z.infer<S> };
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** What a handler learns about the job besides its payload. */
export type JobRun = { id: string; attempt: number };

export type JobHandler<S extends z.ZodType> = (payload: z.infer<S>, run: JobRun) => Promise<void>;
