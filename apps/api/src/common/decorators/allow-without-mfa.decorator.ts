import { SetMetadata } from '@nestjs/common';

export const ALLOW_WITHOUT_MFA_KEY = 'madoguchi:allow-without-mfa';
export const ALLOW_WITH_TEMPORARY_PASSWORD_KEY = 'madoguchi:allow-with-temporary-password';

/**
 * Routes a staff member whose role requires two-factor may use before enrolling (sign out, see
 * themselves, change the password, enrol). Everything else answers 403 until they enrol.
 */
export const AllowWithoutMfa = () => SetMetadata(ALLOW_WITHOUT_MFA_KEY, true);

/**
 * Routes usable while the password is still a temporary one (sign out, see themselves, change it).
 * Everything else answers 403 until the password is changed.
 */
export const AllowWithTemporaryPassword = () => SetMetadata(ALLOW_WITH_TEMPORARY_PASSWORD_KEY, true);
