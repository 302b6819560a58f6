import { z } from 'zod';

import { caseText as text, MAX_CASE_PAGE_SIZE, MAX_REASON_LENGTH, ZCaseTag } from './case-api.schema';
import { ZCaseStatus } from './case-status';
import { ZLocalized, ZUrgency } from './category';
import { REQUIRED_MESSAGE } from './intake.schema';

/* ------------------------------------------------------------------------------------------------
 * Bulk actions in the queue, the supervisors' workload view and review queue.
 * ---------------------------------------------------------------------------------------------- */

/** A batch is at most one page of the queue (MAX_CASE_PAGE_SIZE): larger ones would hold row locks too long. */
export const MAX_BULK_CASES = MAX_CASE_PAGE_SIZE;
export const MAX_REVIEW_COMMENT_LENGTH = 2000;

export const BULK_ACTION_KINDS = ['assign', 'status', 'tag'] as const;
export type TBulkActionKind = (typeof BULK_ACTION_KINDS)[number];

/** What the batch does to each case: the same change a counselor makes on one case, with its rules. */
export const ZBulkAction = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('assign'),
    /** `me`, a staff user's id, or null to unassign. */
    assigneeId: z.union([z.literal('me'), z.uuid()]).nullable(),
  }),
  z.strictObject({
    kind: z.literal('status'),
    status: ZCaseStatus,
    /** Needed where the single move needs one (closing, reopening): checked per case. */
    reason: text(MAX_REASON_LENGTH, 1).optional(),
  }),
  z.strictObject({ kind: z.literal('tag'), tag: ZCaseTag }),
]);
export type TBulkAction = z.output<typeof ZBulkAction>;

/** POST /cases/bulk. Each case is changed from its current version, one after the other. */
export const ZCaseBulkRequest = z.strictObject({
  caseIds: z
    .array(z.uuid())
    .min(1)
    .max(MAX_BULK_CASES)
    .transform((ids) => [...new Set(ids)]),
  action: ZBulkAction,
});
export type TCaseBulkRequest = z.output<typeof ZCaseBulkRequest>;
export type TCaseBulkRequestInput = z.input<typeof ZCaseBulkRequest>;

/** Why one case of a batch was refused: the reason the single action would have answered with. */
export const BULK_REFUSALS = [
  'not_found',
  'transition_not_allowed',
  'reason_required',
  'version_conflict',
  'assignee_not_found',
  'too_many_tags',
  'failed',
] as const;
export type TBulkRefusal = (typeof BULK_REFUSALS)[number];

export const ZCaseBulkResult = z.discriminatedUnion('ok', [
  z.object({
    caseId: z.uuid(),
    receiptNumber: z.string().nullable(),
    ok: z.literal(true),
    /** The case already was as asked (same assignee, status or tag): nothing written. */
    unchanged: z.boolean(),
  }),
  z.object({
    caseId: z.uuid(),
    receiptNumber: z.string().nullable(),
    ok: z.literal(false),
    reason: z.enum(BULK_REFUSALS),
    message: ZLocalized,
  }),
]);
export type TCaseBulkResult = z.output<typeof ZCaseBulkResult>;

export const ZCaseBulkReply = z.object({
  applied: z.int(),
  refused: z.int(),
  results: z.array(ZCaseBulkResult),
});
export type TCaseBulkReply = z.output<typeof ZCaseBulkReply>;

/* ------------------------------------------------------------------------------------------ workload */

/** How long open cases have waited since they came in (Asia/Tokyo does not matter here: elapsed time). */
export const WORKLOAD_AGE_BUCKETS = ['under1d', 'days1to7', 'over7d'] as const;
export type TWorkloadAgeBucket = (typeof WORKLOAD_AGE_BUCKETS)[number];

export const WORKLOAD_AGE_LABELS = {
  under1d: { ja: '1日未満', en: 'Under 1 day' },
  days1to7: { ja: '1〜7日', en: '1–7 days' },
  over7d: { ja: '7日超', en: 'Over 7 days' },
} as const satisfies Record<TWorkloadAgeBucket, { ja: string; en: string }>;

const ZCounts = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.int()])) as Record<T[number], z.ZodInt>);

