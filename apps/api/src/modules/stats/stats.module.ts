import { Module } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { StatsController } from './stats.controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

// AuditService comes from the global AuditModule, ApiConfig from the AppModule.
@Module({
  // The desk's hours and targets: the share of first responses that met them.
  imports: [DeskModule],
  controllers: [StatsController],
  providers: [StatsService, StatsRepository],
})
export class StatsModule {}
