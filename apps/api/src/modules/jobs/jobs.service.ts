import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import type { z } from 'zod';
import { JOBS_SCHEMA } from '@madoguchi/db/job-queue';
import { TOKYO_TIME_ZONE, type TJobMode, type TJobQueueCounts, type TJobsHealth } from '@madoguchi/shared';
import { AppError } from '../../common/errors/app-error';
import { ApiConfig } from '../../config/api-config';
import type { JobDefinition, JobHandler } from './job-definition';
import { JobsRepository } from './jobs.repository';

type Registration = { definition: JobDefinition; handler: JobHandler<z.ZodType> };

const RECENT_FAILURES = 20;
/** How long a start-up send waits for the queue to come up, in one-second tries. */
const BOOT_SEND_TRIES = 60;

/**
 * The job queue (pg-boss on the application's database). Modules register their jobs' handlers
 * (usually in onModuleInit) and send jobs; this process runs them when JOBS_MODE is `inline` (the
 * default, and always in `npm run worker`), only queues them when it is `enqueue`, and does neither
 * when it is `off`. pg-boss's schema is the owner's (applyMigrations); this role only reads and writes it.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobsService.name);
  private readonly registrations = new Map<string, Registration>();
  private boss: PgBoss | undefined;
  private starting: Promise<void> | undefined;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;

  constructor(
    private readonly config: ApiConfig,
    private readonly repository: JobsRepository,
  ) {}

  get mode(): TJobMode {
    return this.config.env.JOBS_MODE;
  }

  private get runsJobs(): boolean {
    return this.mode === 'inline';
  }

  /** Registers a job's handler; after start-up its queue is created and worked at once. */
  async register<S extends z.ZodType>(definition: JobDefinition<S>, handler: JobHandler<S>): Promise<void> {
    if (this.registrations.has(definition.name)) {
      throw new Error(`The job "${definition.name}" is registered twice`);
    }
    const registration: Registration = { definition, handler: handler as JobHandler<z.ZodType> };
    this.registrations.set(definition.name, registration);
    if (this.boss) {
      await this.wire(this.boss, registration);
    }
  }

  /**
   * Queues a job. Returns its id, or null when a job with the same key (JobDefinition.key) is already
   * kept, so nothing was queued.
   */
  async send<S extends z.ZodType>(
    definition: JobDefinition<S>,
    payload: z.input<S>,
    options: { startAfterSeconds?: number } = {},
  ): Promise<string | null> {
    if (!this.boss) {
      throw new AppError('unavailable', {
        message:
          this.mode === 'off'
            ? 'Background jobs are off (JOBS_MODE=off)'
            : 'The job queue has not started yet',
      });
    }
    const data = definition.payload.parse(payload);
    const key = definition.key?.(data);
    return this.boss.send(definition.name, data as object, {
      ...(key === undefined ? {} : { id: jobIdFor(definition.name, key), singletonKey: key }),
      ...(options.startAfterSeconds === undefined ? {} : { startAfter: options.startAfterSeconds }),
    });
  }

  /**
   * Queues a job once this process's queue has started (the start-up run of a scheduled job), in the background:
   * pg-boss starts in its own bootstrap hook, with retries, so this waits for it up to a minute. Never when
   * JOBS_MODE is off; a failure is logged, not thrown.
   */
  sendAtStart<S extends z.ZodType>(definition: JobDefinition<S>, payload: z.input<S>): void {
    if (this.mode === 'off') {
      return;
    }
    const sendOnceStarted = async () => {
      for (let i = 0; i < BOOT_SEND_TRIES && !this.stopping; i += 1) {
        if (this.boss) {
          await this.send(definition, payload);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      }
    };
    void sendOnceStarted().catch((error: unknown) => {
      if (!this.stopping) {
        this.logger.warn(`Could not queue ${definition.name} at start: ${String(error)}`);
      }
    });
  }

  /** For admins: counts per queue and the latest failures with their errors. */
  async health(): Promise<TJobsHealth> {
    const [queues, recentFailures] = await Promise.all([
      this.repository.queueCounts(),
      this.repository.recentFailures(RECENT_FAILURES),
    ]);
    return { mode: this.mode, queues, recentFailures };
  }

  /** For the public readiness probe: counts only. */
  queueCounts(): Promise<TJobQueueCounts[]> {
    return this.repository.queueCounts();
  }

  /**
   * Starts pg-boss in the background, trying again with back-off while the database is unreachable:
   * like the rest of the API, the process comes up without it and readiness says so until it is there.
   */
  onApplicationBootstrap(): void {
    if (this.mode !== 'off') {
      this.starting = this.startWithRetries();
    }
  }

  /** Resolves once pg-boss has started and every registered job is wired (at once when JOBS_MODE is off). */
  async started(): Promise<void> {
    await this.starting;
  }

  get isStarted(): boolean {
    return this.boss !== undefined;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    await this.starting;
    const boss = this.boss;
    this.boss = undefined;
    // Running handlers get the shutdown grace to finish; what is cut short runs again after expiry.
    await boss?.stop({ graceful: true, timeout: this.config.env.SHUTDOWN_GRACE_MS });
  }

  private async startWithRetries(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      const boss = this.createBoss();
      try {
        await boss.start();
        // Jobs registered meanwhile are wired too; `boss` is published only when none is left.
        const wired = new Set<string>();
        for (;;) {
          const pending = [...this.registrations.values()].filter((r) => !wired.has(r.definition.name));
          if (pending.length === 0) {
            break;
          }
          for (const registration of pending) {
            await this.wire(boss, registration);
            wired.add(registration.definition.name);
          }
        }
        this.boss = boss;
        this.logger.log(`Job queue started (${this.mode}): ${[...wired].join(', ') || 'no jobs'}`);
        return;
      } catch (error) {
        await boss.stop({ graceful: false }).catch(() => undefined);
        const seconds = Math.min(2 ** (attempt - 1), 30);
        this.logger.warn(`Job queue not started (${(error as Error).message}); trying again in ${seconds} s`);
        await new Promise<void>((resolve) => {
          this.wakeRetry = resolve;
          this.retryTimer = setTimeout(resolve, seconds * 1000);
        });
      }
    }
  }

  private createBoss(): PgBoss {
    const env = this.config.env;
    const boss = new PgBoss({
      connectionString: env.DATABASE_URL,
      schema: JOBS_SCHEMA,
      application_name: 'madoguchi-jobs',
      max: 2,
      // The schema is the owner's: a missing or older one is an error here (run the migrations).
      migrate: false,
      createSchema: false,
      // Cron and maintenance (expiring stuck jobs, deleting old ones) run where jobs run.
      schedule: this.runsJobs,
      supervise: this.runsJobs,
      registerInstance: false,
      // Rebuilding indexes needs their owner; the owner's migrate step is the place for that.
      reindex: false,
      monitorVacuum: false,
    });
    boss.on('error', (error: Error) => this.logger.error(`Job queue: ${error.message}`));
    boss.on('warning', (warning: { message: string }) => this.logger.warn(`Job queue: ${warning.message}`));
    return boss;
  }

  /** Creates (or updates) the job's queue and, where jobs run, works it and keeps its schedule. */
  private async wire(boss: PgBoss, { definition, handler }: Registration): Promise<void> {
    const env = this.config.env;
    const retry = {
      retryLimit: env.JOBS_RETRY_LIMIT,
      retryDelay: env.JOBS_RETRY_DELAY_SECONDS,
      retryBackoff: true,
    };
    await boss.createQueue(definition.name, retry);
    // createQueue keeps an existing queue as it was: bring its retry settings up to this process's.
    await boss.updateQueue(definition.name, retry);
    if (!this.runsJobs) {
      return;
    }
    await boss.work<unknown>(
      definition.name,
      { pollingIntervalSeconds: env.JOBS_POLL_INTERVAL_SECONDS },
      async ([job]) => {
        if (!job) {
          return;
        }
        // Thrown errors (an invalid payload included) are retried with back-off, then parked as failed.
        await handler(definition.payload.parse(job.data), { id: job.id, attempt: job.retryCount + 1 });
      },
    );
    if (definition.schedule) {
      await boss.schedule(definition.name, definition.schedule.cron, definition.schedule.payload as object, {
        tz: TOKYO_TIME_ZONE,
      });
    }
  }
}

/** A UUID derived from the job's name and key, so the same key always names the same job. */
function jobIdFor(name: string, key: string): string {
  const hex = createHash('sha256').update(`${name}\0${key}`).digest('hex');
  // Version 8 (custom) and the RFC 9562 variant bits, so it is a well-formed UUID.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
