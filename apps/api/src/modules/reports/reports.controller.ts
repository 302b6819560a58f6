import { Controller, Header, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { download } from './report-file';
import { CaseExportParamsDto, ReferralRegisterQueryDto, ReportReferralParamsDto } from './reports.dto';
import { ReportsService } from './reports.service';

// Every file here holds personal data or figures about the desk: no browser or proxy may keep a copy.
const NO_STORE = ['Cache-Control', 'no-store'] as const;

const routes = contract.reports;

@UseBulkhead('reports')
@Controller()
export class ReportsController {
  constructor(private readonly service: ReportsService) {}

  @Endpoint(routes.referralLetter)
  @Header(...NO_STORE)
  async referralLetter(@Param() params: ReportReferralParamsDto, @CurrentUser() user: AuthUser) {
    return download(await this.service.referralLetter(params.id, user));
  }

  @Endpoint(routes.clientCopy)
  @Header(...NO_STORE)
  async clientCopy(@Param() params: ReportReferralParamsDto, @CurrentUser() user: AuthUser) {
    return download(await this.service.clientCopy(params.id, user));
  }

  @Endpoint(routes.caseExport)
  @Header(...NO_STORE)
  async caseExport(@Param() params: CaseExportParamsDto, @CurrentUser() user: AuthUser) {
    return download(await this.service.caseExport(params.id, user));
  }

  @Endpoint(routes.referralRegister)
  @Header(...NO_STORE)
  async referralRegister(@Query() query: ReferralRegisterQueryDto) {
    return download(await this.service.referralRegister(query));
  }
}
