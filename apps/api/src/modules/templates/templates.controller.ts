import { Body, Controller, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  CreateTemplateDto,
  TemplateFillQueryDto,
  TemplateParamsDto,
  TemplatesQueryDto,
  UpdateTemplateDto,
} from './templates.dto';
import { TemplatesService } from './templates.service';

const routes = contract.templates;

@Controller()
export class TemplatesController {
  constructor(private readonly service: TemplatesService) {}

  @Endpoint(routes.list)
  list(@Query() query: TemplatesQueryDto) {
    return this.service.list(query);
  }

  @Endpoint(routes.get)
  get(@Param() params: TemplateParamsDto) {
    return this.service.get(params.id);
  }

  @Endpoint(routes.create)
  create(@Body() body: CreateTemplateDto, @CurrentUser() user: AuthUser) {
    return this.service.create(body, user);
  }

  @Endpoint(routes.update)
  update(@Param() params: TemplateParamsDto, @Body() body: UpdateTemplateDto, @CurrentUser() user: AuthUser) {
    return this.service.update(params.id, body, user);
  }

  @Endpoint(routes.fill)
  fill(
    @Param() params: TemplateParamsDto,
    @Query() query: TemplateFillQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.fill(params.id, query.caseId, user);
  }
}
