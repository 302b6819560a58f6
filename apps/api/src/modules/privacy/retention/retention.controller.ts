import { Body, Controller, Header, Param } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../../common/contract/endpoint.decorator';
import type { AuthUser } from '../../../common/context/request-context';
import { CurrentUser } from '../../../common/decorators/current-user.decorator';
import { RetentionCaseParamsDto, SetRetentionDto } from './retention.dto';
import { RetentionService } from './retention.service';

const routes = contract.retention;

@Controller()
export class RetentionController {
  constructor(private readonly service: RetentionService) {}

  @Endpoint(routes.get)
  @Header('Cache-Control', 'no-store')
  get(@Param() params: RetentionCaseParamsDto) {
    return this.service.get(params.id);
  }

  @Endpoint(routes.set)
  set(@Param() params: RetentionCaseParamsDto, @Body() body: SetRetentionDto, @CurrentUser() user: AuthUser) {
    return this.service.set({ caseId: params.id, body, user });
  }
}
