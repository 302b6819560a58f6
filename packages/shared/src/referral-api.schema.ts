import { z } from 'zod';

import type { TErrorReason } from './api-errors';
import { ZLocalized, type TLocalized } from './category';
import { hasForbiddenControlCharacters } from './intake.schema';
import { ZPartnerLinkStatus } from './partner-link-api.schema';
import { ZReferralStatus } from './referral-status';
import { ZWindowSlug } from './windows';

export const REFERRAL_METHODS = ['guided_client', 'web_form', 'letter', 'warm_transfer'] as const;
export const ZReferralMethod = z.enum(REFERRAL_METHODS);
export type TReferralMethod = z.infer<typeof ZReferralMethod>;

export const REFERRAL_METHOD_LABELS = {
  guided_client: { ja: '本人が連絡(案内のみ)', en: 'Client contacts the window (guided)' },
  web_form: { ja: '窓口のウェブフォームで送付', en: "Sent through the window's web form" },
  letter: { ja: '紹介状', en: 'Referral letter' },
  warm_transfer: { ja: '電話でつなぐ', en: 'Warm transfer by phone' },
} as const satisfies Record<TReferralMethod, { ja: string; en: string }>;

/**
 * What the desk may pass on to the window, field by field. Consent is per referral and per field: a person may agree
 * that the police hear what happened but not their phone number. Anything not listed stays with the desk.
 */
export const DISCLOSURE_FIELDS = [
  'summary',
  'categories',
  'description',
  'contact_name',
  'contact_phone',
  'contact_email',
  'age',
  'prefecture',
  'identifiers',
  'actions_taken',
] as const;
export const ZDisclosureField = z.enum(DISCLOSURE_FIELDS);
export type TDisclosureField = z.infer<typeof ZDisclosureField>;

/** How each disclosure field is named on the referral form, the referral list and the disclosure record. */
export const DISCLOSURE_FIELD_LABELS: Readonly<Record<TDisclosureField, TLocalized>> = {
  summary: { ja: '相談の要約', en: 'Case summary' },
  categories: { ja: '相談の種類', en: 'Categories' },
  description: { ja: '相談内容(本人の記述)', en: "Description (the person's words)" },
  contact_name: { ja: '氏名', en: 'Name' },
  contact_phone: { ja: '電話番号', en: 'Phone number' },
  contact_email: { ja: 'メールアドレス', en: 'E-mail address' },
  age: { ja: '年齢', en: 'Age' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  identifiers: { ja: '相手の電話番号・URL・口座など', en: "The other party's numbers, URLs, accounts" },
  actions_taken: { ja: 'これまでの対応', en: 'Actions taken so far' },
};

/** A field's label, or the code itself for one recorded under a name this version no longer has. */
export function disclosureFieldLabel(field: string): TLocalized {
  return Object.hasOwn(DISCLOSURE_FIELD_LABELS, field)
    ? DISCLOSURE_FIELD_LABELS[field as TDisclosureField]
    : { ja: field, en: field };
}

export const CONSENT_GIVERS = ['client', 'guardian'] as const;
export const ZConsentGiver = z.enum(CONSENT_GIVERS);

/** More files than a case can hold is never a real consent. */
const MAX_SHARED_EVIDENCE_FILES = 100;

// Clocks on staff PCs drift; a consent "given" more than this far in the future is a typo, not drift.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function text(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), {
      params: { reason: 'control_characters' },
    });
}

const ZDateTime = z.iso.datetime({ offset: true });

export const ZReferralConsentInput = z.strictObject({
  givenBy: ZConsentGiver,
  /** When the person (or guardian) agreed; defaults to now. */
  givenAt: ZDateTime.refine((at) => Date.parse(at) <= Date.now() + CLOCK_SKEW_MS, {
    message: 'consent cannot be given in the future',
  }).optional(),
  /** May be empty: with guided_client the person passes everything on themselves. */
  fields: z
    .array(ZDisclosureField)
    .max(DISCLOSURE_FIELDS.length)
    .refine((fields) => new Set(fields).size === fields.length, { message: 'fields must be unique' }),
  /**
   * The case's evidence files the person agreed to hand to this window (each scanned clean): the letter lists
   * them with their SHA-256, and the window's link offers exactly these for download.
   */
  evidenceFileIds: z
    .array(z.uuid())
    .max(MAX_SHARED_EVIDENCE_FILES)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'files must be unique' })
    .optional(),
});
export type TReferralConsentInput = z.infer<typeof ZReferralConsentInput>;

