import { Injectable } from '@nestjs/common';
import { ApiConfig } from '../../config/api-config';
import type { BulkheadName } from '../../db/prisma.service';
import { Bulkhead } from './bulkhead';

/**
 * One admission queue per bulkhead, sized like its pool: an admitted request finds a connection at once
 * (its work outside the database is short), so the pool's own wait — and Prisma's P2024/P2028 — is not
 * where requests pile up. Beyond the queue, or after the queue's maximum wait, a request is shed with 503.
 */
@Injectable()
export class AdmissionService {
  readonly bulkheads: Record<BulkheadName, Bulkhead>;

  constructor(config: ApiConfig) {
    const env = config.env;
    const retryAfterSeconds = env.OVERLOAD_RETRY_AFTER_SECONDS;
    this.bulkheads = {
      intake: new Bulkhead({
        name: 'intake',
        concurrency: env.INTAKE_DB_POOL_SIZE,
        queueLength: env.INTAKE_QUEUE_LENGTH,
        maxWaitMs: env.INTAKE_QUEUE_MAX_WAIT_MS,
        retryAfterSeconds,
      }),
      staff: new Bulkhead({
        name: 'staff',
        concurrency: env.DATABASE_POOL_SIZE,
        queueLength: env.STAFF_QUEUE_LENGTH,
        maxWaitMs: env.STAFF_QUEUE_MAX_WAIT_MS,
        retryAfterSeconds,
      }),
      reports: new Bulkhead({
        name: 'reports',
        concurrency: env.REPORTS_DB_POOL_SIZE,
        queueLength: env.REPORTS_QUEUE_LENGTH,
        maxWaitMs: env.REPORTS_QUEUE_MAX_WAIT_MS,
        retryAfterSeconds,
      }),
    };
  }
}
