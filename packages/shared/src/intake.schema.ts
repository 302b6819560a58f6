import { isPossiblePhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';

import { ZIntakeChannel, ZTroubleCategory } from './category';
import { EMAIL_PATTERN } from './normalize';
import { ZPrefectureCode } from './prefecture';

/**
 * Sentinel message for a missing required field. zod v4 reports "missing" as a plain invalid_type issue and drops
 * the input from the final issue, so the schema tags it here and `toFieldErrors` turns it into a friendly message.
 */
export const REQUIRED_MESSAGE = 'required';

/** Reasons carried in `params.reason` of the custom issues this schema raises; `toFieldErrors` maps each one. */
export const INTAKE_CUSTOM_REASONS = [
  'control_characters',
  'date_range',
  'phone_required',
  'email_required',
  'phone_format',
  // Not the intake's own: GET /cases refuses a search term in the URL (see ZCaseQuery).
  'search_in_body',
  // Not the intake's own: the audit log's case filter takes a receipt number or a case id (see ZAuditQuery).
  'case_reference',
] as const;
export type TIntakeCustomReason = (typeof INTAKE_CUSTOM_REASONS)[number];

export const MAX_DESCRIPTION_LENGTH = 5000;

/** The years a date in a request may name: the desk's own era (and the holiday data, which ends in 2050). */
export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2099-12-31';

/**
 * A date or instant inside MIN_DATE..MAX_DATE: '0099-01-01' is a valid ISO date that databases and Date
 * arithmetic mishandle (it answered 500), and no desk has records from then.
 */
export function withinDateRange<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((value) => value.slice(0, 10) >= MIN_DATE && value.slice(0, 10) <= MAX_DATE, {
    params: { reason: 'date_range' satisfies TIntakeCustomReason },
  });
}
export const MAX_IDENTIFIER_LENGTH = 200;
export const MAX_IDENTIFIERS_PER_KIND = 20;
export const MAX_AMOUNT_YEN = 10_000_000_000;

// ASCII control characters except tab, line feed and carriage return, which people legitimately paste.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasForbiddenControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

const requiredError = (issue: { input?: unknown }) =>
  issue.input === undefined ? REQUIRED_MESSAGE : undefined;

/** Trimmed text with a length cap that refuses control characters (they break exports and can hide content). */
function text(max: number, { required = false, min = 0 }: { required?: boolean; min?: number } = {}) {
  return z
    .string(required ? { error: requiredError } : undefined)
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), {
      params: { reason: 'control_characters' satisfies TIntakeCustomReason },
    });
}

const ZYen = z.int().min(0).max(MAX_AMOUNT_YEN);

export const DEMAND_VIA_CODES = ['sms', 'email', 'letter', 'phone', 'web', 'sns'] as const;
export const ZDemandVia = z.enum(DEMAND_VIA_CODES);
export type TDemandVia = z.infer<typeof ZDemandVia>;

export const ZIntakeAnswers = z.strictObject({
  paid: z.boolean().optional(),
  amountRequestedYen: ZYen.optional(),
  // The spec only caps the requested amount; the same cap on the paid amount keeps both inside safe integers.
  amountPaidYen: ZYen.optional(),
  personalInfoGiven: z.boolean().optional(),
  contactedOtherParty: z.boolean().optional(),
  installedSoftware: z.boolean().optional(),
  billingScreenPersists: z.boolean().optional(),
  courtPapersReceived: z.boolean().optional(),
  threatened: z.boolean().optional(),
  inDangerNow: z.boolean().optional(),
  stalked: z.boolean().optional(),
  demandVia: z.array(ZDemandVia).max(DEMAND_VIA_CODES.length).optional(),
});
export type TIntakeAnswers = z.infer<typeof ZIntakeAnswers>;

/**
 * The affected person: the one the trouble happened to, who may not be the one filling in the form (see
 * `caller`). Triage and window eligibility are judged on them: their age decides the child windows.
 */
export const ZIntakePerson = z.strictObject({
  age: z.int().min(0).max(120).optional(),
  prefecture: ZPrefectureCode.optional(),
});
export type TIntakePerson = z.infer<typeof ZIntakePerson>;

/** Who is writing or calling, in relation to the affected person. */
export const CALLER_RELATIONS = [
  'self',
  'guardian',
  'teacher',
  'friend',
  'relative',
  'professional',
  'other',
] as const;
export const ZCallerRelation = z.enum(CALLER_RELATIONS);
export type TCallerRelation = z.infer<typeof ZCallerRelation>;

