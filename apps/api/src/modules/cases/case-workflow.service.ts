import { Injectable } from '@nestjs/common';
import type { CaseStatus, Prisma } from '@madoguchi/db';
import {
  CASE_TRANSITIONS,
  caseStepsToReferred,
  checkTransition,
  type TCaseStatusChange,
} from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { caseClosedForReferral, caseMergedConflict, caseNotFound, fieldError } from './case-errors';
import { loadCaseAt, writeCaseAt } from './case-version';
import { CasesRepository, type CaseMergeState, type Tx } from './cases.repository';

/** A case as its row lock (SELECT … FOR UPDATE) in the caller's transaction found it. */
export type LockedCaseState = { id: string; status: CaseStatus; version: number };

/**
 * The one place a case's status changes: a counselor's move and the walk to `referred` when a
 * referral is sent. Both follow the workflow of packages/shared (case-status.ts), write through
 * CasesRepository, and leave one status_change event per step and one `case.status_change` audit row.
 * Other modules (referrals; later jobs and merges) call this service, never the case tables.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly audit: AuditService,
  ) {}

  /** A counselor's move from the version they read (PATCH /cases/:id/status). */
  async changeStatus(
    id: string,
    input: Pick<TCaseStatusChange, 'status' | 'reason'>,
    version: number,
    user: AuthUser,
  ): Promise<void> {
    const current = await loadCaseAt(this.repository, id, version);
    if (current.mergedIntoId) {
      // A merged duplicate's status is the merge's: undo the merge (or work the survivor) instead.
      throw caseMergedConflict(id);
    }
    const from = current.status;
    const to = input.status;
    const check = checkTransition(from, to, input.reason);
    if (!check.ok) {
      if (check.code === 'reason_required') {
        throw fieldError('reason', 'reason_required', check.message, { reason: 'reason_required' });
      }
      throw new AppError('conflict', {
        message: `Transition ${from} → ${to} is not allowed`,
        userMessage: check.message,
        details: { reason: 'transition_not_allowed', from, to, allowed: CASE_TRANSITIONS[from] },
      });
    }
    const reason = input.reason?.trim() || null;
    await this.repository.transaction(async (tx) => {
      await writeCaseAt(this.repository, tx, {
        id,
        version,
        data: { status: to, closedAt: to === 'closed' ? new Date() : null },
      });
      await this.repository.addEvent(tx, {
        caseId: id,
        kind: 'status_change',
        actorId: user.id,
        data: { from, to, reason },
      });
      await this.audit.record(
        {
          action: 'case.status_change',
          entity: 'case',
          entityId: id,
          caseId: id,
          meta: { from, to, version: version + 1 },
        },
        tx,
      );
    });
  }

  /**
   * Sending a referral walks the case to `referred` through the steps the workflow allows, inside the
   * referral's transaction: one status_change event per step, and the version bumped once (a
   * counselor editing the case on a stale copy then gets a 409, not a silent undo). A closed case is
   * refused: reopening needs its own reason.
   */
  async moveToReferred(
    tx: Tx,
    locked: LockedCaseState,
    by: { referralId: string; actorId: string },
  ): Promise<void> {
    const steps = caseStepsToReferred(locked.status);
    if (!steps) {
      throw caseClosedForReferral(locked.id, 'send');
    }
    if (steps.length === 0) {
      return;
    }
    let from = locked.status;
    for (const to of steps) {
      await this.repository.addEvent(tx, {
        caseId: locked.id,
        kind: 'status_change',
        actorId: by.actorId,
        data: { from, to, reason: 'referral sent', referralId: by.referralId },
      });
      from = to;
    }
    const final = steps[steps.length - 1]!;
    // The caller holds the row lock, so the version cannot have moved.
    if (!(await this.repository.updateVersioned(tx, locked.id, locked.version, { status: final }))) {
      throw new AppError('conflict', { message: `Case ${locked.id} changed while sending a referral` });
    }
    await this.audit.record(
      {
        action: 'case.status_change',
        entity: 'case',
        entityId: locked.id,
        caseId: locked.id,
        meta: { from: locked.status, to: final, steps, via: 'referral.send', referralId: by.referralId },
      },
      tx,
    );
  }

  /**
   * The person answered from the status page: their reply goes on the timeline (public, no actor) and a
   * case that was waiting for them goes back to `in_progress`, in one transaction with its audit rows.
   * `before` runs first in the same transaction (the caller's idempotency record). A closed case refuses:
   * the person is asked to contact the desk anew. Returns the assignee to notify and the move, if any.
   */
  async recordPersonReply(input: {
    caseId: string;
    body: string;
    before?: (tx: Tx) => Promise<void>;
  }): Promise<{ assigneeId: string | null; from: CaseStatus; to: CaseStatus }> {
    return this.repository.transaction(async (tx) => {
      await input.before?.(tx);
      const locked = await this.repository.lockCaseState(tx, input.caseId);
      if (!locked) {
        throw caseNotFound(input.caseId);
      }
      if (locked.status === 'closed') {
        throw new AppError('conflict', {
          message: `Case ${input.caseId} is closed; the person's reply was refused`,
          userMessage: {
            ja: 'この相談は終わっているため、返信できません。まだ困っているときは、あらためて新しく相談してください。',
            en: 'This consultation is closed, so you cannot reply here. If you still need help, please contact the desk again with a new consultation.',
          },
          details: { reason: 'case_closed' },
        });
      }
      const event = await this.repository.addEvent(tx, {
        caseId: input.caseId,
        kind: 'person_reply',
        actorId: null,
        public: true,
        data: { body: input.body },
      });
      await this.audit.record(
        {
          action: 'case.person_replied',
          entity: 'case',
          entityId: input.caseId,
          caseId: input.caseId,
          // The length, not the text: the reply may hold personal data, and it is on the timeline.
          meta: { eventId: event.id, length: input.body.length },
        },
        tx,
      );
      const from = locked.status;
      if (from !== 'awaiting_client') {
        return { assigneeId: locked.assigneeId, from, to: from };
      }
      const to = 'in_progress' satisfies CaseStatus;
      await this.repository.addEvent(tx, {
        caseId: input.caseId,
        kind: 'status_change',
        actorId: null,
        data: { from, to, reason: 'ご本人から返信がありました / the person replied', via: 'person_reply' },
      });
      // The caller holds the row lock, so the version cannot have moved.
      if (!(await this.repository.updateVersioned(tx, locked.id, locked.version, { status: to }))) {
        throw new AppError('conflict', { message: `Case ${locked.id} changed during the person's reply` });
      }
      await this.audit.record(
        {
          action: 'case.status_change',
          entity: 'case',
          entityId: locked.id,
          caseId: locked.id,
          meta: { from, to, version: locked.version + 1, via: 'case.person_replied' },
        },
        tx,
      );
      return { assigneeId: locked.assigneeId, from, to };
    });
  }

  /**
   * A duplicate merged into its survivor (CaseMergeService, in its transaction, under both row locks): closed as
   * merged, with its status and closing time kept aside so an unmerge restores them exactly. No status_change
   * event is written, on purpose: the duplicate's timeline and the statistics kept from it (first response,
   * reopenings) stay exactly as they were, and the case.merged audit row records the move.
   */
  async closeAsMerged(
    tx: Tx,
    locked: CaseMergeState,
    merge: { survivorId: string; actorId: string; at: Date },
  ): Promise<void> {
    const ok = await this.repository.updateVersioned(tx, locked.id, locked.version, {
      status: 'closed',
      closedAt: locked.status === 'closed' ? locked.closedAt : merge.at,
      mergedIntoId: merge.survivorId,
      mergedAt: merge.at,
      mergedById: merge.actorId,
      mergedPriorStatus: locked.status,
      mergedPriorClosedAt: locked.closedAt,
    });
    if (!ok) {
      throw new AppError('conflict', { message: `Case ${locked.id} changed while merging` });
    }
  }

  /** Undoes closeAsMerged: the status and closing time the duplicate had before, and no merge. */
  async restoreFromMerge(tx: Tx, locked: CaseMergeState): Promise<void> {
    const ok = await this.repository.updateVersioned(tx, locked.id, locked.version, {
      status: locked.mergedPriorStatus ?? locked.status,
      closedAt: locked.mergedPriorClosedAt,
      mergedIntoId: null,
      mergedAt: null,
      mergedById: null,
      mergedPriorStatus: null,
      mergedPriorClosedAt: null,
    });
    if (!ok) {
      throw new AppError('conflict', { message: `Case ${locked.id} changed while unmerging` });
    }
  }

  /** A referral's line on the case timeline (created, sent, answered…), in the referral's transaction. */
  async addReferralEvent(
    tx: Tx,
    // actorId null: the window answered through its partner link.
    event: { caseId: string; actorId: string | null; data: Prisma.InputJsonObject },
  ): Promise<void> {
    await this.repository.addEvent(tx, { ...event, kind: 'referral' });
  }
}
