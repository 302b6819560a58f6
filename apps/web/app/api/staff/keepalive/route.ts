import { NextResponse } from 'next/server';

import { getStaffSession } from '../../../../lib/auth';

/**
 * "Stay signed in" from the idle warning. The proxy has already recorded the activity in the session
 * cookie on the way in; this only confirms that the session is still alive.
 */
export async function POST(): Promise<NextResponse> {
  const session = await getStaffSession();
  if (!session) {
    return NextResponse.json({ code: 'unauthenticated' }, { status: 401 });
  }
  return NextResponse.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
