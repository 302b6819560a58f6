import { forcedRedirect, forcedStep, forcedStepOfApiError } from './forced-step';

const FULL = { passwordChangeRequired: false, mfaEnrolmentRequired: false };

describe('forcedStep / forcedRedirect', () => {
  it('leaves a full session wherever it is', () => {
    expect(forcedStep(FULL)).toBeNull();
    expect(forcedRedirect(FULL, '/cases')).toBeNull();
    expect(forcedRedirect(FULL, '/login/enrol')).toBeNull();
  });

  it('sends someone with a temporary password to the password change, before any enrolment', () => {
    const flags = { passwordChangeRequired: true, mfaEnrolmentRequired: true };
    expect(forcedStep(flags)).toBe('password_change');
    expect(forcedRedirect(flags, '/cases')).toBe('/account/password');
    expect(forcedRedirect(flags, '/account')).toBe('/account/password');
    expect(forcedRedirect(flags, '/login/enrol')).toBe('/account/password');
    expect(forcedRedirect(flags, '/account/password')).toBeNull();
  });

  it('keeps someone who must enrol on the enrolment page once the password is changed', () => {
    const flags = { passwordChangeRequired: false, mfaEnrolmentRequired: true };
    expect(forcedStep(flags)).toBe('mfa_enrolment');
    expect(forcedRedirect(flags, '/admin/users')).toBe('/login/enrol');
    expect(forcedRedirect(flags, '/account/password')).toBe('/login/enrol');
    expect(forcedRedirect(flags, '/login/enrol')).toBeNull();
  });
});

describe('forcedStepOfApiError', () => {
  it('reads the step from details.reason of a 403', () => {
    expect(forcedStepOfApiError({ status: 403, reason: 'password_change_required' })).toBe('password_change');
    expect(forcedStepOfApiError({ status: 403, reason: 'mfa_enrolment_required' })).toBe('mfa_enrolment');
  });

  it('ignores other refusals', () => {
    expect(forcedStepOfApiError({ status: 403 })).toBeNull();
    expect(forcedStepOfApiError({ status: 403, reason: 'totp_required_for_role' })).toBeNull();
    expect(forcedStepOfApiError({ status: 401, reason: 'password_change_required' })).toBeNull();
  });
});
