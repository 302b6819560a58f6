import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { staffFile } from '../../../../../../lib/staff-api';

type TContext = { params: Promise<{ id: string }> };

/**
 * The case export (PDF), fetched from the API with the session's token and passed through to the browser (which
 * never holds the token). The API audits each export.
 */
export async function GET(_request: Request, context: TContext): Promise<Response> {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) {
    return Response.json({ code: 'not_found' }, { status: 404 });
  }
  return staffFile(contract.reports.caseExport, { params: { id } });
}
