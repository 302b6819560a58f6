import { Module } from '@nestjs/common';
import { CaseWorkflowModule } from '../../cases/case-workflow.module';
import { EvidenceModule } from '../../evidence/evidence.module';
import { IntakeModule } from '../../intake/intake.module';
import { ReferralsModule } from '../../referrals/referrals.module';
import { SupervisionModule } from '../../supervision/supervision.module';
import { PersonRequestsDataModule } from '../person-requests/person-requests-data.module';
import { CaseShredder } from './case-shredder';
import { RetentionController } from './retention.controller';
import { RetentionJobs } from './retention.jobs';
import { RetentionService } from './retention.service';

// AuditService comes from the global AuditModule, Clock and ApiConfig from the AppModule, JobsService from JobsModule.
/**
 * Retention classes, legal holds and shredding (issue 17 item 2). The shredder clears each table through its
 * owner's repository, in one transaction; CaseShredder is exported for the person's deletion request.
 */
@Module({
  imports: [
    CaseWorkflowModule,
    IntakeModule,
    ReferralsModule,
    SupervisionModule,
    EvidenceModule,
    PersonRequestsDataModule,
  ],
  controllers: [RetentionController],
  providers: [CaseShredder, RetentionService, RetentionJobs],
  exports: [CaseShredder],
})
export class RetentionModule {}
