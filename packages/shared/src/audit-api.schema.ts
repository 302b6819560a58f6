import { z } from 'zod';

import type { TIntakeCustomReason } from './intake.schema';
import { canonicalReceiptNumber } from './receipt';

const ZDateTime = z.iso.datetime({ offset: true });
const ZName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.-]+$/i);

/** What the log is filtered by, shared by the page (ZAuditQuery) and the CSV export (ZAuditExportQuery). */
const ZAuditFilters = z.strictObject({
  actorId: z.uuid().optional(),
  /** Exact action, e.g. `referral.send`. */
  action: ZName.optional(),
  entity: ZName.optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  caseId: z.uuid().optional(),
  /**
   * A case as staff know it: its receipt number (with or without the hyphen, any case, full-width) or its id.
   * The API resolves it; a receipt number that names no case matches no rows.
   */
  caseRef: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((ref) => z.uuid().safeParse(ref).success || canonicalReceiptNumber(ref) !== null, {
      params: { reason: 'case_reference' satisfies TIntakeCustomReason },
    })
    .optional(),
  /** Inclusive lower bound of `at`. */
  from: ZDateTime.optional(),
  /** Exclusive upper bound of `at`. */
  to: ZDateTime.optional(),
});

const fromBeforeTo: [(q: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] = [
  (q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to),
  { message: 'from must be before to', path: ['to'] },
];

export const ZAuditQuery = ZAuditFilters.extend({
  /** The `nextCursor` of the previous page: rows with a smaller id come next. */
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,18}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
}).refine(...fromBeforeTo);
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

/**
 * The most rows one CSV export holds, newest first: a year of a busy desk's writes, small enough to build in
 * memory. A longer stretch is exported in parts with from/to.
 */
export const AUDIT_EXPORT_MAX_ROWS = 20_000;

/** The CSV export takes the page's filters, without paging. */
export const ZAuditExportQuery = ZAuditFilters.refine(...fromBeforeTo);
export type TAuditExportQuery = z.infer<typeof ZAuditExportQuery>;

export const ZAuditEntry = z.strictObject({
  /** bigint in the database; a string so no precision is lost in JSON. */
  id: z.string(),
  at: ZDateTime,
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  caseId: z.string().nullable(),
  /** The receipt number of `caseId`'s case, null without a case (or for a case that no longer exists). */
  receiptNumber: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditPage = z.strictObject({
  items: z.array(ZAuditEntry),
  /** null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TAuditPage = z.infer<typeof ZAuditPage>;
