import { randomBytes, randomUUID } from 'node:crypto';
import { Global, Module, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { createDbClient, type DbClient, type Role } from '@madoguchi/db';
import { Clock } from '../../src/common/clock';
import { requestContext, type AuthUser } from '../../src/common/context/request-context';
import { RateLimitModule } from '../../src/common/guards/rate-limit.module';
import { ApiConfig } from '../../src/config/api-config';
import { loadEnv } from '../../src/config/env';
import { DbModule } from '../../src/db/db.module';
import { CryptoModule } from '../../src/common/crypto/crypto.module';
import { AuditModule } from '../../src/modules/audit/audit.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { NotificationsModule } from '../../src/modules/notifications/notifications.module';
import { SecurityModule } from '../../src/modules/security/security.module';
import { createStaff } from '../auth-helpers';
import { TEST_KEK } from '../test-app';

export type MediumModule = {
  module: TestingModule;
  /** The owner's connection (DATABASE_URL), to arrange rows and check what the services wrote. */
  db: DbClient;
  close(): Promise<void>;
};

/**
 * The medium tier (as immich's server/test/medium): the real services and repositories of `features`,
 * built by Nest's testing module on this test file's own database (setup-database.ts) and connected
 * as the API's restricted role, as test-app.ts does, without HTTP. What AppModule provides to every
 * module (config, clock, database pools, field encryption, rate limits, audit, back-off, job queue, notifications) is provided here the same way.
 */
export async function createMediumModule(features: Type[]): Promise<MediumModule> {
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: process.env.MADOGUCHI_TEST_APP_DATABASE_URL ?? process.env.DATABASE_URL,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ACCESS_CODE_KEYS: `test:${randomBytes(32).toString('base64')}`,
    MADOGUCHI_KEK: TEST_KEK,
    // No job queue here: notifications are written, their e-mails stay in the outbox.
    JOBS_MODE: 'off',
  });

  @Global()
  @Module({
    providers: [{ provide: ApiConfig, useValue: new ApiConfig(env) }, Clock],
    exports: [ApiConfig, Clock],
  })
  class ConfigModule {}

  const module = await Test.createTestingModule({
    imports: [
      ConfigModule,
      DbModule,
      CryptoModule,
      RateLimitModule,
      AuditModule,
      SecurityModule,
      JobsModule,
      NotificationsModule,
      ...features,
    ],
  }).compile();
  await module.init();
  const db = createDbClient({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  return {
    module,
    db,
    close: async () => {
      await db.$disconnect();
      await module.close();
    },
  };
}

/** A staff member in this file's database, as the services see a signed-in one. */
export async function staffUser(role: Role): Promise<AuthUser> {
  const user = await createStaff(role);
  return { id: user.id, email: user.email, displayName: role, role, sessionId: randomUUID() };
}

/** Runs `work` as a request of `user` would: the audit rows take their actor from this context. */
export function actingAs<T>(user: AuthUser, work: () => Promise<T>): Promise<T> {
  return requestContext.run({ requestId: randomUUID(), ip: '192.0.2.1', user }, work);
}
