import { Injectable } from '@nestjs/common';
import {
  REVIEW_REASONS,
  REVIEW_WINDOW_DAYS,
  URGENCY_LEVELS,
  type TCaseReview,
  type TCaseReviewCreate,
  type TReviewQueue,
  type TReviewQueueQuery,
  type TReviewReason,
  type TWorkload,
  type TWorkloadRow,
} from '@madoguchi/shared';
import { Clock } from '../../common/clock';
import type { AuthUser } from '../../common/context/request-context';
import { AppError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { caseNotFound } from '../cases/case-errors';
import { SupervisionRepository, type ReviewCandidateRow } from './supervision.repository';

const DAY_MS = 24 * 3600_000;
/** A screenful to work through; the rest comes as the first ones are reviewed. */
const REVIEW_PAGE = 100;

function emptyRow(assignee: TWorkloadRow['assignee']): TWorkloadRow {
  return {
    assignee,
    open: 0,
    byUrgency: { emergency: 0, high: 0, normal: 0, low: 0 },
    byAge: { under1d: 0, days1to7: 0, over7d: 0 },
    followUpOverdue: 0,
  };
}

function reasonsOf(row: ReviewCandidateRow): TReviewReason[] {
  return REVIEW_REASONS.filter((reason) => row[reason]);
}

/**
 * What supervisors see over everyone's cases: the workload per counselor (to balance assignments and protect
 * counselors from overload) and the review queue, Primero's approvals made lighter: a supervisor reads the
 * case and records agreement or a concern, and the case leaves the queue.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly repository: SupervisionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async workload(): Promise<TWorkload> {
    const now = this.clock.now();
    const { rows, overdue } = await this.repository.workload(now);
    const named = [
      ...new Set([...rows, ...overdue].flatMap((row) => (row.assignee_id ? [row.assignee_id] : []))),
    ];
    const staff = await this.repository.staff(named);
    const byAssignee = new Map<string | null, TWorkloadRow>(
      staff.map((user) => [
        user.id,
        emptyRow({ id: user.id, displayName: user.displayName, role: user.role, active: user.active }),
      ]),
    );
    byAssignee.set(null, emptyRow(null));
    for (const row of rows) {
      const target = byAssignee.get(row.assignee_id);
      if (!target) {
        continue;
      }
      target.open += row.open;
      target.byUrgency[row.priority] += row.open;
      target.byAge.under1d += row.under1d;
      target.byAge.days1to7 += row.days1to7;
      target.byAge.over7d += row.over7d;
    }
    for (const row of overdue) {
      const target = byAssignee.get(row.assignee_id);
      if (target) {
        target.followUpOverdue += row.overdue;
      }
    }
    const unassigned = byAssignee.get(null)!;
    byAssignee.delete(null);
    const people = [...byAssignee.values()].sort(
      (a, b) =>
        b.open - a.open ||
        URGENCY_LEVELS.reduce((d, level) => d || b.byUrgency[level] - a.byUrgency[level], 0) ||
        a.assignee!.displayName.localeCompare(b.assignee!.displayName, 'ja'),
    );
    return { at: now.toISOString(), rows: [...people, unassigned] };
  }

  async reviewQueue(query: TReviewQueueQuery): Promise<TReviewQueue> {
    const since = new Date(this.clock.now().getTime() - REVIEW_WINDOW_DAYS * DAY_MS);
    const rows = await this.repository.reviewCandidates({
      since,
      reason: query.reason,
      limit: REVIEW_PAGE + 1,
    });
    return {
      items: rows.slice(0, REVIEW_PAGE).map((row) => ({
        caseId: row.id,
        receiptNumber: row.receipt_number,
        status: row.status,
        urgency: row.urgency,
        priority: row.priority,
        categories: row.categories,
        assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? '' } : null,
        createdAt: row.created_at.toISOString(),
        closedAt: row.closed_at?.toISOString() ?? null,
        reasons: reasonsOf(row),
      })),
      more: rows.length > REVIEW_PAGE,
    };
  }

  /** One review per case, audited in the same transaction; the reasons it was queued for are kept with it. */
  async review(caseId: string, input: TCaseReviewCreate, user: AuthUser): Promise<TCaseReview> {
    if (!(await this.repository.caseExists(caseId))) {
      throw caseNotFound(caseId);
    }
    if (await this.repository.findReview(caseId)) {
      throw alreadyReviewed();
    }
    const since = new Date(this.clock.now().getTime() - REVIEW_WINDOW_DAYS * DAY_MS);
    const [candidate] = await this.repository.reviewCandidates({ since, caseId, limit: 1 });
    const reasons = candidate ? reasonsOf(candidate) : [];
    const comment = input.comment?.trim() || null;
    const created = await this.repository
      .transaction(async (tx) => {
        const row = await this.repository.createReview(tx, {
          caseId,
          reviewerId: user.id,
          verdict: input.verdict,
          comment,
          reasons,
        });
        await this.audit.record(
          {
            action: 'case.review',
            entity: 'case',
            entityId: caseId,
            caseId,
            // The verdict and reasons, not the comment: it may hold personal data, and it is in case_reviews.
            meta: { reviewId: row.id, verdict: input.verdict, reasons, comment: comment !== null },
          },
          tx,
        );
        return row;
      })
      .catch((error: unknown) => {
        // Two supervisors at once: the unique index keeps one review, the other hears so.
        if (error instanceof Error && 'code' in error && error.code === 'P2002') {
          throw alreadyReviewed();
        }
        throw error;
      });
    return {
      id: created.id,
      caseId: created.caseId,
      reviewerId: created.reviewerId,
      verdict: created.verdict,
      comment: created.comment,
      reasons: created.reasons as TReviewReason[],
      createdAt: created.createdAt.toISOString(),
    };
  }
}

function alreadyReviewed(): AppError {
  return new AppError('conflict', {
    message: 'The case has been reviewed already',
    userMessage: {
      ja: 'この相談はすでにレビュー済みです。',
      en: 'This case has already been reviewed.',
    },
    details: { reason: 'duplicate' },
  });
}
