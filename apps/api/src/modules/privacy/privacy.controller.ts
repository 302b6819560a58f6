import { Body, Controller, Header, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import type { AuthUser } from '../../common/context/request-context';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { download } from '../reports/report-file';
import { DisclosureRecordParamsDto, ExposureQueryDto, UpdatePrivacyRegisterDto } from './privacy.dto';
import { PrivacyService } from './privacy.service';

// Who saw whose case, and what went where: no browser or proxy keeps a copy.
const NO_STORE = ['Cache-Control', 'no-store'] as const;

const routes = contract.privacy;

@UseBulkhead('reports')
@Controller()
export class PrivacyController {
  constructor(private readonly service: PrivacyService) {}

  @Endpoint(routes.register)
  @Header(...NO_STORE)
  register() {
    return this.service.register();
  }

  @Endpoint(routes.registerCsv)
  @Header(...NO_STORE)
  async registerCsv() {
    return download(await this.service.registerCsv());
  }

  @Endpoint(routes.updateRegister)
  updateRegister(@Body() body: UpdatePrivacyRegisterDto, @CurrentUser() user: AuthUser) {
    return this.service.updateRegister(body, user);
  }

  @Endpoint(routes.disclosures)
  @Header(...NO_STORE)
  disclosures(@Param() params: DisclosureRecordParamsDto) {
    return this.service.disclosureRecord(params.receiptNumber);
  }

  @Endpoint(routes.disclosuresCsv)
  @Header(...NO_STORE)
  async disclosuresCsv(@Param() params: DisclosureRecordParamsDto) {
    return download(await this.service.disclosureCsv(params.receiptNumber));
  }

  @Endpoint(routes.disclosuresPdf)
  @Header(...NO_STORE)
  async disclosuresPdf(@Param() params: DisclosureRecordParamsDto) {
    return download(await this.service.disclosurePdf(params.receiptNumber));
  }

  @Endpoint(routes.exposure)
  @Header(...NO_STORE)
  exposure(@Query() query: ExposureQueryDto) {
    return this.service.exposure(query);
  }
}
