import { Injectable } from '@nestjs/common';
import type { AuditLog } from '@madoguchi/db';
import {
  AUDIT_EXPORT_MAX_ROWS,
  canonicalReceiptNumber,
  type TAuditEntry,
  type TAuditExportQuery,
  type TAuditPage,
  type TAuditQuery,
} from '@madoguchi/shared';
import { z } from 'zod';
import type { ReportFile } from '../reports/reports.service';
import { buildAuditCsv } from './audit-csv';
import { AuditRepository, type AuditFilter } from './audit.repository';
import { AuditService } from './audit.service';

const DEFAULT_LIMIT = 50;

/** The filters after `caseRef` is resolved; `noCase` when it names no case, so nothing can match. */
type ResolvedFilter = { filter: Omit<AuditFilter, 'take' | 'before'>; noCase: boolean };

@Injectable()
export class AuditQueryService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly audit: AuditService,
  ) {}

  /** A page of the log, newest first. Reading the log is itself logged: who looked into whose activity matters. */
  async query(query: TAuditQuery): Promise<TAuditPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { filter, noCase } = await this.resolve(query);
    // One extra row tells whether there is a next page without a count over the whole log.
    const rows = noCase
      ? []
      : await this.repository.find({
          ...filter,
          before: query.cursor ? BigInt(query.cursor) : undefined,
          take: limit + 1,
        });
    const page = rows.slice(0, limit);
    const receipts = await this.repository.receiptNumbers(caseIdsOf(page));
    const { limit: _limit, cursor: _cursor, ...filters } = query;
    await this.audit.record({
      action: 'audit.read',
      entity: 'audit_log',
      caseId: filter.caseId ?? null,
      meta: { filters, cursor: query.cursor ?? null, count: page.length },
    });
    return {
      items: page.map((row) => toEntry(row, receipts)),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    };
  }

  /**
   * The filtered log as CSV, newest first, at most AUDIT_EXPORT_MAX_ROWS rows (built in memory: a bounded size).
   * A copy of the log that leaves the desk is itself on the log, with its filters and row count.
   */
  async exportCsv(query: TAuditExportQuery, now = new Date()): Promise<ReportFile> {
    const { filter, noCase } = await this.resolve(query);
    const rows = noCase ? [] : await this.repository.find({ ...filter, take: AUDIT_EXPORT_MAX_ROWS + 1 });
    const truncated = rows.length > AUDIT_EXPORT_MAX_ROWS;
    const kept = rows.slice(0, AUDIT_EXPORT_MAX_ROWS);
    const [receipts, names] = await Promise.all([
      this.repository.receiptNumbers(caseIdsOf(kept)),
      this.repository.staffNames([...new Set(kept.flatMap((row) => (row.actorId ? [row.actorId] : [])))]),
    ]);
    await this.audit.record({
      action: 'audit.export',
      entity: 'audit_log',
      caseId: filter.caseId ?? null,
      meta: { format: 'csv', filters: query, count: kept.length, truncated },
    });
    return {
      body: buildAuditCsv({ rows: kept, receipts, names, truncated, maxRows: AUDIT_EXPORT_MAX_ROWS }),
      filename: `audit-log-${now.toISOString().slice(0, 10)}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }

  /** `caseRef` (a receipt number in any spelling, or a case id) becomes the case id the rows carry. */
  private async resolve(query: TAuditExportQuery): Promise<ResolvedFilter> {
    const filter = {
      actorId: query.actorId,
      action: query.action,
      entity: query.entity,
      entityId: query.entityId,
      caseId: query.caseId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    };
    if (!query.caseRef) {
      return { filter, noCase: false };
    }
    const receipt = z.uuid().safeParse(query.caseRef).success ? null : canonicalReceiptNumber(query.caseRef);
    const caseId = receipt === null ? query.caseRef : await this.repository.caseIdByReceipt(receipt);
    // Both given and naming different cases: no row can be of both.
    const noCase = caseId === null || (query.caseId !== undefined && query.caseId !== caseId);
    return { filter: { ...filter, caseId: caseId ?? undefined }, noCase };
  }
}

function caseIdsOf(rows: readonly AuditLog[]): string[] {
  return [...new Set(rows.flatMap((row) => (row.caseId ? [row.caseId] : [])))];
}

function toEntry(row: AuditLog, receipts: Map<string, string>): TAuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    caseId: row.caseId,
    receiptNumber: row.caseId ? (receipts.get(row.caseId) ?? null) : null,
    ip: row.ip,
    requestId: row.requestId,
    meta: (row.meta ?? {}) as Record<string, unknown>,
  };
}
