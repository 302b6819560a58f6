import { z } from 'zod';

import { CASE_STATUSES, ZCaseStatus } from './case-status';
import { ZIntakeChannel, ZTroubleCategory, ZUrgency } from './category';
import {
  hasForbiddenControlCharacters,
  REQUIRED_MESSAGE,
  ZIntake,
  type TIntakeCustomReason,
  withinDateRange,
  ZCallerRelation,
} from './intake.schema';
import { ZIdentifierKind } from './normalize';
import { MAX_SEARCH_QUERY_LENGTH } from './search';
import { ZSafetyFlag, ZTriageResult } from './triage/triage.types';

/* ------------------------------------------------------------------------------------------------
 * Requests (staff case API). Messages for every issue come from `toFieldErrors`.
 * ---------------------------------------------------------------------------------------------- */

export const MAX_CASE_PAGE_SIZE = 100;
export const DEFAULT_CASE_PAGE_SIZE = 25;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
export const MAX_NOTE_LENGTH = 10_000;
export const MAX_REASON_LENGTH = 1000;
export const MAX_SUMMARY_LENGTH = 2000;
export const MAX_PUBLIC_MESSAGE_LENGTH = 2000;

/** Trimmed text that refuses control characters (same rule as the intake form); the staff forms' text fields. */
export function caseText(max: number, min = 0) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), {
      params: { reason: 'control_characters' satisfies TIntakeCustomReason },
    });
}

/** A reason that must be given for the change (closing, reopening, overriding triage…). */
const ZReason = caseText(MAX_REASON_LENGTH, 1);

/** Tags are compared case- and width-insensitively: 「要折返し」 and 「要折返し」 typed twice are one tag. */
export const ZCaseTag = caseText(MAX_TAG_LENGTH, 1).transform((tag) => tag.normalize('NFKC').toLowerCase());

/** The case version the client read; a stale one is refused (409 version_conflict). */
export const ZCaseVersion = z.int().min(1);

/** `status=new&status=triaged` or `status=new,triaged`: query strings carry lists both ways. */
function queryList<T extends z.ZodType<unknown, string>>(item: T, max: number) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((part) => part.split(','))
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item).max(max))
    .transform((values) => [...new Set(values)] as z.output<T>[]);
}

const ZQueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');
/** A query string's 'true'/'false', or a JSON boolean in a request body. */
const ZFlag = z.union([z.boolean(), ZQueryBoolean]);

/** A calendar day (the whole day in Japan time) or an instant with an offset. */
const ZDateOrInstant = withinDateRange(z.union([z.iso.date(), z.iso.datetime({ offset: true })]));

/** The queue's filters and paging: the query of GET /cases and, with the search term, the body of POST /cases/search. */
const caseFilterShape = {
  status: queryList(ZCaseStatus, CASE_STATUSES.length).optional(),
  urgency: queryList(ZUrgency, 4).optional(),
  priority: queryList(ZUrgency, 4).optional(),
  /** The counselor-confirmed categories when there are any, otherwise triage's suggestion. */
  category: queryList(ZTroubleCategory, 20).optional(),
  /** `me`, `unassigned` or a staff user's id. */
  assignee: z.union([z.literal('me'), z.literal('unassigned'), z.uuid()]).optional(),
  channel: queryList(ZIntakeChannel, 5).optional(),
  /** Created at or after (a date: from 00:00 Japan time). */
  from: ZDateOrInstant.optional(),
  /** Created at or before (a date: the whole day, Japan time). */
  to: ZDateOrInstant.optional(),
  /** Open cases whose follow-up date has passed. */
  followUpOverdue: ZFlag.optional(),
  /** Cases carrying every one of these tags. */
  tag: queryList(ZCaseTag, 10).optional(),
  /** `nextCursor` of the previous page. */
  cursor: z
    .string()
    .max(300)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CASE_PAGE_SIZE).default(DEFAULT_CASE_PAGE_SIZE),
  /** Also return the dashboard counts (same as GET /cases/counts). */
  counts: ZFlag.optional(),
};

/**
 * GET /cases. A search term is refused here: phone numbers and names in a URL end up in access logs, proxies
 * and browser history, so the term travels only in the body of POST /cases/search. The refusal names that
 * route, so a client that still sends `q` learns where it goes instead of having it silently ignored.
 */
