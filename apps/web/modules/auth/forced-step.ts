import type { TErrorReason } from '@madoguchi/shared';

import type { TStaffToken } from './session-token';

/*
 * A session the API restricts until its owner finishes a step: first the change of a temporary password, then
 * the enrolment of TOTP when the role requires it. The API refuses everything else (403 password_change_required
 * or mfa_enrolment_required); the web app sends such staff straight to the one page where they can finish
 * (proxy.ts for pages, lib/auth.ts requireStaff for pages and server actions, lib/staff-api.ts for API replies).
 */

export const FORCED_STEPS = ['password_change', 'mfa_enrolment'] as const;
export type TForcedStep = (typeof FORCED_STEPS)[number];

export const PASSWORD_CHANGE_PATH = '/account/password';
export const ENROLMENT_PATH = '/login/enrol';

type TFlags = Pick<TStaffToken, 'passwordChangeRequired' | 'mfaEnrolmentRequired'>;

/** The step this session must finish first (the password before TOTP), or null for a full session. */
export function forcedStep(flags: TFlags): TForcedStep | null {
  if (flags.passwordChangeRequired) {
    return 'password_change';
  }
  if (flags.mfaEnrolmentRequired) {
    return 'mfa_enrolment';
  }
  return null;
}

export function forcedStepPath(step: TForcedStep): string {
  switch (step) {
    case 'password_change':
      return PASSWORD_CHANGE_PATH;
    case 'mfa_enrolment':
      return ENROLMENT_PATH;
    default:
      return step satisfies never;
  }
}

/** Where a restricted session must go instead of `pathname`, or null when it may stay there. */
export function forcedRedirect(flags: TFlags, pathname: string): string | null {
  const step = forcedStep(flags);
  if (!step) {
    return null;
  }
  const target = forcedStepPath(step);
  return pathname === target ? null : target;
}

const STEP_OF_REASON = new Map<string, TForcedStep>([
  ['password_change_required' satisfies TErrorReason, 'password_change'],
  ['mfa_enrolment_required' satisfies TErrorReason, 'mfa_enrolment'],
]);

/** The API's answer to a restricted session (a 403 with that details.reason), as the step it asks for. */
export function forcedStepOfApiError(error: { status: number; reason?: string }): TForcedStep | null {
  return (error.status === 403 && error.reason && STEP_OF_REASON.get(error.reason)) || null;
}
