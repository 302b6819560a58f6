import { Module } from '@nestjs/common';
import { FollowupsJobs } from './followups.jobs';
import { FollowupsRepository } from './followups.repository';
import { FollowupsService } from './followups.service';

/** Follow-ups that act: the followups.scan job (notifications go through the global NotificationsService). */
@Module({
  providers: [FollowupsRepository, FollowupsService, FollowupsJobs],
  exports: [FollowupsService],
})
export class FollowupsModule {}
