import {
  DEFAULT_FOLLOWUP_GRACE_DAYS,
  isNoResponseSuspected,
  REFERRAL_STATUS_LABELS,
  ZLocalized,
  ZReferralConsent,
  type TReferral,
  type TReferralFollowUp,
} from '@madoguchi/shared';
import { toPartnerLinkStatus } from './partner-links.service';
import type { FollowUpRow, ReferralRow } from './referrals.repository';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * A stored referral as the API returns it; the JSON columns are validated on the way out. `now` (the API's clock)
 * decides whether its partner link has expired.
 */
export function toReferral(
  row: ReferralRow,
  now: Date,
  graceDays: number = DEFAULT_FOLLOWUP_GRACE_DAYS,
): TReferral {
  const link = row.links[0];
  return {
    id: row.id,
    referralNumber: row.referralNumber,
    caseId: row.caseId,
    window: {
      slug: row.window.slug,
      name: { ja: row.window.nameJa, en: row.window.nameEn },
      active: row.window.active,
      referralEmail: row.window.referralEmail,
    },
    reason: row.reason,
    method: row.method,
    status: row.status,
    statusLabel: REFERRAL_STATUS_LABELS[row.status],
    consent: ZReferralConsent.parse(row.consent),
    warnings: ZLocalized.array().parse(row.warnings),
    outcomeNote: row.outcomeNote,
    sentAt: iso(row.sentAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    closedAt: iso(row.closedAt),
    followUpDueAt: iso(row.followUpDueAt),
    createdById: row.createdById,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    history: row.history.map((change) => ({
      from: change.from,
      to: change.to,
      actorId: change.actorId,
      note: change.note,
      at: change.at.toISOString(),
    })),
    partnerLink: link ? toPartnerLinkStatus(link, row.status, now) : null,
    noResponseSuspected: isNoResponseSuspected(row, now, graceDays),
  };
}

export function toFollowUp(row: FollowUpRow): TReferralFollowUp {
  return {
    id: row.id,
    referralNumber: row.referralNumber,
    status: row.status,
    statusLabel: REFERRAL_STATUS_LABELS[row.status],
    method: row.method,
    // The query only returns rows with a due date.
    followUpDueAt: row.followUpDueAt!.toISOString(),
    sentAt: iso(row.sentAt),
    case: row.case,
    window: { slug: row.window.slug, name: { ja: row.window.nameJa, en: row.window.nameEn } },
  };
}
