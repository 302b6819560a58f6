import { z } from 'zod';

const ZInstant = z.iso.datetime({ offset: true });

/** Which roles must use a second factor: admins always, the others as an admin sets it. */
export const ZSecurityPolicy = z.object({
  totpRequired: z.object({ counselor: z.boolean(), supervisor: z.boolean(), admin: z.literal(true) }),
});
export type TSecurityPolicy = z.infer<typeof ZSecurityPolicy>;

/** An admin relaxes or restores the second-factor requirement per role (never for admins). */
export const ZUpdateSecurityPolicy = z.strictObject({
  totpRequired: z.strictObject({
    counselor: z.boolean().optional(),
    supervisor: z.boolean().optional(),
  }),
});

/** What the back-off is keyed on besides the client address. */
export const BACKOFF_SCOPES = ['staff_login', 'case_status'] as const;
export type TBackoffScope = (typeof BACKOFF_SCOPES)[number];

/**
 * One back-off entry: what was typed (an e-mail or a receipt number) from which address, never whether an
 * account or case exists. `blockedUntil` is null once the wait is over.
 */
export const ZBackoffEntry = z.object({
  id: z.uuid(),
  scope: z.enum(BACKOFF_SCOPES),
  subject: z.string(),
  ip: z.string(),
  failures: z.int().nonnegative(),
  blockedUntil: ZInstant.nullable(),
  lastFailureAt: ZInstant,
});
export type TBackoffEntry = z.infer<typeof ZBackoffEntry>;

export const ZBackoffList = z.object({ items: z.array(ZBackoffEntry) });

export const ZBackoffIdParams = z.strictObject({ id: z.uuid() });
