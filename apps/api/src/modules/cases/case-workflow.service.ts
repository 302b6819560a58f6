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
import { caseClosedForReferral, fieldError } from './case-errors';
import { loadCaseAt, writeCaseAt } from './case-version';
import { CasesRepository, type Tx } from './cases.repository';

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

  /** A referral's line on the case timeline (created, sent, answered…), in the referral's transaction. */
  async addReferralEvent(
    tx: Tx,
    // actorId null: the window answered through its partner link.
    event: { caseId: string; actorId: string | null; data: Prisma.InputJsonObject },
  ): Promise<void> {
    await this.repository.addEvent(tx, { ...event, kind: 'referral' });
  }
}