export const ZCreateReferral = z.strictObject({
  windowSlug: ZWindowSlug,
  reason: text(2000),
  method: ZReferralMethod,
  consent: ZReferralConsentInput,
  /** Planned follow-up; when absent the follow-up falls due DEFAULT_FOLLOW_UP_DAYS after sending. */
  followUpDueAt: ZDateTime.optional(),
  /** The counselor saw the eligibility warnings (e.g. an adult referred to childline) and refers anyway. */
  acknowledgeWarnings: z.boolean().optional(),
});
export type TCreateReferral = z.infer<typeof ZCreateReferral>;

const ZVersion = z.int().min(1);

export const ZReferralStatusRequest = z.strictObject({
  to: ZReferralStatus,
  /** Why, for the history (e.g. "188 called back, handed to the local centre"). */
  note: text(1000).optional(),
  outcomeNote: text(2000).optional(),
  /** Only with to=sent: overrides the default follow-up date. */
  followUpDueAt: ZDateTime.optional(),
  version: ZVersion,
});
export type TReferralStatusRequest = z.infer<typeof ZReferralStatusRequest>;

export const ZUpdateReferral = z
  .strictObject({
    reason: text(2000).optional(),
    method: ZReferralMethod.optional(),
    followUpDueAt: ZDateTime.nullable().optional(),
    outcomeNote: text(2000).nullable().optional(),
    version: ZVersion,
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), {
    message: 'nothing to change',
    path: ['version'],
  });
export type TUpdateReferral = z.infer<typeof ZUpdateReferral>;

export const ZReferralStatusChange = z.strictObject({
  from: ZReferralStatus.nullable(),
  to: ZReferralStatus,
  actorId: z.string().nullable(),
  note: z.string().nullable(),
  at: ZDateTime,
});
export type TReferralStatusChange = z.infer<typeof ZReferralStatusChange>;

export const ZReferralConsent = z.strictObject({
  givenBy: ZConsentGiver,
  givenAt: ZDateTime,
  recordedById: z.string(),
  fields: z.array(ZDisclosureField),
  /** Absent on referrals made before evidence could be shared: none. */
  evidenceFileIds: z.array(z.string()).optional(),
});
export type TReferralConsent = z.infer<typeof ZReferralConsent>;

export const ZReferral = z.strictObject({
  id: z.string(),
  referralNumber: z.string(),
  caseId: z.string(),
  window: z.strictObject({
    slug: ZWindowSlug,
    name: ZLocalized,
    active: z.boolean(),
    /** Where the link can be e-mailed (set by an admin in the window settings); null: nowhere. */
    referralEmail: z.string().nullable(),
  }),
  reason: z.string(),
  method: ZReferralMethod,
  status: ZReferralStatus,
  statusLabel: ZLocalized,
  consent: ZReferralConsent,
  /** Eligibility warnings the counselor acknowledged when creating the referral. */
  warnings: z.array(ZLocalized),
  outcomeNote: z.string().nullable(),
  sentAt: ZDateTime.nullable(),
  acknowledgedAt: ZDateTime.nullable(),
  closedAt: ZDateTime.nullable(),
  followUpDueAt: ZDateTime.nullable(),
  createdById: z.string(),
  version: z.int(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
  history: z.array(ZReferralStatusChange),
  /** The link the window answers through (issued when the referral is sent); null before. */
  partnerLink: ZPartnerLinkStatus.nullable(),
  /**
   * Sent, no answer from the window, and the follow-up date is past by the grace period: the counselor is
   * asked to confirm no_response (the status never changes by itself).
   */
  noResponseSuspected: z.boolean(),
});
export type TReferral = z.infer<typeof ZReferral>;

/** `/cases/:caseId/referrals` (named apart from the case routes' `:id`). */
export const ZReferralCaseParams = z.strictObject({ caseId: z.uuid() });
export const ZReferralIdParams = z.strictObject({ id: z.uuid() });

export const ZFollowUpsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type TFollowUpsQuery = z.infer<typeof ZFollowUpsQuery>;

export const ZReferralFollowUp = z.strictObject({
  id: z.string(),
  referralNumber: z.string(),
  status: ZReferralStatus,
  statusLabel: ZLocalized,
  method: ZReferralMethod,
  followUpDueAt: ZDateTime,
  sentAt: ZDateTime.nullable(),
  case: z.strictObject({ id: z.string(), receiptNumber: z.string(), assigneeId: z.string().nullable() }),
  window: z.strictObject({ slug: ZWindowSlug, name: ZLocalized }),
});
export type TReferralFollowUp = z.infer<typeof ZReferralFollowUp>;

/** details of the 409 answered when the window's eligibility excludes the person and nobody acknowledged it. */
export const ELIGIBILITY_WARNING_REASON = 'eligibility_warning' satisfies TErrorReason;
