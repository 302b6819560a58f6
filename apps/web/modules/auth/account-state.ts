import type { TMe } from '@madoguchi/shared';
import { redirect } from 'next/navigation';

import type { TApiResult } from '../../lib/api-client';
import type { TStaffSession } from '../../lib/auth';
import { apiMe } from './auth-api';

/**
 * GET /auth/me for a page (the account page and the step pages): the account as the API sees it now,
 * which the session cookie may lag behind. A session the API no longer knows ends at the sign-in page;
 * an unreachable API is the page's to show.
 */
export async function readAccount(session: TStaffSession): Promise<TApiResult<TMe>> {
  const me = await apiMe(session.accessToken);
  if (!me.ok && me.error.status === 401) {
    redirect('/login?reason=expired');
  }
  return me;
}
