import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createDbClient, type DbClient } from '@madoguchi/db';
import { ApiConfig } from '../config/api-config';

/** The one Prisma client (and pg pool) of the process; closed when the app shuts down. */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly client: DbClient;

  constructor(config: ApiConfig) {
    this.client = createDbClient({
      databaseUrl: config.env.DATABASE_URL,
      poolSize: config.env.DATABASE_POOL_SIZE,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
