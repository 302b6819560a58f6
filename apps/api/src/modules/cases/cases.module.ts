import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { WindowsModule } from '../windows/windows.module';
import { CaseWorkflowModule } from './case-workflow.module';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  // Phone intakes go through IntakeService: the same normalisation, triage and storage as web intakes.
  imports: [WindowsModule, IntakeModule, CaseWorkflowModule],
  controllers: [CasesController],
  providers: [CasesService],
})
export class CasesModule {}
