import { SetMetadata } from '@nestjs/common';

export const ALLOW_WITHOUT_MFA_KEY = 'madoguchi:allow-without-mfa';

/**
 * Routes an admin who has not enrolled two-factor yet may still use (sign out, see themselves,
 * enrol). Two-factor is required for admins: everything else answers 403 until they enrol.
 */
export const AllowWithoutMfa = () => SetMetadata(ALLOW_WITHOUT_MFA_KEY, true);
