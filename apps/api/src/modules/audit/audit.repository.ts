import { Injectable } from '@nestjs/common';
import type { AuditLog, Prisma } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';

export type AuditFilter = {
  actorId?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  caseId?: string;
  from?: Date;
  to?: Date;
  /** Rows with a smaller id than this come next (keyset pagination, newest first). */
  before?: bigint;
  take: number;
};

/** Reads the audit log. Writing stays in AuditService; the database refuses anything but INSERT. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(filter: AuditFilter): Promise<AuditLog[]> {
    const at: Prisma.DateTimeFilter = {};
    if (filter.from) {
      at.gte = filter.from;
    }
    if (filter.to) {
      at.lt = filter.to;
    }
    return this.prisma.client.auditLog.findMany({
      where: {
        actorId: filter.actorId,
        action: filter.action,
        entity: filter.entity,
        entityId: filter.entityId,
        caseId: filter.caseId,
        ...(filter.from || filter.to ? { at } : {}),
        ...(filter.before !== undefined ? { id: { lt: filter.before } } : {}),
      },
      orderBy: { id: 'desc' },
      take: filter.take,
    });
  }
}
