import { Global, Module } from '@nestjs/common';
import { AuditPartitionsJobs } from './audit-partitions.jobs';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditQueryService, AuditRepository, AuditPartitionsJobs],
  exports: [AuditService],
})
export class AuditModule {}
