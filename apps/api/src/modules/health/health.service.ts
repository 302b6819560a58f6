import { Injectable, Logger } from '@nestjs/common';
import type { TJobQueueCounts } from '@madoguchi/shared';
import { FieldCrypto } from '../../common/crypto/field-crypto.service';
import { AppError } from '../../common/errors/app-error';
import { JobsService } from '../jobs/jobs.service';
import { HealthRepository } from './health.repository';

const READY_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    private readonly repository: HealthRepository,
    private readonly jobs: JobsService,
    private readonly crypto: FieldCrypto,
  ) {}

  live() {
    return { status: 'ok' as const };
  }

  /**
   * Ready means the database answers, within a bound so a hung pool fails the probe instead of hanging it, and
   * the data keys of the encrypted fields are open.
   * Where jobs are queued, it also shows each queue's counts (never a payload or an error: it is public).
   */
  async ready() {
    let queues: TJobQueueCounts[] | undefined;
    try {
      [, queues] = await Promise.race([
        Promise.all([this.repository.ping(), this.jobs.mode === 'off' ? undefined : this.jobs.queueCounts()]),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('database ping timed out')), READY_TIMEOUT_MS).unref(),
        ),
      ]);
    } catch (error) {
      // The cause (a host and port, a driver message) goes to the log, not to a public probe's reply.
      this.logger.warn(`Readiness: database failing: ${(error as Error).message}`);
      throw new AppError('unavailable', {
        message: 'Database not reachable',
        details: { reason: 'not_ready', checks: { database: 'failing' } },
      });
    }
    const keys = this.crypto.keysState;
    if (keys !== 'open') {
      // Encrypted fields cannot be read or written yet (or ever, with a wrong key): not ready for traffic.
      throw new AppError('unavailable', {
        message:
          keys === 'failed' ? 'The data keys do not open with this KEK' : 'The data keys are not open yet',
        details: { reason: 'not_ready', checks: { database: 'ok', keys } },
      });
    }
    if (!queues) {
      return { status: 'ok' as const, checks: { database: 'ok' as const } };
    }
    if (!this.jobs.isStarted) {
      throw new AppError('unavailable', {
        message: 'The job queue has not started yet',
        details: { reason: 'not_ready', checks: { database: 'ok', jobs: 'starting' } },
      });
    }
    return {
      status: 'ok' as const,
      checks: { database: 'ok' as const, jobs: 'ok' as const },
      jobs: { queues },
    };
  }
}
