import type { ReferralWindow } from '@madoguchi/db';
import { ZReferralWindow, type TReferralWindow } from '@madoguchi/shared';

/** A database row as the domain's ReferralWindow; the row's JSON columns are validated on the way. */
export function toReferralWindow(row: ReferralWindow): TReferralWindow {
  return ZReferralWindow.parse({
    slug: row.slug,
    name: { ja: row.nameJa, en: row.nameEn },
    operator: row.operator,
    phones: row.phones,
    url: row.url,
    channels: row.channels,
    hours: row.hours,
    closures: row.closures,
    eligibility: row.eligibility,
    categories: row.categories,
    notes: row.notes,
    verified: row.verified,
    lastVerifiedAt: row.lastVerifiedAt.toISOString().slice(0, 10),
    active: row.active,
  });
}
