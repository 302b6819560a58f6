import { Body, Controller, Header, Param, UseGuards } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { SkipThrottle } from '@nestjs/throttler';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { RateLimitGuard } from '../../common/guards/rate-limit.guard';
import { SKIP_ALL_THROTTLERS } from '../../common/guards/rate-limit.module';
import { evidenceFile } from '../evidence/evidence-file-response';
import { ReferralsService } from '../referrals/referrals.service';
import {
  PartnerAcknowledgeDto,
  PartnerCompleteDto,
  PartnerDeclineDto,
  PartnerEvidenceParamsDto,
  PartnerLinkParamsDto,
} from './partner-links.dto';
import { PartnerLinkViewService } from './partner-link-view.service';

const routes = contract.partnerLinks;

/** The receiving window's page, without an account: rate-limited per address like the other public routes. */
@UseBulkhead('intake')
@Controller()
@UseGuards(RateLimitGuard)
@SkipThrottle({ ...SKIP_ALL_THROTTLERS, partner: false })
export class PartnerLinksController {
  constructor(
    private readonly view: PartnerLinkViewService,
    private readonly referrals: ReferralsService,
  ) {}

  @Endpoint(routes.get)
  get(@Param() params: PartnerLinkParamsDto) {
    return this.view.view(params.token);
  }

  @Endpoint(routes.evidence)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  async evidence(@Param() params: PartnerEvidenceParamsDto) {
    return evidenceFile(await this.view.openEvidence(params.token, params.fileId));
  }

  @Endpoint(routes.acknowledge)
  acknowledge(@Param() params: PartnerLinkParamsDto, @Body() body: PartnerAcknowledgeDto) {
    return this.referrals.answerAsPartner(params.token, 'acknowledge', body.note ?? null);
  }

  @Endpoint(routes.complete)
  complete(@Param() params: PartnerLinkParamsDto, @Body() body: PartnerCompleteDto) {
    return this.referrals.answerAsPartner(params.token, 'complete', body.outcomeNote);
  }

  @Endpoint(routes.decline)
  decline(@Param() params: PartnerLinkParamsDto, @Body() body: PartnerDeclineDto) {
    return this.referrals.answerAsPartner(params.token, 'decline', body.reason);
  }
}
