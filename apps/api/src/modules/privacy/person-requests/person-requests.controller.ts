import { Body, Controller, Header, Param, Query, UseGuards } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { SkipThrottle } from '@nestjs/throttler';
import { UseBulkhead } from '../../../common/admission/bulkhead.decorator';
import { Endpoint } from '../../../common/contract/endpoint.decorator';
import type { AuthUser } from '../../../common/context/request-context';
import { CurrentUser } from '../../../common/decorators/current-user.decorator';
import { RateLimitGuard } from '../../../common/guards/rate-limit.guard';
import { SKIP_ALL_THROTTLERS } from '../../../common/guards/rate-limit.module';
import { download } from '../../reports/report-file';
import {
  PersonDataExportDto,
  PersonRequestCaseParamsDto,
  PersonRequestCreateDto,
  PersonRequestDecisionDto,
  PersonRequestListQueryDto,
  PersonRequestParamsDto,
} from './person-requests.dto';
import { PersonRequestsService } from './person-requests.service';

const routes = contract.personRequests;

// The person's data and requests: no browser or proxy keeps a copy.
const NO_STORE = ['Cache-Control', 'no-store'] as const;

/** The person's side, on the status page: throttled and backed off exactly like the status look-up. */
@UseBulkhead('intake')
@Controller()
@UseGuards(RateLimitGuard)
@SkipThrottle(SKIP_ALL_THROTTLERS)
export class PersonRequestsPublicController {
  constructor(private readonly service: PersonRequestsService) {}

  /** A PDF is drawn here: the reports bulkhead, so a burst of downloads cannot crowd out intakes. */
  @Endpoint(routes.exportData)
  @UseBulkhead('reports')
  @SkipThrottle({ status: false })
  @Header(...NO_STORE)
  async exportData(@Body() body: PersonDataExportDto) {
    return download(await this.service.exportData(body));
  }

  @Endpoint(routes.create)
  @SkipThrottle({ status: false })
  @Header(...NO_STORE)
  create(@Body() body: PersonRequestCreateDto) {
    return this.service.createRequest(body);
  }
}

/** The desk's side: the requests of a case, the list across cases, and the decision. */
@Controller()
export class PersonRequestsController {
  constructor(private readonly service: PersonRequestsService) {}

  @Endpoint(routes.listForCase)
  @Header(...NO_STORE)
  listForCase(@Param() params: PersonRequestCaseParamsDto) {
    return this.service.listForCase(params.id);
  }

  @Endpoint(routes.list)
  @Header(...NO_STORE)
  list(@Query() query: PersonRequestListQueryDto) {
    return this.service.list(query.status);
  }

  @Endpoint(routes.decide)
  decide(
    @Param() params: PersonRequestParamsDto,
    @Body() body: PersonRequestDecisionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.decide(params.id, body, user);
  }
}
