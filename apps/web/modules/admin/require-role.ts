import { can, type TPermission } from '@madoguchi/shared';

import { requireStaff, type TStaffSession } from '../../lib/auth';
import { invalid, type TActionResult } from '../dashboard/action-result';

/** For server actions: the session when its role has the permission, otherwise a failure to show (the API checks too). */
export async function requirePermissionForAction(
  permission: TPermission,
): Promise<{ ok: true; session: TStaffSession } | { ok: false; result: TActionResult<never> }> {
  const session = await requireStaff();
  if (!can(session.role, permission)) {
    return {
      ok: false,
      result: invalid([], { ja: 'この操作をする権限がありません。', en: 'You are not allowed to do this.' }),
    };
  }
  return { ok: true, session };
}
