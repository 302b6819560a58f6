import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DeskModule } from './desk.module';
import { ResponseScanJobs } from './response-scan.jobs';
import { ResponseScanRepository } from './response-scan.repository';
import { ResponseScanService } from './response-scan.service';

/** The response.scan job: response targets about to be missed or missed notify the assignee and supervisors. */
@Module({
  imports: [DeskModule, CasesModule],
  providers: [ResponseScanRepository, ResponseScanService, ResponseScanJobs],
  exports: [ResponseScanService],
})
export class ResponseTargetsModule {}
