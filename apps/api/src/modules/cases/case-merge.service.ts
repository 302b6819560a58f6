import { Injectable } from '@nestjs/common';
import type { TCaseMerges } from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { Clock } from '../../common/clock';
import { AppError } from '../../common/errors/app-error';
import { ApiConfig } from '../../config/api-config';
import { AuditService } from '../audit/audit.service';
import { caseMergedConflict, caseNotFound, fieldError } from './case-errors';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesRepository } from './cases.repository';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Merging duplicate cases (a person who submitted again after losing their access code).
 *
 * The data: the duplicate (B) points at its survivor (A) through cases.merged_into_id and keeps every row of its
 * own (events, identifiers, referrals, intake); nothing is moved or rewritten. Reads of A union B in: A's timeline
 * (marked as from B), the merges panel (B's identifiers and referrals) and the person's status page (both
 * conversations; B's receipt number and access code open A's). B is closed as merged through the case workflow,
 * which keeps B's prior status and closing time, so an unmerge within CASE_MERGE_UNDO_HOURS restores B exactly.
 *
 * Only one level: a merged case cannot be a survivor, and a case with duplicates merged into it cannot be
 * merged itself (undo those first), so B → A never chains and a status look-up resolves in one step.
 */
@Injectable()
export class CaseMergeService {
  private readonly undoMs: number;

  constructor(
    private readonly repository: CasesRepository,
    private readonly workflow: CaseWorkflowService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: ApiConfig,
  ) {
    this.undoMs = config.env.CASE_MERGE_UNDO_HOURS * HOUR_MS;
  }

  async merges(id: string): Promise<TCaseMerges> {
    const info = await this.repository.findMergeInfo(id);
    if (!info) {
      throw caseNotFound(id);
    }
    const now = this.clock.now();
    const { rows, users } = await this.repository.findMergedCases(id);
    const names = new Map(users.map((user) => [user.id, user]));
    return {
      mergedInto:
        info.mergedInto && info.mergedAt
          ? {
              id: info.mergedInto.id,
              receiptNumber: info.mergedInto.receiptNumber,
              mergedAt: info.mergedAt.toISOString(),
              ...this.undo(info.mergedAt, now),
            }
          : null,
      merged: rows.map((row) => ({
        id: row.id,
        receiptNumber: row.receiptNumber,
        mergedAt: row.mergedAt!.toISOString(),
        ...this.undo(row.mergedAt!, now),
        mergedBy: row.mergedById ? (names.get(row.mergedById) ?? null) : null,
        priorStatus: row.mergedPriorStatus ?? 'closed',
        identifiers: row.identifiers.map((link) => link.identifier),
        referrals: row.referrals,
      })),
    };
  }

  /** Merges `duplicateId` into `survivorId`. */
  async merge(survivorId: string, duplicateId: string, user: AuthUser): Promise<TCaseMerges> {
    if (survivorId === duplicateId) {
      throw fieldError('duplicateId', 'self_merge', {
        ja: '同じ相談どうしは統合できません',
        en: 'A case cannot be merged into itself',
      });
    }
    const at = this.clock.now();
    await this.repository.transaction(async (tx) => {
      const states = await this.repository.lockMergeStates(tx, [survivorId, duplicateId]);
      const survivor = states.get(survivorId);
      const duplicate = states.get(duplicateId);
      if (!survivor) {
        throw caseNotFound(survivorId);
      }
      if (!duplicate) {
        throw fieldError('duplicateId', 'not_found', {
          ja: '統合する相談が見つかりません',
          en: 'The case to merge was not found',
        });
      }
      if (survivor.mergedIntoId) {
        throw caseMergedConflict(survivorId);
      }
      if (duplicate.mergedIntoId) {
        throw new AppError('conflict', {
          message: `Case ${duplicateId} is already merged`,
          userMessage: {
            ja: 'この相談はすでに別の相談に統合されています。',
            en: 'That case is already merged into another case.',
          },
          details: { reason: 'case_merged' },
        });
      }
      if (duplicate.mergedCount > 0) {
        throw new AppError('conflict', {
          message: `Case ${duplicateId} has duplicates merged into it`,
          userMessage: {
            ja: 'この相談には統合された相談があります。先にそれらの統合を取り消すか、この相談を統合先にしてください。',
            en: 'Other cases are merged into that case. Undo those merges first, or merge into that case instead.',
          },
          details: { reason: 'case_has_merged_cases' },
        });
      }
      await this.workflow.closeAsMerged(tx, duplicate, { survivorId, actorId: user.id, at });
      const meta = {
        survivorId,
        survivorReceipt: survivor.receiptNumber,
        duplicateId,
        duplicateReceipt: duplicate.receiptNumber,
        priorStatus: duplicate.status,
      };
      // One row for the one write: on the survivor's trail (where the merge was made), naming the duplicate.
      await this.audit.record(
        { action: 'case.merged', entity: 'case', entityId: duplicateId, caseId: survivorId, meta },
        tx,
      );
    });
    return this.merges(survivorId);
  }

  /** Undoes the merge of `duplicateId`, within the undo window. */
  async unmerge(duplicateId: string): Promise<TCaseMerges> {
    const info = await this.repository.findMergeInfo(duplicateId);
    if (!info) {
      throw caseNotFound(duplicateId);
    }
    const now = this.clock.now();
    await this.repository.transaction(async (tx) => {
      const duplicate = (await this.repository.lockMergeStates(tx, [duplicateId])).get(duplicateId);
      if (!duplicate) {
        throw caseNotFound(duplicateId);
      }
      if (!duplicate.mergedIntoId || !duplicate.mergedAt) {
        throw new AppError('conflict', {
          message: `Case ${duplicateId} is not merged`,
          userMessage: { ja: 'この相談は統合されていません。', en: 'This case is not merged.' },
          details: { reason: 'transition_not_allowed' },
        });
      }
      const undoUntil = new Date(duplicate.mergedAt.getTime() + this.undoMs);
      if (now.getTime() > undoUntil.getTime()) {
        throw new AppError('conflict', {
          message: `The merge of case ${duplicateId} can no longer be undone (until ${undoUntil.toISOString()})`,
          userMessage: {
            ja: `統合を取り消せる期間(${Math.round(this.undoMs / HOUR_MS)}時間)を過ぎています。`,
            en: `The merge can only be undone within ${Math.round(this.undoMs / HOUR_MS)} hours.`,
          },
          details: { reason: 'merge_undo_expired', undoUntil: undoUntil.toISOString() },
        });
      }
      const survivorId = duplicate.mergedIntoId;
      await this.workflow.restoreFromMerge(tx, duplicate);
      const meta = {
        survivorId,
        duplicateId,
        duplicateReceipt: duplicate.receiptNumber,
        restoredStatus: duplicate.mergedPriorStatus,
        mergedAt: duplicate.mergedAt.toISOString(),
      };
      // On the duplicate's trail (the case restored), naming the survivor in meta.
      await this.audit.record(
        { action: 'case.unmerged', entity: 'case', entityId: duplicateId, caseId: duplicateId, meta },
        tx,
      );
    });
    return this.merges(duplicateId);
  }

  private undo(mergedAt: Date, now: Date): { undoUntil: string; canUndo: boolean } {
    const until = mergedAt.getTime() + this.undoMs;
    return { undoUntil: new Date(until).toISOString(), canUndo: now.getTime() <= until };
  }
}