/**
 * The caller: the one writing or calling. Their name and how to reach them stay in `contact` (it was always the
 * writer's contact). Absent: the caller is the affected person (every intake before this block existed).
 */
export const ZIntakeCaller = z.strictObject({
  relation: z.enum(CALLER_RELATIONS, { error: requiredError }),
});
export type TIntakeCaller = z.infer<typeof ZIntakeCaller>;

/** The caller's relation, with an intake that does not say read as the affected person writing themselves. */
export function callerRelationOf(intake: { caller?: TIntakeCaller | undefined }): TCallerRelation {
  return intake.caller?.relation ?? 'self';
}

const ZIdentifierList = z
  .array(text(MAX_IDENTIFIER_LENGTH, { min: 1 }))
  .max(MAX_IDENTIFIERS_PER_KIND)
  .optional();

export const ZIntakeIdentifiers = z.strictObject({
  phones: ZIdentifierList,
  urls: ZIdentifierList,
  emails: ZIdentifierList,
  names: ZIdentifierList,
  bankAccounts: ZIdentifierList,
});
export type TIntakeIdentifiers = z.infer<typeof ZIntakeIdentifiers>;

export const CONTACT_PREFERENCES = ['none', 'phone', 'email'] as const;
export const ZContactPreference = z.enum(CONTACT_PREFERENCES);

const ZEmailAddress = z.email({ pattern: EMAIL_PATTERN });

const contactShape = {
  preferred: z.enum(CONTACT_PREFERENCES, { error: requiredError }),
  name: text(100).optional(),
  phone: text(30).optional(),
  email: text(254).optional(),
};

type TContactDraft = { preferred: (typeof CONTACT_PREFERENCES)[number]; phone?: string; email?: string };

// People often type with a Japanese IME on, so full-width digits and letters are accepted (NFKC) before checking.
function checkContactFormats(contact: TContactDraft, ctx: z.RefinementCtx): void {
  if (contact.phone && !isPossiblePhoneNumber(contact.phone.normalize('NFKC'), 'JP')) {
    ctx.addIssue({
      code: 'custom',
      path: ['phone'],
      params: { reason: 'phone_format' },
      input: contact.phone,
    });
  }
  if (contact.email && !ZEmailAddress.safeParse(contact.email.normalize('NFKC')).success) {
    ctx.addIssue({ code: 'invalid_format', format: 'email', path: ['email'], input: contact.email });
  }
}

function checkContactRequired(contact: TContactDraft, ctx: z.RefinementCtx): void {
  if (contact.preferred === 'phone' && !contact.phone) {
    ctx.addIssue({
      code: 'custom',
      path: ['phone'],
      params: { reason: 'phone_required' },
      input: contact.phone,
    });
  }
  if (contact.preferred === 'email' && !contact.email) {
    ctx.addIssue({
      code: 'custom',
      path: ['email'],
      params: { reason: 'email_required' },
      input: contact.email,
    });
  }
}

export const ZIntakeContact = z.strictObject(contactShape).superRefine((contact, ctx) => {
  checkContactFormats(contact, ctx);
  checkContactRequired(contact, ctx);
});
export type TIntakeContact = z.infer<typeof ZIntakeContact>;

// While the person is still typing, "you chose phone but gave no number" would only be noise in the preview.
const ZIntakeContactDraft = z.strictObject(contactShape).superRefine(checkContactFormats);

const intakeShape = {
  channel: ZIntakeChannel.default('web'),
  description: text(MAX_DESCRIPTION_LENGTH, { required: true, min: 1 }),
  category: ZTroubleCategory.optional(),
  answers: ZIntakeAnswers.optional(),
  caller: ZIntakeCaller.optional(),
  person: ZIntakePerson.optional(),
  identifiers: ZIntakeIdentifiers.optional(),
  contact: ZIntakeContact.optional(),
  consentToShare: z.boolean().optional(),
};

/** What a person submits. Everything but the description is optional so nobody is blocked from asking for help. */
export const ZIntake = z.strictObject(intakeShape);
export type TIntake = z.output<typeof ZIntake>;
export type TIntakeInput = z.input<typeof ZIntake>;

/**
 * Lenient variant for the live triage preview: the description may be empty or missing, and the contact method is
 * not yet required. Its output is assignable to `TIntake`, so `triage()` can run on it directly.
 */
export const ZIntakeDraft = z.strictObject({
  ...intakeShape,
  description: text(MAX_DESCRIPTION_LENGTH).default(''),
  contact: ZIntakeContactDraft.optional(),
});
export type TIntakeDraft = z.output<typeof ZIntakeDraft>;
export type TIntakeDraftInput = z.input<typeof ZIntakeDraft>;
