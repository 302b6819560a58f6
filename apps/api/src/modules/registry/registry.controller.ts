import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/context/request-context';
import { Access, STAFF } from '../../common/decorators/access.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import {
  CreateRegistryEntryDto,
  RegistryIdParamsDto,
  RegistryImportQueryDto,
  RegistryQueryDto,
  UpdateRegistryEntryDto,
} from './registry.dto';
import { RegistryService } from './registry.service';

@ApiTags('registry')
@Controller('registry')
export class RegistryController {
  constructor(private readonly service: RegistryService) {}

  @Get()
  @Access(...STAFF)
  @ApiOperation({ summary: 'Known scam identifiers, filtered by kind and text, newest first' })
  list(@Query() query: RegistryQueryDto) {
    return this.service.list(query);
  }

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Add a known scam identifier (normalised; an existing kind + value is a 409)' })
  create(@Body() body: CreateRegistryEntryDto, @CurrentUser() user: AuthUser) {
    return this.service.create(body, user);
  }

  @Post('import')
  @HttpCode(200)
  @Access('admin')
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', format: 'binary' },
    description: 'kind,value,source,note (UTF-8 or Shift_JIS)',
  })
  @ApiOperation({
    summary: 'Import a CSV; dryRun (the default) reports what would happen and writes nothing',
  })
  import(
    @Body() file: unknown,
    @Query() query: RegistryImportQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.service.import(file, query, contentType, user);
  }

  @Patch(':id')
  @Access('admin')
  @ApiOperation({ summary: 'Correct an entry (kind, value, source, note)' })
  update(@Param() params: RegistryIdParamsDto, @Body() body: UpdateRegistryEntryDto) {
    return this.service.update(params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ summary: 'Remove an entry' })
  remove(@Param() params: RegistryIdParamsDto) {
    return this.service.remove(params.id);
  }
}
