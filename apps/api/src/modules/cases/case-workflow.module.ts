import { Module } from '@nestjs/common';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesRepository } from './cases.repository';
import { SearchIndex } from './search-index';
import { SearchReindex, SearchReindexJobs } from './search-reindex';

/**
 * The case tables' one writer (CasesRepository) and the one way a case's status changes
 * (CaseWorkflowService), apart from CasesModule so that the modules CasesModule itself imports
 * (intake) can write a case too without a cycle.
 */
@Module({
  providers: [CasesRepository, CaseWorkflowService, SearchIndex, SearchReindex, SearchReindexJobs],
  exports: [CasesRepository, CaseWorkflowService, SearchIndex, SearchReindex],
})
export class CaseWorkflowModule {}
