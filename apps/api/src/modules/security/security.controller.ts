import { Body, Controller, Param } from '@nestjs/common';
import { contract } from '@madoguchi/shared';
import { Endpoint } from '../../common/contract/endpoint.decorator';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { BackoffService } from './backoff.service';
import { BackoffIdParamsDto, UpdateSecurityPolicyDto } from './security.dto';
import { SecurityPolicyService } from './policy.service';

const routes = contract.security;

@Controller()
export class SecurityController {
  constructor(
    private readonly policy: SecurityPolicyService,
    private readonly backoff: BackoffService,
    private readonly audit: AuditService,
  ) {}

  @Endpoint(routes.getPolicy)
  getPolicy() {
    return this.policy.get();
  }

  @Endpoint(routes.updatePolicy)
  async updatePolicy(@Body() body: UpdateSecurityPolicyDto) {
    const before = await this.policy.get();
    const after = await this.policy.update(body.totpRequired);
    await this.audit.record({
      action: 'security.policy_changed',
      entity: 'security_policy',
      meta: { before: before.totpRequired, after: after.totpRequired },
    });
    return after;
  }

  @Endpoint(routes.listBackoff)
  async listBackoff() {
    return { items: await this.backoff.list() };
  }

  @Endpoint(routes.clearBackoff)
  async clearBackoff(@Param() params: BackoffIdParamsDto) {
    const removed = await this.backoff.remove(params.id);
    if (!removed) {
      throw new AppError('not_found', { message: `No back-off entry ${params.id}` });
    }
    await this.audit.record({
      action: 'security.backoff_cleared',
      entity: 'auth_backoff',
      entityId: params.id,
      meta: removed,
    });
  }
}
