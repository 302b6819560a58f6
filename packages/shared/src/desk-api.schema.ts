import { z } from 'zod';

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
