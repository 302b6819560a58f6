import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { staffFile } from '../../../../../../../lib/staff-api';

type TContext = { params: Promise<{ id: string; fileId: string }> };

/**
 * One evidence file, streamed from the API with the session's token and passed through to the browser
 * (which never holds the token), chunk by chunk: never held whole here. The API serves only files scanned
 * clean (409 with the reason otherwise, shown as an error page) and audits each download, including an
 * image shown on the case page. Always an attachment (the API's content-disposition), never cached.
 */
export async function GET(_request: Request, context: TContext): Promise<Response> {
  const { id, fileId } = await context.params;
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(fileId).success) {
    return Response.json({ code: 'not_found' }, { status: 404 });
  }
  const response = await staffFile(contract.evidence.download, { params: { id, fileId } });
  if (response.ok) {
    // Whatever the file holds, opened directly it runs nothing and loads nothing (as the API sends it).
    response.headers.set('content-security-policy', "default-src 'none'; sandbox");
  }
  return response;
}
