import { z } from 'zod';

const ZDateTime = z.iso.datetime({ offset: true });
const ZName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.-]+$/i);

export const ZAuditQuery = z
  .strictObject({
    actorId: z.uuid().optional(),
    /** Exact action, e.g. `referral.send`. */
    action: ZName.optional(),
    entity: ZName.optional(),
    entityId: z.string().trim().min(1).max(100).optional(),
    caseId: z.uuid().optional(),
    /** Inclusive lower bound of `at`. */
    from: ZDateTime.optional(),
    /** Exclusive upper bound of `at`. */
    to: ZDateTime.optional(),
    /** The `nextCursor` of the previous page: rows with a smaller id come next. */
    cursor: z
      .string()
      .regex(/^[1-9]\d{0,18}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['to'],
  });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

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
