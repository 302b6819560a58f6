import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ReportsModule } from '../reports/reports.module';
import { PartnerLinkViewService } from './partner-link-view.service';
import { PartnerLinksController } from './partner-links.controller';

/**
 * The public side of partner acknowledgement links (the page at /p/<token>). The links themselves, and the referral
 * changes an answer makes, live in the referrals module; what the page shows is the letter's content (reports).
 */
@Module({
  // The evidence files a referral shares are streamed from the locker (EvidenceService).
  imports: [ReferralsModule, ReportsModule, EvidenceModule],
  controllers: [PartnerLinksController],
  providers: [PartnerLinkViewService],
})
export class PartnerLinksModule {}
