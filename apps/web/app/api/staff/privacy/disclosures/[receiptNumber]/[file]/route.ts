import { canonicalReceiptNumber, contract } from '@madoguchi/shared';

import { staffFile } from '../../../../../../../lib/staff-api';

type TContext = { params: Promise<{ receiptNumber: string; file: string }> };

/** A case's disclosure record as CSV or PDF, passed through from the API (which audits each export). */
export async function GET(_request: Request, context: TContext): Promise<Response> {
  const { receiptNumber, file } = await context.params;
  const receipt = canonicalReceiptNumber(receiptNumber);
  if (!receipt) {
    return Response.json({ code: 'not_found' }, { status: 404 });
  }
  switch (file) {
    case 'record.csv':
      return staffFile(contract.privacy.disclosuresCsv, { params: { receiptNumber: receipt } });
    case 'record.pdf':
      return staffFile(contract.privacy.disclosuresPdf, { params: { receiptNumber: receipt } });
    default:
      return Response.json({ code: 'not_found' }, { status: 404 });
  }
}
