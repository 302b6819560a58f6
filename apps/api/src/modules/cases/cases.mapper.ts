import type { Prisma } from '@madoguchi/db';
import type {
  TCaseDetail,
  TCaseIdentifierView,
  TCaseLinkView,
  TCaseSummary,
  TQueueFollowUp,
  TTimelineItem,
  TTriageResult,
} from '@madoguchi/shared';
import { SAFETY_FLAG_CODES, type TSafetyFlag, ZCallerRelation } from '@madoguchi/shared';
import type { CaseDetailRow, CaseSummaryRow, SharedCaseRow } from './cases.repository';

function isSafetyFlag(code: string): code is TSafetyFlag {
  return (SAFETY_FLAG_CODES as readonly string[]).includes(code);
}

export function isFollowUpOverdue(row: Pick<CaseSummaryRow, 'followUpAt' | 'status'>, now: Date): boolean {
  return row.followUpAt !== null && row.followUpAt < now && row.status !== 'closed';
}

/** The queue's follow-up (the case's own date or an open referral's, whichever is first). */
export function toQueueFollowUp(
  row: Pick<CaseSummaryRow, 'followUpAt' | 'nextFollowUpAt' | 'status'>,
  now: Date,
): TQueueFollowUp | null {
  const at = row.nextFollowUpAt;
  if (at === null) {
    return null;
  }
  return {
    at: at.toISOString(),
    overdue: at < now && row.status !== 'closed',
    fromReferral: row.followUpAt === null || at < row.followUpAt,
  };
}

