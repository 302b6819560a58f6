import { Injectable } from '@nestjs/common';
import type { Prisma } from '@madoguchi/db';
import { Clock } from '../../common/clock';
import { currentContext } from '../../common/context/request-context';
import { ApiConfig } from '../../config/api-config';
import type { TAuditAction } from './audit-actions';
import { PrismaService } from '../../db/prisma.service';

export type AuditEntry = {
  /** One of AUDIT_ACTIONS: case.update, auth.login_failed, referral.send… */
  action: TAuditAction;
  entity: string;
  entityId?: string | null;
  caseId?: string | null;
  meta?: Prisma.InputJsonObject;
  /** Defaults to the signed-in user of the current request. */
  actor?: { id: string | null; role: string | null };
};

/** The part of a case that was read; a view's row keeps the part that opened the view. */
export type CaseViewPart =
  | { view: 'detail' }
  | { view: 'timeline' }
  | { view: 'referrals' }
  | { view: 'evidence' }
  /** A message template filled with the case's receipt number and window. */
  | { view: 'template' }
  /** The person's correction and deletion requests (their texts). */
  | { view: 'person_requests' }
  | { view: 'referral'; referralId: string };

const VIEW_ACTION = 'case.read';
/** The first key of the view locks (two-key advisory locks; Prisma's migration lock uses the one-key space). */
const VIEW_LOCK_CLASS = 0x6175_6476; // "audv"

/**
 * Writes the append-only audit log: every write and every view of a case's personal data.
 * Actor, IP and request id come from the request context. Pass `tx` to write inside the same
 * transaction as the change it records.
 *
 * Writes and views are counted differently. Every write has its own row (`record`). Reads of a case go
 * through `recordView`: the case page reads the detail, the timeline and the referral list together, and
 * again after every click, yet a privacy review asks who looked at whose case and when. So a person's
 * reads of one case are one view, and one `case.read` row, for AUDIT_VIEW_WINDOW_SECONDS after the
 * recorded one (by the API's Clock); a person's first look at a case is always recorded.
 */
@Injectable()
export class AuditService {
  private readonly viewWindowMs: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    config: ApiConfig,
  ) {
    this.viewWindowMs = config.env.AUDIT_VIEW_WINDOW_SECONDS * 1_000;
  }

  async record(entry: AuditEntry, tx?: Prisma.TransactionClient): Promise<void> {
    await (tx ?? this.prisma.client).auditLog.create({ data: rowOf(entry) });
  }

  /**
   * Records a read of a case as `case.read`, unless the same person already has a `case.read` row of
   * this case within the view window. The page's reads arrive at once: a lock per (person, case) makes
   * them take turns, so the later ones see the first one's row. The check and the insert are one
   * statement after the lock, not with it: a statement checks against the snapshot it took before
   * waiting, and would miss the row committed meanwhile.
   */
  async recordView(caseId: string, part: CaseViewPart): Promise<void> {
    const entry: AuditEntry = { action: VIEW_ACTION, entity: 'case', entityId: caseId, caseId, meta: part };
    const row = rowOf(entry);
    if (!row.actorId) {
      // Nobody to group reads by: each one keeps its own row.
      return this.record(entry);
    }
    // View rows carry the API's time, the clock the window is measured on (tests move it instead of sleeping).
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.viewWindowMs);
    const db = this.prisma.client;
    await db.$transaction([
      db.$executeRaw`SELECT pg_advisory_xact_lock(${VIEW_LOCK_CLASS}::int4, hashtext(${row.actorId} || ${caseId}))`,
      // (case_id, at) is indexed: the check reads this case's rows of the last window only.
      db.$executeRaw`
        INSERT INTO audit_log (at, actor_id, actor_role, action, entity, entity_id, case_id, ip, request_id, meta)
        SELECT ${now.toISOString()}::timestamptz, ${row.actorId}::uuid, ${row.actorRole}, ${VIEW_ACTION},
               ${row.entity}, ${caseId}, ${caseId}::uuid, ${row.ip}, ${row.requestId}, ${JSON.stringify(part)}::jsonb
        WHERE NOT EXISTS (
          SELECT 1 FROM audit_log
          WHERE case_id = ${caseId}::uuid AND at > ${since.toISOString()}::timestamptz
            AND actor_id = ${row.actorId}::uuid AND action = ${VIEW_ACTION}
        )`,
    ]);
  }
}

function rowOf(entry: AuditEntry): Prisma.AuditLogUncheckedCreateInput {
  const ctx = currentContext();
  const actor = entry.actor ?? { id: ctx?.user?.id ?? null, role: ctx?.user?.role ?? null };
  return {
    actorId: actor.id,
    actorRole: actor.role,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    caseId: entry.caseId ?? null,
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
    meta: entry.meta ?? {},
  };
}
