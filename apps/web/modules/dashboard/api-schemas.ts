import { type TStaffUser, ZRole } from '@madoguchi/shared';
import { z } from 'zod';

/*
 * Reply shapes the shared package has as types only (users) or not at all (the directory's view of a
 * window); tied to the shared types with `satisfies` so they cannot drift apart silently.
 */

export const ZStaffUser = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: ZRole,
  active: z.boolean(),
  totpEnabled: z.boolean(),
}) satisfies z.ZodType<TStaffUser>;

export const ZDirectoryEntry = z.object({ id: z.string(), displayName: z.string(), role: ZRole });
export type TDirectoryEntry = z.infer<typeof ZDirectoryEntry>;
