import { Body, Controller, Param, Query } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { UpdateWindowDto, WindowSlugParamsDto, WindowsQueryDto } from './windows.dto';
import { WindowsService } from './windows.service';

const routes = contract.windows;

@Controller()
export class WindowsController {
  constructor(private readonly service: WindowsService) {}

  @Endpoint(routes.list)
  list(@Query() query: WindowsQueryDto) {
    return this.service.list(query);
  }

  @Endpoint(routes.get)
  get(@Param() params: WindowSlugParamsDto) {
    return this.service.get(params.slug);
  }

  @Endpoint(routes.update)
  update(@Param() params: WindowSlugParamsDto, @Body() body: UpdateWindowDto) {
    return this.service.update(params.slug, body);
  }
}
