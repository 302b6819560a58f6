import { Injectable } from '@nestjs/common';
import type { Prisma } from '@madoguchi/db';
import type { TDeskIdentity, TDeskSettings } from '@madoguchi/shared';
import { PrismaService } from '../../db/prisma.service';

/** The one writer of desk_settings and desk_identity: single rows (id true), absent until an admin first saves. */
@Injectable()
export class DeskRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The stored schedule and targets as JSON (the service validates them) with the row's updated_at (which settings
   * a computed due time was made with), or null for the defaults.
   */
  async findStamped(): Promise<{ schedule: unknown; targets: unknown; updatedAt: Date } | null> {
    return this.prisma.client.deskSettings.findUnique({
      where: { id: true },
      select: { schedule: true, targets: true, updatedAt: true },
    });
  }

  async save(settings: TDeskSettings): Promise<void> {
    const data = {
      schedule: settings.schedule as Prisma.InputJsonObject,
      targets: settings.targets as Prisma.InputJsonObject,
    };
    await this.prisma.client.deskSettings.upsert({ where: { id: true }, create: data, update: data });
  }

  /** The desk's own name and contact details as an admin saved them, or null (the CENTRE_* environment). */
  findIdentity(): Promise<TDeskIdentity | null> {
    return this.prisma.client.deskIdentity.findUnique({
      where: { id: true },
      select: { name: true, address: true, phone: true, email: true },
    });
  }

  async saveIdentity(identity: TDeskIdentity): Promise<void> {
    await this.prisma.client.deskIdentity.upsert({
      where: { id: true },
      create: identity,
      update: identity,
    });
  }
}
