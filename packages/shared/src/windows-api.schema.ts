import { z } from 'zod';
import { ZReferralWindow } from './windows';

/**
 * Admin edit of a window (PATCH /windows/:slug): any subset of its facts. The slug is the stable id
 * rules and referrals point at, so it cannot change.
 */
export const ZUpdateReferralWindow = ZReferralWindow.omit({ slug: true })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to update' });
export type TUpdateReferralWindow = z.infer<typeof ZUpdateReferralWindow>;
