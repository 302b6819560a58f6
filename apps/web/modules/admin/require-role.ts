import type { TRole } from '@madoguchi/shared';

import { hasRole, requireStaff, type TStaffSession } from '../../lib/auth';
import { invalid, type TActionResult } from '../dashboard/action-result';

/** For server actions: the session when the role fits, otherwise a failure to show (the API checks too). */
export async function requireRoleForAction(
  roles: readonly TRole[],
): Promise<{ ok: true; session: TStaffSession } | { ok: false; result: TActionResult<never> }> {
  const session = await requireStaff();
  if (!hasRole(session, roles)) {
    return {
      ok: false,
      result: invalid([], { ja: 'この操作をする権限がありません。', en: 'You are not allowed to do this.' }),
    };
  }
  return { ok: true, session };
}
