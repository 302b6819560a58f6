import { z } from 'zod';

import { hasForbiddenControlCharacters } from './intake.schema';
import { ZResponseTargets } from './response-targets';
import { ZClosures, ZOpeningHours } from './windows';

const DESK_HOURS_KINDS: ReadonlySet<string> = new Set(['weekly', 'always']);

/**
 * The desk's own opening hours, in a window's shape so the directory's hours logic reads them. Only hours
 * that can open: a desk whose hours are unknown or "none" could never meet a desk-hours target.
 */
export const ZDeskSchedule = z.strictObject({
  hours: ZOpeningHours.refine((hours) => DESK_HOURS_KINDS.has(hours.kind), {
    message: 'the desk must have opening hours (weekly or always)',
  }),
  closures: ZClosures,
});
export type TDeskSchedule = z.infer<typeof ZDeskSchedule>;

/** What an admin sets for the desk (GET and PUT /desk/settings): its hours and a response target per urgency. */
export const ZDeskSettings = z.strictObject({
  schedule: ZDeskSchedule,
  targets: ZResponseTargets,
});
export type TDeskSettings = z.infer<typeof ZDeskSettings>;

function identityText(max: number, min = 0) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !hasForbiddenControlCharacters(value), {
      params: { reason: 'control_characters' },
    });
}

/**
 * The desk's own name and contact details, printed as the sender on referral letters and the person's copy
 * (GET and PUT /desk/identity). An empty address, phone or e-mail is left off the letter.
 */
export const ZDeskIdentity = z.strictObject({
  name: identityText(100, 1),
  address: identityText(200),
  phone: identityText(40),
  email: z.union([z.literal(''), z.email().max(254)]),
});
export type TDeskIdentity = z.infer<typeof ZDeskIdentity>;

export const DESK_IDENTITY_PLACEHOLDER_FIELDS = ['name', 'address', 'phone'] as const;
export type TDeskIdentityPlaceholderField = (typeof DESK_IDENTITY_PLACEHOLDER_FIELDS)[number];

/**
 * The identity in use: saved by an admin (`settings`), else the CENTRE_* environment (`env`). `placeholders`
 * names the fields still holding the example values shipped with Madoguchi: a letter sent with them would
 * give the window a desk that does not exist.
 */
export const ZDeskIdentityView = z.strictObject({
  identity: ZDeskIdentity,
  source: z.enum(['settings', 'env']),
  placeholders: z.array(z.enum(DESK_IDENTITY_PLACEHOLDER_FIELDS)),
});
export type TDeskIdentityView = z.infer<typeof ZDeskIdentityView>;
