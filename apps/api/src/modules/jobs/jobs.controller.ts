import { Controller } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { JobsService } from './jobs.service';

const routes = contract.jobs;

@Controller()
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Endpoint(routes.health)
  health() {
    return this.jobs.health();
  }
}
