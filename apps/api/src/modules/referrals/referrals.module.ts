import { Module } from '@nestjs/common';
import { CaseWorkflowModule } from '../cases/case-workflow.module';
import { DeskModule } from '../desk/desk.module';
import { PartnerLinkTokens } from './partner-link-tokens';
import { PartnerLinksRepository } from './partner-links.repository';
import { PartnerLinksService } from './partner-links.service';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

// AuditService comes from the global AuditModule, NotificationsService from the global NotificationsModule.
@Module({
  // Sending a referral moves the case through the case workflow, never by writing the case itself.
  // The desk's name on the window's notice, as on the letter.
  imports: [CaseWorkflowModule, DeskModule],
  controllers: [ReferralsController],
  providers: [
    ReferralsService,
    ReferralsRepository,
    PartnerLinksService,
    PartnerLinksRepository,
    PartnerLinkTokens,
  ],
  // Partner links: the letter prints them (reports), the public page answers through them (partner-links).
  // The repositories: the retention shredder clears referrals' free text in its transaction (privacy/retention).
  exports: [
    ReferralsService,
    PartnerLinksService,
    PartnerLinkTokens,
    ReferralsRepository,
    PartnerLinksRepository,
  ],
})
export class ReferralsModule {}
