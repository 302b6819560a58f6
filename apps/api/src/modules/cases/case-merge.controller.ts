import { Body, Controller, Param } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { CaseIdParamsDto } from './cases.dto';
import { CaseMergeService } from './case-merge.service';

const routes = contract.caseMerges;

class CaseMergeDto extends createZodDto(routes.merge.body) {}

@Controller()
export class CaseMergeController {
  constructor(private readonly service: CaseMergeService) {}

  @Endpoint(routes.get)
  merges(@Param() params: CaseIdParamsDto) {
    return this.service.merges(params.id);
  }

  @Endpoint(routes.merge)
  merge(@Param() params: CaseIdParamsDto, @Body() body: CaseMergeDto, @CurrentUser() user: AuthUser) {
    return this.service.merge(params.id, body.duplicateId, user);
  }

  @Endpoint(routes.unmerge)
  unmerge(@Param() params: CaseIdParamsDto) {
    return this.service.unmerge(params.id);
  }
}
