import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

// AuditService comes from the global AuditModule, ApiConfig from the AppModule.
@Module({
  // The letter prints the referral's partner link.
  imports: [ReferralsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
  exports: [ReportsService],
})
export class ReportsModule {}
