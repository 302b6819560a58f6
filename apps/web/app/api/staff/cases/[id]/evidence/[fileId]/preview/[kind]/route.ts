import { contract, ZEvidencePreviewParams } from '@madoguchi/shared';

import { staffFile } from '../../../../../../../../../lib/staff-api';

type TContext = { params: Promise<{ id: string; fileId: string; kind: string }> };

/**
 * A derived copy of an evidence image (the list's blurred thumb, or the view copy once 「表示する」 is pressed),
 * streamed from the API with the session's token and passed through chunk by chunk, never cached. The API
 * answers 404 while there is none (preview pending, none, failed) and audits what it serves; it is never the
 * original, which only the download route gives.
 */
export async function GET(_request: Request, context: TContext): Promise<Response> {
  const params = ZEvidencePreviewParams.safeParse(await context.params);
  if (!params.success) {
    return Response.json({ code: 'not_found' }, { status: 404 });
  }
  const response = await staffFile(contract.evidence.preview, { params: params.data });
  if (response.ok) {
    // Opened directly it runs nothing and loads nothing (as the API sends it).
    response.headers.set('content-security-policy', "default-src 'none'; sandbox");
  }
  return response;
}
