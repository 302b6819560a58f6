import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { UsersAdmin } from '../../../../modules/admin/users-admin';
import { ErrorState } from '../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: '職員の管理 / Users' };

export default async function UsersPage() {
  const session = await requireStaff();
  if (!can(session.role, 'users.manage')) {
    forbidden();
  }
  const users = await staffCall(contract.users.list, {});
  return (
    <div className="stack">
      <h1>
        職員の管理{' '}
        <span lang="en" className="en">
          Users
        </span>
      </h1>
      {users.ok ? (
        <UsersAdmin users={users.data} me={session.sub} />
      ) : (
        <ErrorState message={users.error.message} retryHref="/admin/users" />
      )}
    </div>
  );
}
