import { contract } from '@madoguchi/shared';
import { type NextRequest } from 'next/server';

import { staffFile } from '../../../../../lib/staff-api';

type TContext = { params: Promise<{ file: string }> };

/** The statistics exports (supervisors and admins; the API checks the role). */
export async function GET(request: NextRequest, context: TContext): Promise<Response> {
  const { file } = await context.params;
  const query = request.nextUrl.searchParams;
  // Passed on as given (a missing one as empty, which the client leaves out): the API answers what is wrong.
  const period = { from: query.get('from') ?? '', to: query.get('to') ?? '' };
  switch (file) {
    case 'stats.csv':
      return staffFile(contract.stats.csv, { query: period });
    case 'referrals.csv':
      return staffFile(contract.reports.referralRegister, { query: period });
    case 'monthly.pdf':
      return staffFile(contract.stats.monthlyPdf, { query: { month: query.get('month') ?? '' } });
    default:
      return Response.json({ code: 'not_found' }, { status: 404 });
  }
}
