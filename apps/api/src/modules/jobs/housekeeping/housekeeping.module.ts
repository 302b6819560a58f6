import { Module } from '@nestjs/common';
import { IntakeModule } from '../../intake/intake.module';
import { HousekeepingJobs } from './housekeeping.jobs';

/** Periodic clean-up jobs, each done through the module that owns the data. */
@Module({ imports: [IntakeModule], providers: [HousekeepingJobs] })
export class HousekeepingModule {}
