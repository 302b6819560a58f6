import { Injectable } from '@nestjs/common';
import type { AuditLog, Prisma } from '@madoguchi/db';
import { PrismaService } from '../../db/prisma.service';
import { staffNames } from '../../db/staff-names';

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

  /** The case a receipt number (canonical form, `K7QP-4MZT`) names, if any. */
  async caseIdByReceipt(receiptNumber: string): Promise<string | null> {
    const row = await this.prisma.client.case.findUnique({ where: { receiptNumber }, select: { id: true } });
    return row?.id ?? null;
  }

  /** Receipt numbers of the cases that still exist among `caseIds`. */
  async receiptNumbers(caseIds: readonly string[]): Promise<Map<string, string>> {
    if (caseIds.length === 0) {
      return new Map();
    }
    const rows = await this.prisma.client.case.findMany({
      where: { id: { in: [...new Set(caseIds)] } },
      select: { id: true, receiptNumber: true },
    });
    return new Map(rows.map((row) => [row.id, row.receiptNumber]));
  }

  /** Display names of staff (deactivated ones included: the log outlives accounts). */
  staffNames(userIds: readonly string[]): Promise<Map<string, string>> {
    return staffNames(this.prisma.client, userIds);
  }
}
