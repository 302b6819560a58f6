import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { RateLimitGuard } from '../../common/guards/rate-limit.guard';
import { ApiConfig } from '../../config/api-config';
import { WindowsModule } from '../windows/windows.module';
import { IntakeController } from './intake.controller';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';

const MINUTE = 60_000;

@Module({
  imports: [
    WindowsModule,
    ThrottlerModule.forRootAsync({
      inject: [ApiConfig],
      useFactory: ({ env }: ApiConfig) => ({
        setHeaders: false,
        throttlers: [
          { name: 'intake', ttl: MINUTE, limit: env.RATE_LIMIT_INTAKE_PER_MINUTE },
          { name: 'status', ttl: MINUTE, limit: env.RATE_LIMIT_STATUS_PER_MINUTE },
          { name: 'preview', ttl: MINUTE, limit: env.RATE_LIMIT_PREVIEW_PER_MINUTE },
        ],
      }),
    }),
  ],
  controllers: [IntakeController],
  providers: [IntakeService, IntakeRepository, RateLimitGuard],
  // Counselors' phone intakes (CasesModule) go through exactly the same normalisation, triage and storage.
  exports: [IntakeService],
})
export class IntakeModule {}
