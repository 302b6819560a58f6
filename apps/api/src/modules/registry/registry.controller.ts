import { Body, Controller, Headers, Param, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { contract } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  CreateRegistryEntryDto,
  RegistryIdParamsDto,
  RegistryImportQueryDto,
  RegistryQueryDto,
  UpdateRegistryEntryDto,
} from './registry.dto';
import { RegistryService } from './registry.service';

const routes = contract.registry;

@Controller()
export class RegistryController {
  constructor(private readonly service: RegistryService) {}

  @Endpoint(routes.list)
  list(@Query() query: RegistryQueryDto) {
    return this.service.list(query);
  }

  @Endpoint(routes.create)
  create(@Body() body: CreateRegistryEntryDto, @CurrentUser() user: AuthUser) {
    return this.service.create(body, user);
  }

  // The body is the file's bytes (RegistryModule's text/csv parser hands over a Buffer), not JSON: no zod
  // schema fits it, so it is documented here and the service checks it.
  @Endpoint(routes.import)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string' },
    description: 'kind,value,source,note (UTF-8 or Shift_JIS)',
  })
  import(
    @Body() file: unknown,
    @Query() query: RegistryImportQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.import(file, query, contentType, user);
  }

  @Endpoint(routes.update)
  update(@Param() params: RegistryIdParamsDto, @Body() body: UpdateRegistryEntryDto) {
    return this.service.update(params.id, body);
  }

  @Endpoint(routes.remove)
  remove(@Param() params: RegistryIdParamsDto) {
    return this.service.remove(params.id);
  }
}
