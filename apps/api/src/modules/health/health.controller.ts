import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthService } from './health.service';
import { Access } from '../../common/decorators/access.decorator';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';

@ApiTags('health')
@Access('public')
// Probes answer at once, outside every admission queue (readiness runs its own short check).
@UseBulkhead('none')
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live() {
    return this.service.live();
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers' })
  ready() {
    return this.service.ready();
  }
}
