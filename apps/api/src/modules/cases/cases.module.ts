import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { IntakeModule } from '../intake/intake.module';
import { WindowsModule } from '../windows/windows.module';
import { CaseBulkController } from './case-bulk.controller';
import { CaseBulkService } from './case-bulk.service';
import { CaseWorkflowModule } from './case-workflow.module';
import { CaseMergeController } from './case-merge.controller';
import { CaseMergeService } from './case-merge.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  // Phone intakes go through IntakeService: the same normalisation, triage and storage as web intakes.
  // The queue shows each case against the desk's response targets.
  imports: [WindowsModule, IntakeModule, CaseWorkflowModule, DeskModule],
  // POST /cases/bulk is mounted before /cases/:id… (its own controller, listed first).
  controllers: [CaseBulkController, CasesController, CaseMergeController],
  providers: [CasesService, CaseBulkService, CaseMergeService],
  // The response.scan job computes the due times the database cleared (CasesService.refreshResponseDue).
  exports: [CasesService],
})
export class CasesModule {}
