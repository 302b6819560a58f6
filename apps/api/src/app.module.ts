import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { RequestContextMiddleware } from './common/context/request-context.middleware';
import { ContractReplyInterceptor } from './common/contract/reply-check.interceptor';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { redactUrl } from './common/log-redaction';
import { AccessGuard } from './common/guards/access.guard';
import { RateLimitModule } from './common/guards/rate-limit.module';
import { AppValidationPipe } from './common/validation';
import { Clock } from './common/clock';
import { ApiConfig } from './config/api-config';
import type { ApiEnv } from './config/env';
import { DbModule } from './db/db.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { KeysModule } from './modules/keys/keys.module';
import { AuditModule } from './modules/audit/audit.module';
import { CasesModule } from './modules/cases/cases.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { UsersModule } from './modules/users/users.module';
import { SecurityModule } from './modules/security/security.module';
import { EvidenceModule } from './modules/evidence/evidence.module';
import { IntakeModule } from './modules/intake/intake.module';
import { FollowupsModule } from './modules/followups/followups.module';
import { ResponseTargetsModule } from './modules/desk/response-targets.module';
import { HousekeepingModule } from './modules/jobs/housekeeping/housekeeping.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PartnerLinksModule } from './modules/partner-links/partner-links.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { PersonRequestsModule } from './modules/privacy/person-requests/person-requests.module';
import { RetentionModule } from './modules/privacy/retention/retention.module';
import { ReferralsModule } from './modules/referrals/referrals.module';
import { RegistryModule } from './modules/registry/registry.module';
import { ReportsModule } from './modules/reports/reports.module';
import { StatsModule } from './modules/stats/stats.module';
import { SupervisionModule } from './modules/supervision/supervision.module';
import { TemplatesModule } from './modules/templates/templates.module';
import { WindowsModule } from './modules/windows/windows.module';

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('{*splat}');
  }

  static forRoot(env: ApiEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default ('*') is the wildcard syntax path-to-regexp 8 dropped: Nest warned at
          // every start and converted it.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: env.LOG_LEVEL,
            // Fastify assigns the id (see app.factory.ts); pino-http reads req.id.
            customProps: () => ({ service: 'madoguchi-api' }),
            redact: {
              // Never log credentials or what people wrote about themselves.
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              remove: true,
            },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                // Query values (search terms, phone numbers) never reach the log.
                url: redactUrl(req.url),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => (req.url ?? '').includes('/health/') },
          },
        }),
        DbModule,
        CryptoModule,
        JobsModule,
        KeysModule,
        NotificationsModule,
        RateLimitModule,
        AuditModule,
        SecurityModule,
        AuthModule,
        UsersModule,
        HealthModule,
        WindowsModule,
        IntakeModule,
        EvidenceModule,
        CasesModule,
        ReferralsModule,
        RegistryModule,
        ReportsModule,
        PartnerLinksModule,
        PrivacyModule,
        PersonRequestsModule,
        RetentionModule,
        StatsModule,
        SupervisionModule,
        TemplatesModule,
        HousekeepingModule,
        FollowupsModule,
        ResponseTargetsModule,
      ],
      providers: [
        { provide: ApiConfig, useValue: new ApiConfig(env) },
        Clock,
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: ContractReplyInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [ApiConfig, Clock],
    };
  }
}
