import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { isSameOrigin, multipartBody, UPLOAD_TIMEOUT_MS } from '../../../../../../lib/api-stream';
import { staffCall } from '../../../../../../lib/staff-api';
import { type TEvidenceResultQuery } from '../../../../../../modules/evidence/upload-result';

type TContext = { params: Promise<{ id: string }> };

/** Back to the case page's evidence section with the outcome in the query (a plain form post needs no JS). */
function backToCase(id: string, result: TEvidenceResultQuery): Response {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(result) as [string, string | undefined][]) {
    if (value !== undefined) {
      query.set(key, value);
    }
  }
  return new Response(null, {
    status: 303,
    headers: { location: `/cases/${id}?${query.toString()}#evidence-title`, 'cache-control': 'no-store' },
  });
}

/**
 * A counselor adds evidence files to a case (the case page's upload form). The multipart body is piped to the
 * API as it arrives (lib/api-stream.ts), never read here: request.formData() would hold every file in
 * memory. The API decides each file's type by its content and refuses the whole upload when one file is
 * refused; the answer is a 303 back to the case page saying what happened.
 */
export async function POST(request: Request, context: TContext): Promise<Response> {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) {
    return Response.json({ code: 'not_found' }, { status: 404 });
  }
  if (!isSameOrigin(request)) {
    return Response.json(
      {
        code: 'forbidden',
        message: {
          ja: 'このページからの送信ではないため、受け付けませんでした。',
          en: 'The upload did not come from this site and was refused.',
        },
      },
      { status: 403 },
    );
  }
  const body = multipartBody(request);
  if (!body) {
    return backToCase(id, { evidence: 'refused', reason: 'evidence_malformed' });
  }
  const result = await staffCall(
    contract.evidence.staffUpload,
    { params: { id } },
    // The browser going away (closed tab, aborted upload) aborts the call, and the API drops the partial file.
    { raw: body, timeoutMs: UPLOAD_TIMEOUT_MS, signal: request.signal },
  );
  if (result.ok) {
    return backToCase(id, { evidence: 'added', count: String(result.data.files.length) });
  }
  const { reason, details } = result.error;
  if (reason?.startsWith('evidence_')) {
    const file = typeof details.file === 'string' ? details.file.slice(0, 200) : undefined;
    return backToCase(id, { evidence: 'refused', reason, file });
  }
  return backToCase(id, { evidence: 'failed' });
}
