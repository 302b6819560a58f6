import { Module } from '@nestjs/common';
import { CaseWorkflowModule } from '../cases/case-workflow.module';
import { DeskModule } from '../desk/desk.module';
import { WindowsModule } from '../windows/windows.module';
import { AccessCodeHasher } from './access-codes';
import { IntakeController } from './intake.controller';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';

@Module({
  // The case row of an intake is written by CasesRepository, in the intake's transaction.
  imports: [WindowsModule, CaseWorkflowModule, DeskModule],
  controllers: [IntakeController],
  providers: [IntakeService, IntakeRepository, AccessCodeHasher],
  // Counselors' phone intakes (CasesModule) go through exactly the same normalisation, triage and storage.
  // IntakeRepository: the retention shredder clears the intake in its transaction (privacy/retention).
  exports: [IntakeService, IntakeRepository],
})
export class IntakeModule {}
