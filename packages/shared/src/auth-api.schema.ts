import { z } from 'zod';

export const ROLES = ['counselor', 'supervisor', 'admin'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'invalid_email');

export const ZLoginRequest = z.strictObject({
  email: ZEmail,
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

export const ZCreateUser = z.strictObject({
  email: ZEmail,
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

/** An admin relaxes or restores the second-factor requirement per role (never for admins). */
export const ZUpdateSecurityPolicy = z.strictObject({
  totpRequired: z.strictObject({
    counselor: z.boolean().optional(),
    supervisor: z.boolean().optional(),
  }),
});

export type TAuthTokens = {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
};

export type TStaffUser = {
  id: string;
  email: string;
  displayName: string;
  role: TRole;
  active: boolean;
  totpEnabled: boolean;
};

export type TLoginResult =
  | ({
      mfaRequired: false;
      user: TStaffUser;
      mfaEnrolmentRequired: boolean;
      passwordChangeRequired: boolean;
    } & TAuthTokens)
  | { mfaRequired: true; mfaToken: string; mfaExpiresAt: string };
