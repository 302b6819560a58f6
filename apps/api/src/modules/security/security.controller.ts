import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZUpdateSecurityPolicy } from '@madoguchi/shared';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Access } from '../../common/decorators/access.decorator';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { BackoffService } from './backoff.service';
import { SecurityPolicyService } from './policy.service';

class UpdateSecurityPolicyDto extends createZodDto(ZUpdateSecurityPolicy) {}
class BackoffIdParamsDto extends createZodDto(z.strictObject({ id: z.uuid() })) {}

@ApiTags('security')
@ApiBearerAuth()
@Controller('security')
export class SecurityController {
  constructor(
    private readonly policy: SecurityPolicyService,
    private readonly backoff: BackoffService,
    private readonly audit: AuditService,
  ) {}

  @Get('policy')
  @Access('admin')
  @ApiOperation({ summary: 'Which roles must use a second factor' })
  getPolicy() {
    return this.policy.get();
  }

  @Put('policy')
  @Access('admin')
  @ApiOperation({ summary: 'Require or relax the second factor for counselors and supervisors (audited)' })
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

  @Get('backoff')
  @Access('admin')
  @ApiOperation({
    summary: 'Sign-in and status look-up back-off per (e-mail or receipt, address), last 24 h',
  })
  async listBackoff() {
    return { items: await this.backoff.list() };
  }

  @Delete('backoff/:id')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ summary: 'Clear one back-off entry (audited)' })
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
