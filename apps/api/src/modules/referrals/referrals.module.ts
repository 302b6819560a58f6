import { Module } from '@nestjs/common';
import { CaseWorkflowModule } from '../cases/case-workflow.module';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

// AuditService comes from the global AuditModule.
@Module({
  // Sending a referral moves the case through the case workflow, never by writing the case itself.
  imports: [CaseWorkflowModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralsRepository],
  exports: [ReferralsService],
})
export class ReferralsModule {}
