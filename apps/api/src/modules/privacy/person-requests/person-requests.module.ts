import { Module } from '@nestjs/common';
import { CaseWorkflowModule } from '../../cases/case-workflow.module';
import { DeskModule } from '../../desk/desk.module';
import { IntakeModule } from '../../intake/intake.module';
import { RetentionModule } from '../retention/retention.module';
import { PersonRequestsController, PersonRequestsPublicController } from './person-requests.controller';
import { PersonRequestsDataModule } from './person-requests-data.module';
import { PersonRequestsService } from './person-requests.service';

// AuditService comes from the global AuditModule, FieldCrypto from CryptoModule, Clock and ApiConfig from AppModule.
/**
 * Requests from the person (issue 17 item 3): the pair is checked by IntakeService (the status look-up's back-off),
 * a correction's note goes on the timeline through CasesRepository, a deletion shreds through CaseShredder.
 */
@Module({
  imports: [IntakeModule, CaseWorkflowModule, DeskModule, RetentionModule, PersonRequestsDataModule],
  controllers: [PersonRequestsPublicController, PersonRequestsController],
  providers: [PersonRequestsService],
})
export class PersonRequestsModule {}
