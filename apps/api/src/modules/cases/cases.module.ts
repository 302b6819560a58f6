import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { IntakeModule } from '../intake/intake.module';
import { WindowsModule } from '../windows/windows.module';
import { CaseWorkflowModule } from './case-workflow.module';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  // Phone intakes go through IntakeService: the same normalisation, triage and storage as web intakes.
  // The queue shows each case against the desk's response targets.
  imports: [WindowsModule, IntakeModule, CaseWorkflowModule, DeskModule],
  controllers: [CasesController],
  providers: [CasesService],
  // The response.scan job computes the due times the database cleared (CasesService.refreshResponseDue).
  exports: [CasesService],
})
export class CasesModule {}
