import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

// AuditService comes from the global AuditModule.
@Module({
  // The letter prints the referral's partner link; every file prints the desk's identity.
  imports: [ReferralsModule, DeskModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
  exports: [ReportsService],
})
export class ReportsModule {}
