import { z } from 'zod';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ZRole, ZStaffEmail, ZStaffUser } from './auth-api.schema';

const ZInstant = z.iso.datetime({ offset: true });

export const ZCreateUser = z.strictObject({
  email: ZStaffEmail,
  displayName: z.string().trim().min(1).max(100),
  role: ZRole,
  /** Omitted: a temporary password is generated and returned once. */
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH).optional(),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: ZRole.optional(),
});

export const ZResetPassword = z.strictObject({
  /** Also remove two-factor enrolment (lost phone). */
  resetTotp: z.boolean().optional(),
});

export const ZUserIdParams = z.strictObject({ id: z.uuid() });

/** Active staff, names and roles only: what assignee pickers and the audit log's actor filter show. */
export const ZDirectoryEntry = z.object({ id: z.uuid(), displayName: z.string(), role: ZRole });
export type TDirectoryEntry = z.infer<typeof ZDirectoryEntry>;

/** A one-time two-factor enrolment code, for the admin to hand over apart from the password. */
export const ZEnrolmentCode = z.object({ enrolmentCode: z.string(), enrolmentCodeExpiresAt: ZInstant });

/**
 * A new account. Its password is temporary either way; `temporaryPassword` is null when the admin typed it
 * (they know it already). Codes and passwords appear in this reply only: the API keeps hashes.
 */
export const ZUserCreated = ZEnrolmentCode.extend({
  user: ZStaffUser,
  temporaryPassword: z.string().nullable(),
  temporaryPasswordExpiresAt: ZInstant,
});
export type TUserCreated = z.infer<typeof ZUserCreated>;

/** A reset password; an enrolment code too unless two-factor stays enrolled (then both are null). */
export const ZPasswordReset = z.object({
  user: ZStaffUser,
  temporaryPassword: z.string(),
  temporaryPasswordExpiresAt: ZInstant,
  enrolmentCode: z.string().nullable(),
  enrolmentCodeExpiresAt: ZInstant.nullable(),
});
export type TPasswordReset = z.infer<typeof ZPasswordReset>;