export const ZWorkloadRow = z.object({
  /** null: the open cases nobody has taken. */
  assignee: z
    .object({ id: z.uuid(), displayName: z.string(), role: z.string(), active: z.boolean() })
    .nullable(),
  open: z.int(),
  byUrgency: ZCounts(['emergency', 'high', 'normal', 'low'] as const),
  byAge: ZCounts(WORKLOAD_AGE_BUCKETS),
  followUpOverdue: z.int(),
});
export type TWorkloadRow = z.output<typeof ZWorkloadRow>;

export const ZWorkload = z.object({
  at: z.iso.datetime({ offset: true }),
  /** Active staff first by open cases (most first), then the unassigned row. */
  rows: z.array(ZWorkloadRow),
});
export type TWorkload = z.output<typeof ZWorkload>;

/* ------------------------------------------------------------------------------------------- reviews */

export const REVIEW_REASONS = [
  'emergency',
  'closed_without_referral',
  'triage_overridden',
  'sample',
] as const;
export const ZReviewReason = z.enum(REVIEW_REASONS);
export type TReviewReason = z.output<typeof ZReviewReason>;

export const REVIEW_REASON_LABELS = {
  emergency: { ja: '緊急', en: 'Emergency' },
  closed_without_referral: { ja: '紹介なしで終了', en: 'Closed without a referral' },
  triage_overridden: { ja: '自動判定を変更', en: 'Triage overridden' },
  sample: { ja: '無作為抽出', en: 'Random sample' },
} as const satisfies Record<TReviewReason, { ja: string; en: string }>;

/** Cases that came in or were closed this many days back are candidates. */
export const REVIEW_WINDOW_DAYS = 30;
/** The share of each counselor's closed cases drawn for review (at least one each). */
export const REVIEW_SAMPLE_SHARE = 0.1;

export const ZReviewQueueQuery = z.strictObject({
  reason: ZReviewReason.optional(),
});
export type TReviewQueueQuery = z.output<typeof ZReviewQueueQuery>;

export const ZReviewQueueItem = z.object({
  caseId: z.uuid(),
  receiptNumber: z.string(),
  status: ZCaseStatus,
  urgency: ZUrgency,
  priority: ZUrgency,
  categories: z.array(z.string()),
  assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  reasons: z.array(ZReviewReason).min(1),
});
export type TReviewQueueItem = z.output<typeof ZReviewQueueItem>;

export const ZReviewQueue = z.object({
  items: z.array(ZReviewQueueItem),
  /** More candidates than shown (the oldest wait for the next read). */
  more: z.boolean(),
});
export type TReviewQueue = z.output<typeof ZReviewQueue>;

export const REVIEW_VERDICTS = ['agree', 'concern'] as const;
export const REVIEW_VERDICT_LABELS = {
  agree: { ja: '問題なし(同意)', en: 'Agree' },
  concern: { ja: '気になる点あり', en: 'Concern' },
} as const satisfies Record<(typeof REVIEW_VERDICTS)[number], { ja: string; en: string }>;

/** POST /supervision/reviews/:caseId. A concern needs a comment that says what to look at. */
export const ZCaseReviewCreate = z
  .strictObject({
    verdict: z.enum(REVIEW_VERDICTS),
    comment: text(MAX_REVIEW_COMMENT_LENGTH).optional(),
  })
  .superRefine((review, ctx) => {
    if (review.verdict === 'concern' && !review.comment) {
      ctx.addIssue({
        code: 'invalid_type',
        expected: 'string',
        path: ['comment'],
        message: REQUIRED_MESSAGE,
        input: undefined,
      });
    }
  });
export type TCaseReviewCreate = z.output<typeof ZCaseReviewCreate>;
export type TCaseReviewCreateInput = z.input<typeof ZCaseReviewCreate>;

export const ZCaseReviewParams = z.strictObject({ caseId: z.uuid() });

export const ZCaseReview = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  reviewerId: z.uuid(),
  verdict: z.enum(REVIEW_VERDICTS),
  comment: z.string().nullable(),
  reasons: z.array(ZReviewReason),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TCaseReview = z.output<typeof ZCaseReview>;
