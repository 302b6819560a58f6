import { Body, Controller, Param } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { BackoffService } from './backoff.service';
import { BackoffIdParamsDto, UpdateSecurityPolicyDto } from './security.dto';
import { SecurityPolicyService } from './policy.service';

const routes = contract.security;

@Controller()
export class SecurityController {
  constructor(
    private readonly policy: SecurityPolicyService,
    private readonly backoff: BackoffService,
  ) {}

  @Endpoint(routes.getPolicy)
  getPolicy() {
    return this.policy.get();
  }

  @Endpoint(routes.updatePolicy)
  updatePolicy(@Body() body: UpdateSecurityPolicyDto) {
    return this.policy.update(body.totpRequired);
  }

  @Endpoint(routes.listBackoff)
  async listBackoff() {
    return { items: await this.backoff.list() };
  }

  @Endpoint(routes.clearBackoff)
  clearBackoff(@Param() params: BackoffIdParamsDto) {
    return this.backoff.remove(params.id);
  }
}
