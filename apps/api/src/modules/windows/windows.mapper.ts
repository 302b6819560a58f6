import type { Prisma, ReferralWindow } from '@madoguchi/db';
import { ZReferralWindow, type TReferralWindow, type TUpdateReferralWindow } from '@madoguchi/shared';

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
    referralEmail: row.referralEmail,
  });
}

/** The columns an admin edit changes; JSON facts are stored as they were validated. */
export function toWindowUpdate(input: TUpdateReferralWindow): Prisma.ReferralWindowUpdateInput {
  return {
    ...(input.name ? { nameJa: input.name.ja, nameEn: input.name.en } : {}),
    ...(input.operator !== undefined ? { operator: input.operator } : {}),
    ...(input.phones !== undefined ? { phones: input.phones as Prisma.InputJsonArray } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.channels !== undefined ? { channels: input.channels } : {}),
    ...(input.hours !== undefined ? { hours: input.hours as Prisma.InputJsonObject } : {}),
    ...(input.closures !== undefined ? { closures: input.closures as Prisma.InputJsonObject } : {}),
    ...(input.eligibility !== undefined ? { eligibility: input.eligibility as Prisma.InputJsonObject } : {}),
    ...(input.categories !== undefined ? { categories: input.categories } : {}),
    ...(input.notes !== undefined ? { notes: input.notes as Prisma.InputJsonObject } : {}),
    ...(input.verified !== undefined ? { verified: input.verified } : {}),
    ...(input.lastVerifiedAt !== undefined
      ? { lastVerifiedAt: new Date(`${input.lastVerifiedAt}T00:00:00Z`) }
      : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.referralEmail !== undefined ? { referralEmail: input.referralEmail } : {}),
  };
}
