import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createPooledDbClient, type DbClient, type PooledDbClient } from '@madoguchi/db';
import { ApiConfig } from '../config/api-config';

/** Which bulkhead a piece of work belongs to (see common/admission). */
export type BulkheadName = 'intake' | 'staff' | 'reports';

/**
 * The process's database access, one pg pool per bulkhead, each with its own statement_timeout,
 * behind one Prisma client (see createPooledDbClient):
 * - `client`: staff reads and writes (every route not routed elsewhere);
 * - `intake`: the public intake, status look-up and triage preview;
 * - `reports`: statistics, report files, exports and search — long scans that must never take the
 *   connections the other two need.
 * Closed when the app shuts down.
 */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly client: DbClient;
  readonly intake: DbClient;
  readonly reports: DbClient;
  private readonly pooled: PooledDbClient<BulkheadName>;

  constructor(config: ApiConfig) {
    const env = config.env;
    this.pooled = createPooledDbClient<BulkheadName>({
      databaseUrl: env.DATABASE_URL,
      pools: {
        staff: {
          poolSize: env.DATABASE_POOL_SIZE,
          statementTimeoutMs: env.STAFF_STATEMENT_TIMEOUT_MS,
          applicationName: 'madoguchi-api-staff',
        },
        intake: {
          poolSize: env.INTAKE_DB_POOL_SIZE,
          statementTimeoutMs: env.INTAKE_STATEMENT_TIMEOUT_MS,
          applicationName: 'madoguchi-api-intake',
        },
        reports: {
          poolSize: env.REPORTS_DB_POOL_SIZE,
          statementTimeoutMs: env.REPORTS_STATEMENT_TIMEOUT_MS,
          applicationName: 'madoguchi-api-reports',
        },
      },
      fallback: 'staff',
    });
    this.client = this.pooled.pools.staff;
    this.intake = this.pooled.pools.intake;
    this.reports = this.pooled.pools.reports;
  }

  /** The client of a bulkhead, for services that serve more than one (e.g. search on the reports pool). */
  for(bulkhead: BulkheadName): DbClient {
    switch (bulkhead) {
      case 'intake':
        return this.intake;
      case 'reports':
        return this.reports;
      case 'staff':
        return this.client;
      default:
        return bulkhead satisfies never;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pooled.disconnect();
  }
}
