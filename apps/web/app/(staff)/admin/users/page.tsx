import { can } from '@madoguchi/shared';
import type { Metadata } from 'next';
import { z } from 'zod';

import { requireStaff } from '../../../../lib/auth';
import { staffApi } from '../../../../lib/staff-api';
import { UsersAdmin } from '../../../../modules/admin/users-admin';
import { ZStaffUser } from '../../../../modules/dashboard/api-schemas';
import { AccessDenied, ErrorState } from '../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: '職員の管理 / Users' };

export default async function UsersPage() {
  const session = await requireStaff();
  if (!can(session.role, 'users.manage')) {
    return <AccessDenied />;
  }
  const users = await staffApi({ path: '/users', schema: z.array(ZStaffUser) });
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
