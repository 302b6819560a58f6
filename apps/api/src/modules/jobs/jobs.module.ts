import { Global, Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';
import { MaintenanceSweeps } from './maintenance-sweeps';

/** The job queue, global so that every module can register its jobs and send them. */
@Global()
@Module({
  controllers: [JobsController],
  providers: [JobsService, JobsRepository, MaintenanceSweeps],
  exports: [JobsService, MaintenanceSweeps],
})
export class JobsModule {}
