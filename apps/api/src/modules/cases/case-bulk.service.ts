import { Injectable, Logger } from '@nestjs/common';
import {
  MAX_TAGS,
  type TBulkAction,
  type TBulkRefusal,
  type TCaseBulkReply,
  type TCaseBulkRequest,
  type TCaseBulkResult,
  type TLocalized,
} from '@madoguchi/shared';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { fieldError } from './case-errors';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesRepository, type CaseSummaryRow } from './cases.repository';
import { CasesService } from './cases.service';

const REFUSAL_MESSAGES: Record<TBulkRefusal, TLocalized> = {
  not_found: { ja: 'この相談は見つかりませんでした。', en: 'This case was not found.' },
  transition_not_allowed: {
    ja: 'いまの状態からはこの状態に変えられません。',
    en: 'The case cannot move to this status from its current one.',
  },
  reason_required: { ja: 'この変更には理由が必要です。', en: 'This change needs a reason.' },
  version_conflict: {
    ja: 'ほかの人が同時にこの相談を更新しました。読み込み直してから、もう一度ためしてください。',
    en: 'Someone else updated this case at the same time. Reload and try again.',
  },
  assignee_not_found: {
    ja: 'この担当者は見つからないか、無効になっています。',
    en: 'This staff member does not exist or is deactivated.',
  },
  too_many_tags: {
    ja: `タグは1件に${MAX_TAGS}個までです。`,
    en: `A case can carry at most ${MAX_TAGS} tags.`,
  },
  failed: {
    ja: 'この相談は変更できませんでした。',
    en: 'This case could not be changed.',
  },
};

/**
 * Bulk actions from the queue: each case goes through the single action's own writer (CasesService.update
 * for assignee and tags, CaseWorkflowService for the status), so the same rules, events, audit rows and
 * notifications apply as when a counselor changes one case. Cases are changed one after the other from the
 * version just read, each in its own transaction: one refused case (a move the workflow does not allow, a
 * reason missing, a colleague saving at the same moment) leaves the others applied, and the reply says which.
 */
@Injectable()
export class CaseBulkService {
  private readonly logger = new Logger(CaseBulkService.name);

  constructor(
    private readonly repository: CasesRepository,
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly audit: AuditService,
  ) {}

  async apply(input: TCaseBulkRequest, user: AuthUser): Promise<TCaseBulkReply> {
    const { action } = input;
    if (action.kind === 'assign' && action.assigneeId !== null && action.assigneeId !== 'me') {
      // The same for every case of the batch: refused once, as a field of the request.
      if (action.assigneeId !== user.id && !(await this.repository.findActiveStaff(action.assigneeId))) {
        throw fieldError('action.assigneeId', 'not_found', REFUSAL_MESSAGES.assignee_not_found);
      }
    }
    const rows = new Map((await this.repository.findSummaries(input.caseIds)).map((row) => [row.id, row]));
    const results: TCaseBulkResult[] = [];
    for (const caseId of input.caseIds) {
      results.push(await this.applyOne(caseId, rows.get(caseId), action, user));
    }
    const applied = results.filter((result) => result.ok).length;
    const refused = results.length - applied;
    await this.audit.record({
      action: 'case.bulk',
      entity: 'case',
      // Each case's own change has its own row (case.update, case.status_change); this one ties them together.
      meta: {
        kind: action.kind,
        ...(action.kind === 'status' ? { status: action.status } : {}),
        requested: input.caseIds.length,
        applied,
        refused,
        caseIds: input.caseIds,
      },
    });
    return { applied, refused, results };
  }

  private async applyOne(
    caseId: string,
    row: CaseSummaryRow | undefined,
    action: TBulkAction,
    user: AuthUser,
  ): Promise<TCaseBulkResult> {
    if (!row) {
      return refuse(caseId, null, 'not_found');
    }
    const receiptNumber = row.receiptNumber;
    try {
      switch (action.kind) {
        case 'assign': {
          const assigneeId = action.assigneeId === 'me' ? user.id : action.assigneeId;
          if (assigneeId === row.assigneeId) {
            return { caseId, receiptNumber, ok: true, unchanged: true };
          }
          await this.cases.update(caseId, { assigneeId, version: row.version }, undefined, user);
          break;
        }
        case 'status': {
          if (action.status === row.status) {
            return { caseId, receiptNumber, ok: true, unchanged: true };
          }
          await this.workflow.changeStatus(
            caseId,
            { status: action.status, reason: action.reason },
            row.version,
            user,
          );
          break;
        }
        case 'tag': {
          if (row.tags.includes(action.tag)) {
            return { caseId, receiptNumber, ok: true, unchanged: true };
          }
          if (row.tags.length >= MAX_TAGS) {
            return refuse(caseId, receiptNumber, 'too_many_tags');
          }
          await this.cases.update(
            caseId,
            { tags: [...row.tags, action.tag], version: row.version },
            undefined,
            user,
          );
          break;
        }
        default:
          action satisfies never;
      }
      return { caseId, receiptNumber, ok: true, unchanged: false };
    } catch (error) {
      if (!(error instanceof AppError)) {
        // A fault (the database gone away): the cases before this one are applied, and the reply says so.
        this.logger.error({ err: error, caseId }, 'bulk action failed on a case');
        return refuse(caseId, receiptNumber, 'failed');
      }
      return refusalOf(caseId, receiptNumber, error);
    }
  }
}

function refuse(
  caseId: string,
  receiptNumber: string | null,
  reason: TBulkRefusal,
  message: TLocalized = REFUSAL_MESSAGES[reason],
): TCaseBulkResult {
  return { caseId, receiptNumber, ok: false, reason, message };
}

/** The single action's error as one case's refusal, with the message it would have shown. */
function refusalOf(caseId: string, receiptNumber: string, error: AppError): TCaseBulkResult {
  const details = error.options.details ?? {};
  const fields = Array.isArray(details['fields']) ? (details['fields'] as { message?: TLocalized }[]) : [];
  const message = error.options.userMessage ?? fields[0]?.message;
  if (error.code === 'not_found') {
    return refuse(caseId, receiptNumber, 'not_found');
  }
  switch (details.reason) {
    case 'transition_not_allowed':
      return refuse(caseId, receiptNumber, 'transition_not_allowed', message);
    case 'reason_required':
      return refuse(caseId, receiptNumber, 'reason_required');
    case 'version_conflict':
      return refuse(caseId, receiptNumber, 'version_conflict');
    default:
      return refuse(caseId, receiptNumber, 'failed', message);
  }
}
