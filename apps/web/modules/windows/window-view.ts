import { ZReferralWindow } from '@madoguchi/shared';
import { z } from 'zod';

/** A window as the API's directory returns it: the shared shape plus whether it is open at request time. */
export const ZWindowView = ZReferralWindow.extend({
  openNow: z.boolean().nullable(),
  nextOpenAt: z.iso.datetime().nullable(),
});
export type TWindowView = z.infer<typeof ZWindowView>;
