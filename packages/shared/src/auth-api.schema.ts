import { z } from 'zod';

export const ROLES = ['counselor', 'supervisor', 'admin'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** An e-mail address as typed at sign-in or by an admin: trimmed, lower-cased. */
export const ZStaffEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'invalid_email');

export const ZLoginRequest = z.strictObject({
  email: ZStaffEmail,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

/** Second step when TOTP is enrolled: a 6-digit code or one of the recovery codes. */
export const ZLoginTotpRequest = z.strictObject({
  mfaToken: z.string().min(20).max(200),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/)
    .optional(),
  recoveryCode: z.string().trim().min(8).max(40).optional(),
});
export type TLoginTotpRequest = z.infer<typeof ZLoginTotpRequest>;

export const ZRefreshRequest = z.strictObject({ refreshToken: z.string().min(20).max(200) });

export const ZTotpCode = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

/** Enrolling TOTP from a restricted session needs the one-time code an admin issued. */
export const ZStartTotpEnrolment = z.strictObject({
  enrolmentCode: z.string().trim().min(1).max(40).optional(),
});

export const ZChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});

const ZInstant = z.iso.datetime({ offset: true });

/** A staff account as the API shows it (never a hash or a secret). */
export const ZStaffUser = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: ZRole,
  active: z.boolean(),
  totpEnabled: z.boolean(),
});
export type TStaffUser = z.infer<typeof ZStaffUser>;

export const ZAuthTokens = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessExpiresAt: ZInstant,
  refreshExpiresAt: ZInstant,
});
export type TAuthTokens = z.infer<typeof ZAuthTokens>;

/** What a session may do before anything else: change a temporary password, enrol TOTP. */
const restrictions = {
  /** The role requires TOTP and the user has not enrolled: the session may only enrol. */
  mfaEnrolmentRequired: z.boolean(),
  /** Signed in with a temporary password: the session may only change it. */
  passwordChangeRequired: z.boolean(),
};

/** Signed in: the session's tokens, who it is, and the step it must finish first, if any. */
export const ZSignedIn = ZAuthTokens.extend({
  mfaRequired: z.literal(false),
  user: ZStaffUser,
  ...restrictions,
});
export type TSignedIn = z.infer<typeof ZSignedIn>;

/** The password was right and TOTP is enrolled: the second step takes this token. */
export const ZMfaChallenge = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string().min(1),
  mfaExpiresAt: ZInstant,
});

export const ZLoginReply = z.discriminatedUnion('mfaRequired', [ZSignedIn, ZMfaChallenge]);
export type TLoginResult = z.infer<typeof ZLoginReply>;

export const ZRefreshReply = ZAuthTokens.extend({ user: ZStaffUser });
export type TRefreshReply = z.infer<typeof ZRefreshReply>;

/** GET /auth/me: who is signed in, what the session must still do, and the state of two-factor. */
export const ZMe = ZStaffUser.extend({
  ...restrictions,
  /** The role's policy: when true, two-factor cannot be turned off. */
  totpRequiredForRole: z.boolean(),
  recoveryCodesLeft: z.int().nonnegative(),
});
export type TMe = z.infer<typeof ZMe>;

/** A new TOTP secret and its otpauth:// URI, for the authenticator app (shown as a QR code). */
export const ZTotpEnrolment = z.object({
  secret: z.string().min(16),
  otpauthUri: z.string().startsWith('otpauth://'),
});

/** Recovery codes, shown once. */
export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()).min(1) });
