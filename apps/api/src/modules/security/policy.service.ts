import { Injectable } from '@nestjs/common';
import type { TRole } from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import { PrismaService } from '../../db/prisma.service';

export type TSecurityPolicy = { totpRequired: Record<TRole, boolean> };

/** Read at most this often: another API process sees a change within a few seconds. */
const CACHE_MS = 5_000;

/** Which roles must use a second factor. Admins always; the others by default, relaxable by an admin. */
@Injectable()
export class SecurityPolicyService {
  private cached: { at: number; policy: TSecurityPolicy } | undefined;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
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

  async update(change: { counselor?: boolean; supervisor?: boolean }): Promise<TSecurityPolicy> {
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
    return this.get();
  }
}