export const ZCaseQuery = z.strictObject({
  ...caseFilterShape,
  /**
   * `queue` (default): priority, then oldest first. `due`: by the time left on the response target, soonest
   * (and overdue) first; cases already answered come last. A cursor continues the order it was made in.
   */
  sort: z.enum(['queue', 'due']).optional(),
  q: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .refine((value) => value === undefined, {
      params: { reason: 'search_in_body' satisfies TIntakeCustomReason },
    })
    .transform(() => undefined)
    .meta({
      deprecated: true,
      description: 'Refused (400 search_in_body): send the search term in the body of POST /cases/search',
    }),
});
export type TCaseQuery = z.output<typeof ZCaseQuery>;
export type TCaseQueryInput = z.input<typeof ZCaseQuery>;

/** POST /cases/search: the queue's filters and paging, and the words that must all occur. */
export const ZCaseSearch = z.strictObject({
  ...caseFilterShape,
  /** Words that must all occur in the description, notes, identifiers or contact details. */
  q: z.string().trim().min(1).max(MAX_SEARCH_QUERY_LENGTH),
});
export type TCaseSearch = z.output<typeof ZCaseSearch>;
export type TCaseSearchInput = z.input<typeof ZCaseSearch>;

// Marks a missing field the way the intake schema does, so `toFieldErrors` says "please fill this in".
function requireField(ctx: z.RefinementCtx, path: string): void {
  ctx.addIssue({
    code: 'invalid_type',
    expected: 'string',
    path: [path],
    message: REQUIRED_MESSAGE,
    input: undefined,
  });
}

