import { contract } from '@madoguchi/shared';
import { type NextRequest } from 'next/server';

import { staffFile } from '../../../../../lib/staff-api';
import { auditFilterQuery } from '../../../../../modules/admin/audit-filters';

/** The audit log as CSV, with the audit page's filters (supervisors and admins; the API checks the role). */
export async function GET(request: NextRequest): Promise<Response> {
  // Passed on as given: the API answers what is wrong with a filter.
  return staffFile(contract.audit.exportCsv, {
    query: auditFilterQuery(Object.fromEntries(request.nextUrl.searchParams)),
  });
}
