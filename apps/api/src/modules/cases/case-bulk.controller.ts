import { Body, Controller } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { CaseBulkService } from './case-bulk.service';

const routes = contract.supervision;

class CaseBulkRequestDto extends createZodDto(routes.bulk.body) {}

/** Bulk actions from the queue (all staff, as the single actions). */
@Controller()
export class CaseBulkController {
  constructor(private readonly service: CaseBulkService) {}

  @Endpoint(routes.bulk)
  bulk(@Body() body: CaseBulkRequestDto, @CurrentUser() user: AuthUser) {
    return this.service.apply(body, user);
  }
}
