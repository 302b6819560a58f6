import { Controller } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { HealthService } from './health.service';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { UseBulkhead } from '../../common/admission/bulkhead.decorator';

const routes = contract.health;

// Probes answer at once, outside every admission queue (readiness runs its own short check).
@UseBulkhead('none')
@Controller()
export class HealthController {
  constructor(private readonly service: HealthService) {}

  @Endpoint(routes.live)
  live() {
    return this.service.live();
  }

  @Endpoint(routes.ready)
  ready() {
    return this.service.ready();
  }
}
