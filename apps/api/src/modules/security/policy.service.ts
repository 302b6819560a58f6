import { Injectable } from '@nestjs/common';
import type { TRole, TSecurityPolicy } from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import { PrismaService } from '../../db/prisma.service';
import { AuditService } from '../audit/audit.service';

/** Read at most this often: another API process sees a change within a few seconds. */
const CACHE_MS = 5_000;

/** Which roles must use a second factor. Admins always; the others by default, relaxable by an admin. */
@Injectable()
export class SecurityPolicyService {
  private cached: { at: number; policy: TSecurityPolicy } | undefined;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<TSecurityPolicy> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.at < CACHE_MS && now >= this.cached.at) {
      return this.cached.policy;
    }
    const rows = await this.prisma.client.securityPolicy.findMany();
    const required = new Map(rows.map((row) => [row.role, row.totpRequired]));
    // A missing row means required: the safe default.
    const policy: TSecurityPolicy = {
      totpRequired: {
        counselor: required.get('counselor') ?? true,
        supervisor: required.get('supervisor') ?? true,
        admin: true,
      },
    };
    this.cached = { at: now, policy };
    return policy;
  }

  async totpRequired(role: TRole): Promise<boolean> {
    return (await this.get()).totpRequired[role];
  }

  /** An admin's change, audited with the requirement before and after. */
  async update(change: { counselor?: boolean; supervisor?: boolean }): Promise<TSecurityPolicy> {
    const before = await this.get();
    for (const role of ['counselor', 'supervisor'] as const) {
      const value = change[role];
      if (value !== undefined) {
        await this.prisma.client.securityPolicy.upsert({
          where: { role },
          create: { role, totpRequired: value },
          update: { totpRequired: value },
        });
      }
    }
    this.cached = undefined;
    const after = await this.get();
    await this.audit.record({
      action: 'security.policy_changed',
      entity: 'security_policy',
      meta: { before: before.totpRequired, after: after.totpRequired },
    });
    return after;
  }
}
