import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, SUPERVISORS } from '../../common/decorators/access.decorator';
import { AuditQueryDto } from './audit.dto';
import { AuditQueryService } from './audit-query.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly service: AuditQueryService) {}

  @Get()
  @Access(...SUPERVISORS)
  @ApiOperation({ summary: 'The audit log, newest first, filtered; keyset pages via nextCursor' })
  query(@Query() query: AuditQueryDto) {
    return this.service.query(query);
  }
}
