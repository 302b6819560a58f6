import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { PrismaService } from '../../db/prisma.service';

/**
 * Records of full-table maintenance runs that found nothing left to do (maintenance_sweeps): a job that reads
 * whole tables to find rows on an old key (keys.reencrypt, search.reindex) runs at every start in case an upgrade
 * or a new key left work, and skips that start-up run while the scope it last finished under is unchanged. The
 * daily run reads everything regardless and records the scope again.
 */
@Injectable()
export class MaintenanceSweeps {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** Whether a run of `name` last finished clean under exactly this scope. */
  async finished(name: string, scope: string): Promise<boolean> {
    const row = await this.prisma.client.maintenanceSweep.findUnique({
      where: { name },
      select: { scope: true },
    });
    return row?.scope === scope;
  }

  /** A run of `name` read everything under `scope` and left nothing to do. */
  async record(name: string, scope: string): Promise<void> {
    const completedAt = this.clock.now();
    await this.prisma.client.maintenanceSweep.upsert({
      where: { name },
      create: { name, scope, completedAt },
      update: { scope, completedAt },
    });
  }
}
