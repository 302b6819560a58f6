import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createPooledDbClient, type DbClient, type PooledDbClient } from '@madoguchi/db';
import { ApiConfig } from '../config/api-config';

/** Which bulkhead a piece of work belongs to (see common/admission). */
export type BulkheadName = 'intake' | 'staff' | 'reports';

/** The pg pools: one per bulkhead, and the read-only one on the replica (it serves part of the reports bulkhead). */
type PoolName = BulkheadName | 'replica';

/** After the replica failed, how long its work stays on the primary before the replica is tried again. */
const REPLICA_RETRY_MS = 30_000;
/** A replica that does not answer a connection attempt within this is taken as down (pg's default: never). */
const REPLICA_CONNECT_TIMEOUT_MS = 3_000;

/**
 * The process's database access, one pg pool per bulkhead, each with its own statement_timeout,
 * behind one Prisma client (see createPooledDbClient):
 * - `client`: staff reads and writes (every route not routed elsewhere);
 * - `intake`: the public intake, status look-up and triage preview;
 * - `reports`: report files and exports that read their own writes (letters, case exports) — long work
 *   that must never take the connections the other two need;
 * - `replica`: read-only work of the reports bulkhead that tolerates replication lag (statistics, the
 *   workload, the referral register, the queue's search), on DATABASE_REPLICA_URL when set, else on the
 *   primary. Its connections start with default_transaction_read_only=on, so a write sent here fails
 *   even on the primary; while the replica is unreachable its work goes to the primary (read-only too,
 *   application_name madoguchi-api-replica-failover) for REPLICA_RETRY_MS at a time, so a replica outage
 *   costs no request: the reports bulkhead's admission still bounds how much of it reaches the primary.
 * Closed when the app shuts down.
 */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly client: DbClient;
  readonly intake: DbClient;
  readonly reports: DbClient;
  readonly replica: DbClient;
  private readonly pooled: PooledDbClient<PoolName>;
  private readonly logger = new Logger(PrismaService.name);

  constructor(config: ApiConfig) {
    const env = config.env;
    const replica = {
      poolSize: env.REPORTS_DB_POOL_SIZE,
      statementTimeoutMs: env.REPORTS_STATEMENT_TIMEOUT_MS,
      applicationName: 'madoguchi-api-replica',
      connectionTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS,
      readOnly: true,
    };
    this.pooled = createPooledDbClient<PoolName>({
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
        replica: env.DATABASE_REPLICA_URL
          ? {
              ...replica,
              databaseUrl: env.DATABASE_REPLICA_URL,
              failover: {
                databaseUrl: env.DATABASE_URL,
                forMs: REPLICA_RETRY_MS,
                applicationName: 'madoguchi-api-replica-failover',
                onFailover: (error) =>
                  this.logger.warn(
                    `The replica is unreachable (${error instanceof Error ? error.message : String(error)}); ` +
                      `its reads go to the primary for ${REPLICA_RETRY_MS / 1000} s`,
                  ),
              },
            }
          : replica,
      },
      fallback: 'staff',
    });
    this.client = this.pooled.pools.staff;
    this.intake = this.pooled.pools.intake;
    this.reports = this.pooled.pools.reports;
    this.replica = this.pooled.pools.replica;
  }

  /** The client of a bulkhead, for services that serve more than one. */
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
