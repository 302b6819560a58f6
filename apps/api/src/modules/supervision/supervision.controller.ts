import { Body, Controller, Header, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { SupervisionService } from './supervision.service';

const routes = contract.supervision;

class ReviewQueueQueryDto extends createZodDto(routes.reviews.query) {}
class CaseReviewParamsDto extends createZodDto(routes.review.params) {}
class CaseReviewCreateDto extends createZodDto(routes.review.body) {}

/** Supervisors only (cases.supervise, on each route's contract entry). */
@Controller()
export class SupervisionController {
  constructor(private readonly service: SupervisionService) {}

  @Endpoint(routes.workload)
  @UseBulkhead('reports')
  @Header('Cache-Control', 'no-store')
  workload() {
    return this.service.workload();
  }

  @Endpoint(routes.reviews)
  @UseBulkhead('reports')
  @Header('Cache-Control', 'no-store')
  reviews(@Query() query: ReviewQueueQueryDto) {
    return this.service.reviewQueue(query);
  }

  @Endpoint(routes.review)
  review(
    @Param() params: CaseReviewParamsDto,
    @Body() body: CaseReviewCreateDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.review(params.caseId, body, user);
  }
}