/** PATCH /cases/:id. Every field is optional; the version may come in `If-Match` instead. */
export const ZCaseUpdate = z
  .strictObject({
    version: ZCaseVersion.optional(),
    /** `me`, a staff user's id, or null to unassign. */
    assigneeId: z
      .union([z.literal('me'), z.uuid()])
      .nullable()
      .optional(),
    priority: ZUrgency.optional(),
    /** Required with `priority`: the working priority departs from triage only for a stated reason. */
    priorityReason: ZReason.optional(),
    tags: z.array(ZCaseTag).max(MAX_TAGS).optional(),
    followUpAt: z.iso.datetime({ offset: true }).nullable().optional(),
    summary: caseText(MAX_SUMMARY_LENGTH).nullable().optional(),
  })
  .superRefine((update, ctx) => {
    if (update.priority !== undefined && update.priorityReason === undefined) {
      requireField(ctx, 'priorityReason');
    }
    const { version: _version, priorityReason: _reason, ...changes } = update;
    if (Object.values(changes).every((value) => value === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Nothing to change', input: update });
    }
  });
export type TCaseUpdate = z.output<typeof ZCaseUpdate>;
export type TCaseUpdateInput = z.input<typeof ZCaseUpdate>;

/** POST /cases/:id/status. Closing and reopening need a reason (checked with the current status). */
export const ZCaseStatusChange = z.strictObject({
  status: ZCaseStatus,
  reason: ZReason.optional(),
  version: ZCaseVersion.optional(),
});
export type TCaseStatusChange = z.output<typeof ZCaseStatusChange>;
export type TCaseStatusChangeInput = z.input<typeof ZCaseStatusChange>;

/** PUT /cases/:id/categories. Differing from triage's suggestion needs a reason (rule accuracy). */
export const ZConfirmCategories = z.strictObject({
  categories: z
    .array(ZTroubleCategory)
    .min(1)
    .max(5)
    .transform((codes) => [...new Set(codes)]),
  reason: ZReason.optional(),
  version: ZCaseVersion.optional(),
});
export type TConfirmCategories = z.output<typeof ZConfirmCategories>;
export type TConfirmCategoriesInput = z.input<typeof ZConfirmCategories>;

/** An internal note: staff only, never on the person's status page. */
export const ZCaseNote = z.strictObject({ body: caseText(MAX_NOTE_LENGTH, 1) });
export type TCaseNote = z.output<typeof ZCaseNote>;

export const CONTACT_DIRECTIONS = ['in', 'out'] as const;
export const CONTACT_CHANNELS = ['phone', 'email', 'other'] as const;

/** A call or e-mail with the person, logged after the fact. */
export const ZContactLog = z.strictObject({
  direction: z.enum(CONTACT_DIRECTIONS),
  channel: z.enum(CONTACT_CHANNELS),
  occurredAt: z.iso.datetime({ offset: true }),
  durationMinutes: z
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  summary: caseText(MAX_NOTE_LENGTH, 1),
});
export type TContactLog = z.output<typeof ZContactLog>;
export type TContactLogInput = z.input<typeof ZContactLog>;

/** A message shown on the person's status page (named apart from the status page's ZPublicMessage). */
export const ZCreatePublicMessage = z.strictObject({ body: caseText(MAX_PUBLIC_MESSAGE_LENGTH, 1) });
export type TCreatePublicMessage = z.output<typeof ZCreatePublicMessage>;

export const ZCaseLinkCreate = z.strictObject({
  linkedCaseId: z.uuid(),
  note: caseText(500).optional(),
});
export type TCaseLinkCreate = z.output<typeof ZCaseLinkCreate>;

/** An identifier a counselor adds (e.g. the number the caller reads out); normalised like intake's. */
export const ZCaseIdentifierCreate = z.strictObject({
  kind: ZIdentifierKind,
  value: caseText(200, 1),
});
export type TCaseIdentifierCreate = z.output<typeof ZCaseIdentifierCreate>;

/** POST /cases: a counselor records a phone (or walk-in…) consultation with the intake form. */
export const ZCaseCreate = ZIntake.extend({ channel: ZIntakeChannel.default('phone') });
export type TCaseCreate = z.output<typeof ZCaseCreate>;
export type TCaseCreateInput = z.input<typeof ZCaseCreate>;

export const ZCaseIdParams = z.strictObject({ id: z.uuid() });
export const ZCaseLinkParams = z.strictObject({ id: z.uuid(), linkedCaseId: z.uuid() });
export const ZCaseIdentifierParams = z.strictObject({ id: z.uuid(), identifierId: z.uuid() });

/* ------------------------------------------------------------------------------------------------
 * Responses
 * ---------------------------------------------------------------------------------------------- */

export const CASE_EVENT_KINDS = [
  'triage',
  'status_change',
  'note',
  'contact',
  'public_message',
  'referral',
  'assignment',
  'priority_change',
  'category_change',
  'person_reply',
] as const;
export const ZCaseEventKind = z.enum(CASE_EVENT_KINDS);
export type TCaseEventKind = z.infer<typeof ZCaseEventKind>;

const ZStaffRef = z.object({ id: z.string(), displayName: z.string() });

/** Instants in replies: ISO 8601 with an offset (the API writes UTC, `…Z`). */
const ZInstant = z.iso.datetime({ offset: true });

export const ZCaseSummary = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  status: ZCaseStatus,
  urgency: ZUrgency,
  priority: ZUrgency,
  channel: ZIntakeChannel,
  pickedCategory: z.string().nullable(),
  suggestedCategories: z.array(z.string()),
  confirmedCategories: z.array(z.string()),
  /** Danger now, self-harm, threat to life, intimate images: shown on the row so they are never missed. */
  safetyFlags: z.array(ZSafetyFlag),
  assignee: ZStaffRef.nullable(),
  tags: z.array(z.string()),
  followUpAt: ZInstant.nullable(),
  followUpOverdue: z.boolean(),
  summary: z.string().nullable(),
  version: z.int(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  closedAt: ZInstant.nullable(),
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;

const statusCounts = Object.fromEntries(CASE_STATUSES.map((s) => [s, z.int()])) as Record<
  (typeof CASE_STATUSES)[number],
  z.ZodInt
>;

export const ZCaseCounts = z.object({
  byStatus: z.object(statusCounts),
  /** Not closed. */
  open: z.int(),
  openByPriority: z.object({ emergency: z.int(), high: z.int(), normal: z.int(), low: z.int() }),
  unassignedOpen: z.int(),
  assignedToMeOpen: z.int(),
  followUpOverdue: z.int(),
});
export type TCaseCounts = z.infer<typeof ZCaseCounts>;

/**
 * Where a case stands against the desk's response target for its priority (responseState in
 * response-targets.ts), as of the request.
 */
export const ZCaseResponse = z.object({
  /** Null when the desk's hours never open, so no due time exists. */
  dueAt: ZInstant.nullable(),
  /** Wall-clock time since the case arrived, until its first staff response. */
  waitingMs: z.int(),
  /** Negative when overdue; null without a due time. */
  leftMs: z.int().nullable(),
  overdue: z.boolean(),
  /** Arrived while the desk was closed: "on time" may still mean nobody has seen it. */
  arrivedWhileClosed: z.boolean(),
  /** Once answered: whether the first response came by the due time; null until then. */
  met: z.boolean().nullable(),
});
export type TCaseResponse = z.infer<typeof ZCaseResponse>;

/**
 * The queue's follow-up: the earliest of the case's own follow-up date and the follow-up due dates of its
 * sent or acknowledged referrals (a referral's 7-day check shows on the row).
 */
export const ZQueueFollowUp = z.object({
  at: ZInstant,
  /** Past and the case is open. */
  overdue: z.boolean(),
  /** The date is a referral's follow-up, not the case's own. */
  fromReferral: z.boolean(),
});
export type TQueueFollowUp = z.infer<typeof ZQueueFollowUp>;

/** A row of the queue: the summary, its response target and its next follow-up. */
export const ZCaseListItem = ZCaseSummary.extend({
  response: ZCaseResponse,
  followUp: ZQueueFollowUp.nullable(),
  /**
   * The start of what the person wrote, one line of plain text (queueExcerpt: at most 60 characters
   * and an ellipsis, control characters removed, e-mail addresses and phone numbers masked); null
   * without a description. The full text is on the case page.
   */
  excerpt: z.string().max(200).nullable(),
});
export type TCaseListItem = z.infer<typeof ZCaseListItem>;

export const ZCaseList = z.object({
  items: z.array(ZCaseListItem),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  counts: ZCaseCounts.optional(),
});
export type TCaseList = z.infer<typeof ZCaseList>;

const ZCaseRef = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  status: ZCaseStatus,
  createdAt: ZInstant,
});

