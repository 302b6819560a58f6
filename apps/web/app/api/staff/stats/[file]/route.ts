import { type NextRequest } from 'next/server';

import { staffApiDownload } from '../../../../../lib/staff-api';

type TContext = { params: Promise<{ file: string }> };

/** The statistics exports (supervisors and admins; the API checks the role). */
export async function GET(request: NextRequest, context: TContext): Promise<Response> {
  const { file } = await context.params;
  const query = request.nextUrl.searchParams;
  switch (file) {
    case 'stats.csv':
      return staffApiDownload('/stats.csv', { from: query.get('from'), to: query.get('to') });
    case 'referrals.csv':
      return staffApiDownload('/referrals.csv', { from: query.get('from'), to: query.get('to') });
    case 'monthly.pdf':
      return staffApiDownload('/stats/monthly.pdf', { month: query.get('month') });
    default:
      return Response.json({ code: 'not_found' }, { status: 404 });
  }
}
