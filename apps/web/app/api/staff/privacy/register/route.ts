import { contract } from '@madoguchi/shared';

import { staffFile } from '../../../../../lib/staff-api';

/** The register of personal-information files as CSV (admins; the API checks the role and audits the export). */
export async function GET(): Promise<Response> {
  return staffFile(contract.privacy.registerCsv, {});
}
