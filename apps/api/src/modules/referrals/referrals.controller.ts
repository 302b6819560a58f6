import { Body, Controller, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  CreateReferralDto,
  FollowUpsQueryDto,
  ReferralCaseParamsDto,
  ReferralIdParamsDto,
  ReferralStatusRequestDto,
  UpdateReferralDto,
} from './referrals.dto';
import { ReferralsService } from './referrals.service';

const routes = contract.referrals;
const links = contract.partnerLinks;

@Controller()
export class ReferralsController {
  constructor(private readonly service: ReferralsService) {}

  @Endpoint(routes.create)
  create(
    @Param() params: ReferralCaseParamsDto,
    @Body() body: CreateReferralDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.create(params.caseId, body, user);
  }

  @Endpoint(routes.listForCase)
  listForCase(@Param() params: ReferralCaseParamsDto) {
    return this.service.listForCase(params.caseId);
  }

  // Declared before `referrals/:id` for readers; the router prefers the static path anyway.
  @Endpoint(routes.followUps)
  followUps(@Query() query: FollowUpsQueryDto) {
    return this.service.followUps(query);
  }

  @Endpoint(routes.get)
  get(@Param() params: ReferralIdParamsDto) {
    return this.service.get(params.id);
  }

  @Endpoint(routes.changeStatus)
  changeStatus(
    @Param() params: ReferralIdParamsDto,
    @Body() body: ReferralStatusRequestDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.changeStatus(params.id, body, user);
  }

  @Endpoint(routes.update)
  update(@Param() params: ReferralIdParamsDto, @Body() body: UpdateReferralDto) {
    return this.service.update(params.id, body);
  }

  @Endpoint(links.revoke)
  revokeLink(@Param() params: ReferralIdParamsDto, @CurrentUser() user: AuthUser) {
    return this.service.revokeLink(params.id, user);
  }

  @Endpoint(links.reissue)
  reissueLink(@Param() params: ReferralIdParamsDto, @CurrentUser() user: AuthUser) {
    return this.service.reissueLink(params.id, user);
  }

  @Endpoint(links.email)
  emailLink(@Param() params: ReferralIdParamsDto) {
    return this.service.emailLink(params.id);
  }
}