export function toCaseSummary(row: CaseSummaryRow, now: Date): TCaseSummary {
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    status: row.status,
    urgency: row.urgency,
    priority: row.priority,
    channel: row.channel,
    pickedCategory: row.pickedCategory,
    suggestedCategories: row.suggestedCategories,
    confirmedCategories: row.confirmedCategories,
    safetyFlags: row.safetyFlags.filter(isSafetyFlag),
    assignee: row.assignee,
    tags: row.tags,
    followUpAt: row.followUpAt?.toISOString() ?? null,
    followUpOverdue: isFollowUpOverdue(row, now),
    summary: row.summary,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

type RegistryMatch = { id: string; kind: string; value: string; source: string; note: string | null };

export function toIdentifierView(
  link: CaseDetailRow['identifiers'][number],
  shared: { counts: Map<string, number>; items: Map<string, SharedCaseRow[]> },
  registry: RegistryMatch[],
): TCaseIdentifierView {
  const { identifier } = link;
  const entry = registry.find((r) => r.kind === identifier.kind && r.value === identifier.value);
  return {
    id: identifier.id,
    kind: identifier.kind,
    value: identifier.value,
    display: identifier.display,
    source: link.source,
    addedAt: link.createdAt.toISOString(),
    otherCases: {
      count: shared.counts.get(identifier.id) ?? 0,
      items: (shared.items.get(identifier.id) ?? []).map((c) => ({
        id: c.id,
        receiptNumber: c.receipt_number,
        status: c.status,
        createdAt: c.created_at.toISOString(),
      })),
    },
    inRegistry: entry !== undefined,
    registry: entry ? { id: entry.id, source: entry.source, note: entry.note } : null,
  };
}

export function toLinkViews(row: CaseDetailRow): TCaseLinkView[] {
  const outgoing = row.linksFrom.map((link) => ({
    ...caseRef(link.to),
    direction: 'outgoing' as const,
    note: link.note,
    linkedAt: link.createdAt.toISOString(),
    linkedById: link.createdById,
  }));
  const incoming = row.linksTo.map((link) => ({
    ...caseRef(link.from),
    direction: 'incoming' as const,
    note: link.note,
    linkedAt: link.createdAt.toISOString(),
    linkedById: link.createdById,
  }));
  return [...outgoing, ...incoming].sort((a, b) => a.linkedAt.localeCompare(b.linkedAt));
}

export function caseRef(row: {
  id: string;
  receiptNumber: string;
  status: TCaseSummary['status'];
  createdAt: Date;
}) {
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toCaseDetail(row: CaseDetailRow, identifiers: TCaseIdentifierView[], now: Date): TCaseDetail {
  const triage = row.triages[0];
  return {
    ...toCaseSummary(row, now),
    personAge: row.personAge,
    prefecture: row.prefecture,
    callerRelation: ZCallerRelation.safeParse(row.callerRelation).data ?? null,
    consentToShare: row.consentToShare,
    // `raw` (the submission as received) stays in the database for audits of normalisation.
    intake: row.intake && {
      description: row.intake.description,
      answers: asObject(row.intake.answers),
      person: asObject(row.intake.person),
      identifiers: asObject(row.intake.identifiers),
      contact: row.intake.contact === null ? null : asObject(row.intake.contact),
      createdAt: row.intake.createdAt.toISOString(),
    },
    triage: triage
      ? {
          id: triage.id,
          ruleSetVersion: triage.ruleSetVersion,
          urgency: triage.urgency,
          result: triage.result as unknown as TTriageResult,
          createdAt: triage.createdAt.toISOString(),
        }
      : null,
    identifiers,
    links: toLinkViews(row),
  };
}

function asObject(value: Prisma.JsonValue): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

type EventRow = {
  id: string;
  kind: TTimelineItem['kind'];
  public: boolean;
  data: Prisma.JsonValue;
  createdAt: Date;
  actor: { id: string; displayName: string } | null;
};

export function eventToTimelineItem(event: EventRow): TTimelineItem {
  const data = asObject(event.data);
  // A call is placed on the timeline when it happened, not when it was written down.
  const occurredAt =
    event.kind === 'contact' && typeof data['occurredAt'] === 'string' ? data['occurredAt'] : null;
  return {
    id: event.id,
    source: 'event',
    kind: event.kind,
    at: occurredAt ? new Date(occurredAt).toISOString() : event.createdAt.toISOString(),
    recordedAt: event.createdAt.toISOString(),
    public: event.public,
    actor: event.actor,
    data,
  };
}

type TriageRow = {
  id: string;
  ruleSetVersion: string;
  urgency: string;
  result: Prisma.JsonValue;
  createdAt: Date;
};

function triageToTimelineItem(row: TriageRow): TTimelineItem {
  return {
    id: row.id,
    source: 'triage',
    kind: 'triage',
    at: row.createdAt.toISOString(),
    recordedAt: row.createdAt.toISOString(),
    public: false,
    actor: null,
    data: { ruleSetVersion: row.ruleSetVersion, urgency: row.urgency, result: row.result },
  };
}

type ReferralRow = {
  id: string;
  referralNumber: string;
  windowSlug: string;
  window: { nameJa: string; nameEn: string };
  reason: string;
  method: string;
  status: string;
  outcomeNote: string | null;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  followUpDueAt: Date | null;
  createdById: string;
  createdAt: Date;
};

/** A referral as it stands now: window, method, status and dates. */
function referralState(row: ReferralRow): Record<string, unknown> {
  return {
    referralId: row.id,
    referralNumber: row.referralNumber,
    windowSlug: row.windowSlug,
    windowName: { ja: row.window.nameJa, en: row.window.nameEn },
    reason: row.reason,
    method: row.method,
    status: row.status,
    outcomeNote: row.outcomeNote,
    sentAt: row.sentAt?.toISOString() ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    followUpDueAt: row.followUpDueAt?.toISOString() ?? null,
  };
}

function referralToTimelineItem(
  row: ReferralRow,
  creators: Map<string, { id: string; displayName: string }>,
): TTimelineItem {
  return {
    id: row.id,
    source: 'referral',
    kind: 'referral',
    at: row.createdAt.toISOString(),
    recordedAt: row.createdAt.toISOString(),
    public: false,
    actor: creators.get(row.createdById) ?? null,
    data: referralState(row),
  };
}

/**
 * One ordered timeline from the three sources. The intake's 'triage' event only summarises the
 * triage run, so the run itself is shown instead. Referral events (one per referral status change,
 * written by the referrals module) carry the referral's current state under `referral`; a referral
 * without any event (written some other way) still appears, as its own item.
 */
export function buildTimeline(sources: {
  events: EventRow[];
  triages: TriageRow[];
  referrals: ReferralRow[];
  creators: { id: string; displayName: string }[];
}): TTimelineItem[] {
  const { events, triages, referrals } = sources;
  const states = new Map(referrals.map((row) => [row.id, referralState(row)]));
  const shown = new Set<string>();
  const eventItems = events
    .filter((event) => event.kind !== 'triage' || triages.length === 0)
    .map((event) => {
      const item = eventToTimelineItem(event);
      const referralId = item.kind === 'referral' ? item.data['referralId'] : undefined;
      const state = typeof referralId === 'string' ? states.get(referralId) : undefined;
      if (typeof referralId !== 'string' || !state) {
        return item;
      }
      shown.add(referralId);
      return { ...item, data: { ...item.data, referral: state } };
    });
  const creators = new Map(sources.creators.map((c) => [c.id, c]));
  return [
    ...triages.map(triageToTimelineItem),
    ...eventItems,
    ...referrals.filter((row) => !shown.has(row.id)).map((row) => referralToTimelineItem(row, creators)),
  ].sort(compareTimelineItems);
}

const SOURCE_ORDER: Record<TTimelineItem['source'], number> = { triage: 0, event: 1, referral: 2 };

/** Oldest first; ties (rows written in one transaction share now()) broken by source, then id. */
export function compareTimelineItems(a: TTimelineItem, b: TTimelineItem): number {
  return (
    a.at.localeCompare(b.at) ||
    SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] ||
    a.recordedAt.localeCompare(b.recordedAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
