import { Injectable } from '@nestjs/common';
import type { AuditLog } from '@madoguchi/db';
import type { TAuditEntry, TAuditPage, TAuditQuery } from '@madoguchi/shared';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

const DEFAULT_LIMIT = 50;

@Injectable()
export class AuditQueryService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly audit: AuditService,
  ) {}

  /** A page of the log, newest first. Reading the log is itself logged: who looked into whose activity matters. */
  async query(query: TAuditQuery): Promise<TAuditPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    // One extra row tells whether there is a next page without a count over the whole log.
    const rows = await this.repository.find({
      actorId: query.actorId,
      action: query.action,
      entity: query.entity,
      entityId: query.entityId,
      caseId: query.caseId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      before: query.cursor ? BigInt(query.cursor) : undefined,
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const { limit: _limit, cursor: _cursor, ...filters } = query;
    await this.audit.record({
      action: 'audit.read',
      entity: 'audit_log',
      caseId: query.caseId ?? null,
      meta: { filters, cursor: query.cursor ?? null, count: page.length },
    });
    return {
      items: page.map(toEntry),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    };
  }
}

function toEntry(row: AuditLog): TAuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    caseId: row.caseId,
    ip: row.ip,
    requestId: row.requestId,
    meta: (row.meta ?? {}) as Record<string, unknown>,
  };
}
