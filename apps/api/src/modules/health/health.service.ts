import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { HealthRepository } from './health.repository';

const READY_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(private readonly repository: HealthRepository) {}

  live() {
    return { status: 'ok' as const };
  }

  /** Ready means the database answers, within a bound so a hung pool fails the probe instead of hanging it. */
  async ready() {
    try {
      await Promise.race([
        this.repository.ping(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('database ping timed out')), READY_TIMEOUT_MS).unref(),
        ),
      ]);
      return { status: 'ok' as const, checks: { database: 'ok' as const } };
    } catch (error) {
      // The cause (a host and port, a driver message) goes to the log, not to a public probe's reply.
      this.logger.warn(`Readiness: database failing: ${(error as Error).message}`);
      throw new AppError('unavailable', {
        message: 'Database not reachable',
        details: { checks: { database: 'failing' } },
      });
    }
  }
}
