import { Injectable } from '@nestjs/common';
import type { Prisma } from '@madoguchi/db';
import { currentContext } from '../../common/context/request-context';
import { PrismaService } from '../../db/prisma.service';

export type AuditEntry = {
  /** e.g. case.read, case.update, case.create, user.login_failed, referral.send, registry.import */
  action: string;
  entity: string;
  entityId?: string | null;
  caseId?: string | null;
  meta?: Prisma.InputJsonObject;
  /** Defaults to the signed-in user of the current request. */
  actor?: { id: string | null; role: string | null };
};

/**
 * Writes the append-only audit log: every write and every read of a case's personal data.
 * Actor, IP and request id come from the request context. Pass `tx` to write inside the same
 * transaction as the change it records.
 */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  async record(entry: AuditEntry, tx?: Prisma.TransactionClient): Promise<void> {
    const ctx = currentContext();
    const actor = entry.actor ?? { id: ctx?.user?.id ?? null, role: ctx?.user?.role ?? null };
    await (tx ?? this.prisma.client).auditLog.create({
      data: {
        actorId: actor.id,
        actorRole: actor.role,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId ?? null,
        caseId: entry.caseId ?? null,
        ip: ctx?.ip ?? null,
        requestId: ctx?.requestId ?? null,
        meta: entry.meta ?? {},
      },
    });
  }
}
