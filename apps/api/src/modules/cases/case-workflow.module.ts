import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesRepository } from './cases.repository';
import { IdentifierRekey } from './identifier-rekey';
import { SearchIndex } from './search-index';
import { SearchReindex, SearchReindexJobs } from './search-reindex';

/**
 * The case tables' one writer (CasesRepository) and the one way a case's status changes
 * (CaseWorkflowService), apart from CasesModule so that the modules CasesModule itself imports
 * (intake) can write a case too without a cycle.
 */
@Module({
  // The search.reindex job also keys the registry's entries (IdentifierRekey).
  imports: [RegistryModule],
  providers: [
    CasesRepository,
    CaseWorkflowService,
    SearchIndex,
    SearchReindex,
    IdentifierRekey,
    SearchReindexJobs,
  ],
  exports: [CasesRepository, CaseWorkflowService, SearchIndex, SearchReindex, IdentifierRekey],
})
export class CaseWorkflowModule {}
