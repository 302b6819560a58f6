import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UpdateWindowDto, WindowSlugParamsDto, WindowsQueryDto } from './windows.dto';
import { WindowsService } from './windows.service';
import { Access } from '../../common/decorators/access.decorator';

@ApiTags('windows')
@Access('public')
@Controller('windows')
export class WindowsController {
  constructor(private readonly service: WindowsService) {}

  @Get()
  @ApiOperation({ summary: 'The directory of outside consultation windows, with open-now state' })
  list(@Query() query: WindowsQueryDto) {
    return this.service.list(query);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One consultation window' })
  get(@Param() params: WindowSlugParamsDto) {
    return this.service.get(params.slug);
  }

  @Patch(':slug')
  @Access('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Edit a window: hours, closures, eligibility, phones, notes, last verified, active',
  })
  update(@Param() params: WindowSlugParamsDto, @Body() body: UpdateWindowDto) {
    return this.service.update(params.slug, body);
  }
}
