import { z } from 'zod';
import type { TLocalized } from './category';

/**
 * How long a case's free text and contact details are kept after it closes: `standard` (RETENTION_STANDARD_DAYS,
 * 3 years by default), `short` (RETENTION_SHORT_DAYS) or `legal_hold` (never, until an admin or supervisor
 * releases it). Shredding keeps the coded fields every statistic reads.
 */
export const RETENTION_CLASSES = ['standard', 'short', 'legal_hold'] as const;
export const ZRetentionClass = z.enum(RETENTION_CLASSES);
export type TRetentionClass = z.infer<typeof ZRetentionClass>;

export const RETENTION_CLASS_LABELS: Record<TRetentionClass, TLocalized> = {
  standard: { ja: '標準(終了後一定期間で削除)', en: 'Standard (deleted a set time after closure)' },
  short: { ja: '短期(終了後短期間で削除)', en: 'Short (deleted soon after closure)' },
  legal_hold: { ja: '法的保全(解除まで削除しない)', en: 'Legal hold (never deleted until released)' },
};

/** What started a shredding: the retention job, or the person's deletion request (issue 17 item 3). */
export const SHRED_TRIGGERS = ['retention', 'person_request'] as const;
export type TShredTrigger = (typeof SHRED_TRIGGERS)[number];

/** The reason written on a shredded case's evidence tombstones (shown to staff instead of an admin's reason). */
export const SHRED_EVIDENCE_REASONS: Record<TShredTrigger, string> = {
  retention: '保存期間の経過により削除 / Deleted when the retention period ended',
  person_request: '本人の削除請求により削除 / Deleted at the person’s request',
};

export const MAX_LEGAL_HOLD_REASON = 500;

/**
 * An admin or supervisor sets a case's retention class; `legal_hold` needs a reason (kept on the case, shown to
 * staff, never written to the audit log).
 */
export const ZSetRetention = z
  .strictObject({
    retentionClass: ZRetentionClass,
    reason: z.string().trim().max(MAX_LEGAL_HOLD_REASON).optional(),
  })
  .superRefine((value, ctx) => {
    // Reported as a missing field, so the form shows "required" next to the reason.
    if (value.retentionClass === 'legal_hold' && !value.reason) {
      ctx.addIssue({
        code: 'invalid_type',
        expected: 'string',
        path: ['reason'],
        message: 'A legal hold needs a reason',
        input: undefined,
      });
    }
  });
export type TSetRetention = z.infer<typeof ZSetRetention>;

/** A case's retention as staff see it on the case page. */
export const ZCaseRetention = z.strictObject({
  retentionClass: ZRetentionClass,
  legalHold: z
    .strictObject({ reason: z.string(), at: z.iso.datetime(), byId: z.string().nullable() })
    .nullable(),
  /** Set once the case's personal data was shredded: its pages say the data was deleted. */
  shreddedAt: z.iso.datetime().nullable(),
});
export type TCaseRetention = z.infer<typeof ZCaseRetention>;

/** The answer to shredding a case on legal hold (409, details.reason legal_hold). */
export const LEGAL_HOLD_REFUSED_MESSAGE: TLocalized = {
  ja: 'この相談は法的保全(リーガルホールド)中のため削除できません。保全を解除してから削除してください。',
  en: 'This case is on legal hold and cannot be deleted. Release the hold first.',
};

/** The answer to shredding a case that was already shredded (409, details.reason case_shredded). */
export const CASE_SHREDDED_MESSAGE: TLocalized = {
  ja: 'この相談の記録(相談内容・連絡先・証拠ファイル)はすでに削除されています。',
  en: 'The records of this consultation (its description, contact details and evidence files) were deleted.',
};
