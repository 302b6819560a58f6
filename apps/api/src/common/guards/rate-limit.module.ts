import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiConfig } from '../../config/api-config';
import { PrismaService } from '../../db/prisma.service';
import { PgThrottlerStorage } from '../../modules/security/pg-throttler.storage';
import { Clock } from '../clock';
import { RateLimitGuard } from './rate-limit.guard';

const MINUTE = 60_000;

/** Every throttler, named: a controller applies the guard and un-skips the ones its routes need. */
export const THROTTLERS = ['intake', 'status', 'preview', 'login', 'partner'] as const;
export const SKIP_ALL_THROTTLERS = Object.fromEntries(THROTTLERS.map((name) => [name, true]));

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ApiConfig, PrismaService, Clock],
      useFactory: ({ env }: ApiConfig, prisma: PrismaService, clock: Clock) => ({
        setHeaders: false,
        // Shared by every API process through PostgreSQL: N replicas still grant the limit once.
        storage: new PgThrottlerStorage(prisma, clock),
        throttlers: [
          { name: 'intake', ttl: MINUTE, limit: env.RATE_LIMIT_INTAKE_PER_MINUTE },
          { name: 'status', ttl: MINUTE, limit: env.RATE_LIMIT_STATUS_PER_MINUTE },
          { name: 'preview', ttl: MINUTE, limit: env.RATE_LIMIT_PREVIEW_PER_MINUTE },
          // Password and TOTP attempts per client address: password spraying across accounts is slowed too.
          { name: 'login', ttl: MINUTE, limit: env.RATE_LIMIT_LOGIN_PER_MINUTE },
          // Partner links: a 256-bit token cannot be guessed; this only bounds the work one address causes.
          { name: 'partner', ttl: MINUTE, limit: env.RATE_LIMIT_PARTNER_PER_MINUTE },
        ],
      }),
    }),
  ],
  providers: [RateLimitGuard],
  exports: [ThrottlerModule, RateLimitGuard],
})
export class RateLimitModule {}
