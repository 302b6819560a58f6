import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/context/request-context';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Access, STAFF, SUPERVISORS } from '../../common/decorators/access.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { download } from './report-file';
import { ReferralRegisterQueryDto, ReportReferralParamsDto } from './reports.dto';
import { ReportsService } from './reports.service';

// Every file here holds personal data or figures about the desk: no browser or proxy may keep a copy.
const NO_STORE = ['Cache-Control', 'no-store'] as const;

@ApiTags('reports')
@UseBulkhead('reports')
@Controller()
export class ReportsController {
  constructor(private readonly service: ReportsService) {}

  @Get('referrals/:id/report.pdf')
  @Access(...STAFF)
  @Header(...NO_STORE)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      'The referral letter (紹介状) as PDF, with only what the consent allows; recorded as a disclosure',
  })
  async referralLetter(@Param() params: ReportReferralParamsDto, @CurrentUser() user: AuthUser) {
    return download(await this.service.referralLetter(params.id, user));
  }

  @Get('referrals/:id/client-copy.pdf')
  @Access(...STAFF)
  @Header(...NO_STORE)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "The person's copy as PDF: the windows' contacts and hours, and the advice" })
  async clientCopy(@Param() params: ReportReferralParamsDto, @CurrentUser() user: AuthUser) {
    return download(await this.service.clientCopy(params.id, user));
  }

  @Get('referrals.csv')
  @Access(...SUPERVISORS)
  @Header(...NO_STORE)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Referral register: every referral created in the period (CSV, UTF-8 with BOM)' })
  async referralRegister(@Query() query: ReferralRegisterQueryDto) {
    return download(await this.service.referralRegister(query));
  }
}
