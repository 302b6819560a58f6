import { Injectable } from '@nestjs/common';
import { Prisma, type AuditLog } from '@madoguchi/db';
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

/** The tables partitioned by month, each with its `<table>_ensure_partitions` function. */
export const MONTHLY_PARTITIONED_TABLES = ['audit_log', 'case_events'] as const;
export type MonthlyPartitionedTable = (typeof MONTHLY_PARTITIONED_TABLES)[number];

/** One month of `<table>_ensure_partitions`'s report, or (monthStart null) the DEFAULT partition's row count. */
export type AuditPartitionRow = {
  monthStart: Date | null;
  partition: string;
  status: 'present' | 'created' | 'blocked' | 'default';
  defaultRows: number;
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

  /**
   * Creates a table's monthly partitions from this month to `monthsAhead` months ahead (migrations
   * 20261206030000_partition_audit_log, 20261207030000_partition_case_events): a SECURITY DEFINER function of the
   * owner, the only way this role can make a partition; it moves no row.
   */
  /** The partitioned tables' own statistics, which autovacuum never gathers (the owner's function). */
  async analyzePartitionedParents(): Promise<void> {
    await this.prisma.client.$executeRaw`SELECT analyze_partitioned_parents()`;
  }

  async ensurePartitions(table: MonthlyPartitionedTable, monthsAhead: number): Promise<AuditPartitionRow[]> {
    const ensure = (() => {
      switch (table) {
        case 'audit_log':
          return Prisma.sql`audit_log_ensure_partitions(${monthsAhead}::int)`;
        case 'case_events':
          return Prisma.sql`case_events_ensure_partitions(${monthsAhead}::int)`;
        default:
          return table satisfies never;
      }
    })();
    const rows = await this.prisma.client.$queryRaw<
      {
        month_start: Date | null;
        partition_name: string;
        status: AuditPartitionRow['status'];
        default_rows: bigint;
      }[]
    >`SELECT month_start, partition_name, status, default_rows FROM ${ensure}`;
    return rows.map((row) => ({
      monthStart: row.month_start,
      partition: row.partition_name,
      status: row.status,
      defaultRows: Number(row.default_rows),
    }));
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
