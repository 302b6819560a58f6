import { z } from 'zod';
import { ZTroubleCategory } from './category';
import { ZReferralWindow, ZWindowSlug } from './windows';

/**
 * Admin edit of a window (PATCH /windows/:slug): any subset of its facts. The slug is the stable id
 * rules and referrals point at, so it cannot change.
 */
export const ZUpdateReferralWindow = ZReferralWindow.omit({ slug: true })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to update' });
export type TUpdateReferralWindow = z.infer<typeof ZUpdateReferralWindow>;

/** A window as the directory returns it: its facts plus whether it is open at the time of the request. */
export const ZWindowView = ZReferralWindow.extend({
  openNow: z.boolean().nullable(),
  nextOpenAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TWindowView = z.infer<typeof ZWindowView>;

const ZBooleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const ZWindowsQuery = z.strictObject({
  category: ZTroubleCategory.optional(),
  openNow: ZBooleanQuery,
  /** Admins only: also list deactivated windows (to edit or reactivate them). */
  includeInactive: ZBooleanQuery,
});
export type TWindowsQuery = z.infer<typeof ZWindowsQuery>;

export const ZWindowSlugParams = z.strictObject({ slug: ZWindowSlug });
