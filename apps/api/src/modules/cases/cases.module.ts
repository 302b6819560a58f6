import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { WindowsModule } from '../windows/windows.module';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

@Module({
  // Phone intakes go through IntakeService: the same normalisation, triage and storage as web intakes.
  imports: [WindowsModule, IntakeModule],
  controllers: [CasesController],
  providers: [CasesService, CasesRepository],
})
export class CasesModule {}
