import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/context/request-context';
import { Access, STAFF } from '../../common/decorators/access.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  CaseIdParamsDto,
  CreateReferralDto,
  FollowUpsQueryDto,
  ReferralIdParamsDto,
  ReferralStatusRequestDto,
  UpdateReferralDto,
} from './referrals.dto';
import { ReferralsService } from './referrals.service';

@ApiTags('referrals')
@Controller()
export class ReferralsController {
  constructor(private readonly service: ReferralsService) {}

  @Post('cases/:caseId/referrals')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Draft a referral of the case to a window, with the consent given for it' })
  create(@Param() params: CaseIdParamsDto, @Body() body: CreateReferralDto, @CurrentUser() user: AuthUser) {
    return this.service.create(params.caseId, body, user);
  }

  @Get('cases/:caseId/referrals')
  @Access(...STAFF)
  @ApiOperation({ summary: "The case's referrals with their history, newest first" })
  listForCase(@Param() params: CaseIdParamsDto) {
    return this.service.listForCase(params.caseId);
  }

  // Declared before `referrals/:id` for readers; the router prefers the static path anyway.
  @Get('referrals/follow-ups')
  @Access(...STAFF)
  @ApiOperation({
    summary: 'Referrals whose follow-up is due (sent, acknowledged, no response), oldest first',
  })
  followUps(@Query() query: FollowUpsQueryDto) {
    return this.service.followUps(query);
  }

  @Get('referrals/:id')
  @Access(...STAFF)
  @ApiOperation({ summary: 'One referral with its status history' })
  get(@Param() params: ReferralIdParamsDto) {
    return this.service.get(params.id);
  }

  @Post('referrals/:id/status')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiOperation({ summary: 'Move the referral along its loop; sending moves the case to referred' })
  changeStatus(
    @Param() params: ReferralIdParamsDto,
    @Body() body: ReferralStatusRequestDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.changeStatus(params.id, body, user);
  }

  @Patch('referrals/:id')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Edit reason, method, follow-up date or outcome note (needs the version read)' })
  update(@Param() params: ReferralIdParamsDto, @Body() body: UpdateReferralDto) {
    return this.service.update(params.id, body);
  }
}
