import { z } from 'zod';

import { ZLocalized } from './category';
import { ZCaseStatus } from './case-status';
import { ZEvidenceFile } from './evidence-api.schema';
import { ZConversationEntry, ZIntakeStatusRequest } from './intake-api.schema';
import { hasForbiddenControlCharacters, type TIntakeCustomReason } from './intake.schema';
import {
  MAX_PERSON_REQUEST_DECISION_LENGTH,
  MAX_PERSON_REQUEST_TEXT_LENGTH,
  ZPersonRequestKind,
  ZPersonRequestPublic,
  ZPersonRequestStatus,
} from './person-requests';

/** Trimmed free text, possibly empty, refusing control characters (they break exports and can hide content). */
function freeText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), {
      params: { reason: 'control_characters' satisfies TIntakeCustomReason },
    })
    .default('');
}

/* ------------------------------------------------------------------------------------- the person */

export const PERSON_DATA_FORMATS = ['json', 'pdf'] as const;
export const ZPersonDataFormat = z.enum(PERSON_DATA_FORMATS);
export type TPersonDataFormat = z.infer<typeof ZPersonDataFormat>;

/** The status page's pair and the file wanted: the person's own data (開示) as JSON or PDF. */
export const ZPersonDataExportRequest = ZIntakeStatusRequest.extend({ format: ZPersonDataFormat });
export type TPersonDataExportRequest = z.infer<typeof ZPersonDataExportRequest>;

/**
 * A correction (text required: what is wrong) or a deletion (利用停止・削除; text optional). The API answers a
 * correction without text with a field error on `text`.
 */
export const ZPersonRequestCreate = ZIntakeStatusRequest.extend({
  kind: ZPersonRequestKind,
  text: freeText(MAX_PERSON_REQUEST_TEXT_LENGTH),
});
export type TPersonRequestCreate = z.infer<typeof ZPersonRequestCreate>;
export type TPersonRequestCreateInput = z.input<typeof ZPersonRequestCreate>;

/** Format marker of the JSON download, so a reader can tell what it holds. */
export const PERSON_DATA_EXPORT_FORMAT = 'madoguchi.person-data/v1';

/**
 * What the person gets (JSON; the PDF prints the same): what they submitted, the conversation with the desk,
 * the files they sent (names and fingerprints, not the bytes) and their requests. Never a counselor's note,
 * contact log, summary, tags, priority, assignee or any other field only staff see.
 */
export const ZPersonDataExport = z.strictObject({
  format: z.literal(PERSON_DATA_EXPORT_FORMAT),
  generatedAt: z.iso.datetime(),
  receiptNumber: z.string(),
  consultation: z.strictObject({
    receivedAt: z.iso.datetime(),
    status: ZCaseStatus,
    statusLabel: ZLocalized,
  }),
  /** Null once the case's personal data was deleted (the case stays, without it, for statistics). */
  submitted: z
    .strictObject({
      description: z.string(),
      pickedCategory: z.string().nullable(),
      answers: z.record(z.string(), z.unknown()),
      person: z.record(z.string(), z.unknown()),
      identifiers: z.record(z.string(), z.unknown()),
      contact: z.record(z.string(), z.unknown()).nullable(),
    })
    .nullable(),
  conversation: z.array(ZConversationEntry),
  files: z.array(
    z.strictObject(ZEvidenceFile.pick({ name: true, sizeBytes: true, sha256: true, receivedAt: true }).shape),
  ),
  requests: z.array(ZPersonRequestPublic.extend({ text: z.string().nullable() })),
  dataDeletedAt: z.iso.datetime().nullable(),
});
export type TPersonDataExport = z.infer<typeof ZPersonDataExport>;

/* ---------------------------------------------------------------------------------------- the desk */

export const ZPersonRequestParams = z.strictObject({ id: z.uuid() });

/** The list for supervisors and admins: the requests still waiting (default), or those decided. */
export const ZPersonRequestListQuery = z.strictObject({
  status: ZPersonRequestStatus.default('received'),
});
export type TPersonRequestListQueryInput = z.input<typeof ZPersonRequestListQuery>;

const ZStaffRef = z.strictObject({ id: z.uuid(), name: z.string() });

/** A request as the desk sees it: the person's text, the due date, who decided and how. */
export const ZPersonRequest = z.strictObject({
  id: z.uuid(),
  caseId: z.uuid(),
  receiptNumber: z.string(),
  kind: ZPersonRequestKind,
  status: ZPersonRequestStatus,
  /** Null once the case's personal data was deleted (the person's texts go with it). */
  text: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  /** Still waiting and past its due date. */
  overdue: z.boolean(),
  decidedAt: z.iso.datetime().nullable(),
  decidedBy: ZStaffRef.nullable(),
  refusalReason: z.string().nullable(),
  /** A completed deletion: how many fields and files were shredded. */
  shredded: z.strictObject({ fields: z.number().int(), files: z.number().int() }).nullable(),
});
export type TPersonRequest = z.infer<typeof ZPersonRequest>;

export const ZPersonRequestList = z.strictObject({
  items: z.array(ZPersonRequest),
  /** Of the listed requests, how many are overdue. */
  overdue: z.number().int(),
});
export type TPersonRequestList = z.infer<typeof ZPersonRequestList>;

export const PERSON_REQUEST_OUTCOMES = ['completed', 'refused'] as const;

/**
 * A counselor's decision. Refusing needs `reason` (shown to the person); completing a correction needs `change`
 * (what was changed, recorded on the case timeline). Completing a deletion shreds the case's personal data.
 */
export const ZPersonRequestDecision = z.strictObject({
  outcome: z.enum(PERSON_REQUEST_OUTCOMES),
  reason: freeText(MAX_PERSON_REQUEST_DECISION_LENGTH),
  change: freeText(MAX_PERSON_REQUEST_DECISION_LENGTH),
});
export type TPersonRequestDecision = z.infer<typeof ZPersonRequestDecision>;
export type TPersonRequestDecisionInput = z.input<typeof ZPersonRequestDecision>;
