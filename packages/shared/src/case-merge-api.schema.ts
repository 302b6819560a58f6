import { z } from 'zod';

import { ZCaseStatus } from './case-status';

/**
 * Merging duplicate cases (a person who submitted again after losing their access code). The duplicate is
 * merged into the survivor: it keeps its own rows, the survivor's reads union them in, and both receipt
 * numbers with their access codes open the survivor's conversation. An unmerge within the undo window
 * (CASE_MERGE_UNDO_HOURS, 24 h by default) restores the duplicate exactly as it was.
 */
export const ZCaseMergeRequest = z.strictObject({
  /** The duplicate to merge into the case of the path (the survivor). */
  duplicateId: z.uuid(),
});
export type TCaseMergeRequest = z.output<typeof ZCaseMergeRequest>;

const ZInstant = z.iso.datetime({ offset: true });

export const ZMergedCaseRef = z.object({
  id: z.uuid(),
  receiptNumber: z.string(),
  mergedAt: ZInstant,
  /** Until when an unmerge restores it. */
  undoUntil: ZInstant,
  canUndo: z.boolean(),
  mergedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  /** The duplicate's own status before the merge (restored by an unmerge). */
  priorStatus: ZCaseStatus,
  /** Its identifiers and referrals, which stay its own and count for the survivor. */
  identifiers: z.array(z.object({ kind: z.string(), display: z.string() })),
  referrals: z.array(
    z.object({ id: z.string(), referralNumber: z.string(), windowSlug: z.string(), status: z.string() }),
  ),
});
export type TMergedCaseRef = z.infer<typeof ZMergedCaseRef>;

/** GET /cases/:id/merges: what the case page shows about merges. */
export const ZCaseMerges = z.object({
  /** Set when this case is a duplicate merged into another. */
  mergedInto: z
    .object({
      id: z.uuid(),
      receiptNumber: z.string(),
      mergedAt: ZInstant,
      undoUntil: ZInstant,
      canUndo: z.boolean(),
    })
    .nullable(),
  /** The duplicates merged into this case. */
  merged: z.array(ZMergedCaseRef),
});
export type TCaseMerges = z.infer<typeof ZCaseMerges>;