/** How many cases are shown per shared identifier; `count` is always the full number. */
export const SHARED_CASES_SHOWN = 10;

export const ZCaseIdentifierView = z.object({
  id: z.string(),
  kind: ZIdentifierKind,
  value: z.string(),
  display: z.string(),
  /** intake | text (found in the description) | counselor */
  source: z.string(),
  addedAt: ZInstant,
  /** Other cases with the same identifier (newest first, at most SHARED_CASES_SHOWN listed). */
  otherCases: z.object({ count: z.int(), items: z.array(ZCaseRef) }),
  inRegistry: z.boolean(),
  registry: z.object({ id: z.string(), source: z.string(), note: z.string().nullable() }).nullable(),
});
export type TCaseIdentifierView = z.infer<typeof ZCaseIdentifierView>;

/** The case's identifiers after one was added (POST /cases/:id/identifiers). */
export const ZCaseIdentifiers = z.object({ identifiers: z.array(ZCaseIdentifierView) });
export type TCaseIdentifiers = z.infer<typeof ZCaseIdentifiers>;

export const ZCaseLinkView = ZCaseRef.extend({
  /** outgoing: linked from this case; incoming: another case linked to this one. */
  direction: z.enum(['outgoing', 'incoming']),
  note: z.string().nullable(),
  linkedAt: ZInstant,
  linkedById: z.string().nullable(),
});
export type TCaseLinkView = z.infer<typeof ZCaseLinkView>;

export const ZCaseDetail = ZCaseSummary.extend({
  personAge: z.int().nullable(),
  prefecture: z.string().nullable(),
  /** Who wrote or called about the affected person (personAge, prefecture); null: not asked, read as self. */
  callerRelation: ZCallerRelation.nullable(),
  consentToShare: z.boolean(),
  intake: z
    .object({
      description: z.string(),
      answers: z.record(z.string(), z.unknown()),
      person: z.record(z.string(), z.unknown()),
      identifiers: z.record(z.string(), z.unknown()),
      contact: z.record(z.string(), z.unknown()).nullable(),
      createdAt: ZInstant,
    })
    .nullable(),
  /** The latest triage run. */
  triage: z
    .object({
      id: z.string(),
      ruleSetVersion: z.string(),
      urgency: ZUrgency,
      result: ZTriageResult,
      createdAt: ZInstant,
    })
    .nullable(),
  identifiers: z.array(ZCaseIdentifierView),
  links: z.array(ZCaseLinkView),
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseCreated = z.object({
  /** Read both to the caller: they are how the person checks the status page. Shown once. */
  receiptNumber: z.string(),
  accessCode: z.string(),
  case: ZCaseDetail,
});
export type TCaseCreated = z.infer<typeof ZCaseCreated>;

export const TIMELINE_SOURCES = ['event', 'triage', 'referral'] as const;

export const ZTimelineItem = z.object({
  id: z.string(),
  /** event: a case_events row; triage: a triage run; referral: a referral to an outside window. */
  source: z.enum(TIMELINE_SOURCES),
  kind: ZCaseEventKind,
  /** When it happened (a contact's occurredAt; otherwise when it was recorded). Sort key. */
  at: ZInstant,
  recordedAt: ZInstant,
  /** Shown on the person's status page. */
  public: z.boolean(),
  actor: ZStaffRef.nullable(),
  data: z.record(z.string(), z.unknown()),
  /** Set on the items of a duplicate merged into this case: the duplicate they were recorded on. */
  fromCase: z.object({ id: z.string(), receiptNumber: z.string() }).optional(),
});
export type TTimelineItem = z.infer<typeof ZTimelineItem>;

export const ZCaseTimeline = z.object({ items: z.array(ZTimelineItem) });
export type TCaseTimeline = z.infer<typeof ZCaseTimeline>;
