import { Module } from '@nestjs/common';
import { SupervisionController } from './supervision.controller';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';

// AuditService comes from the global AuditModule, Clock from the AppModule.
@Module({
  controllers: [SupervisionController],
  providers: [SupervisionService, SupervisionRepository],
  // The retention shredder clears review comments in its transaction (privacy/retention).
  exports: [SupervisionRepository],
})
export class SupervisionModule {}
