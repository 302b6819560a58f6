import { ZIntakeDraft } from '@madoguchi/shared';

import { triagePreview } from '../../../../lib/api';

/** A draft is a few kilobytes at most (the description is capped at 5,000 characters). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The intake form's live guidance: the browser posts the draft here and this server asks the API, so
 * the API is never called from a browser. Only this site's own pages may use it.
 */
export async function POST(request: Request): Promise<Response> {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') {
    return Response.json({ code: 'forbidden' }, { status: 403 });
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) {
    return Response.json({ code: 'payload_too_large' }, { status: 413 });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ code: 'invalid_json' }, { status: 400 });
  }
  // The same lenient schema the API applies; a draft it would refuse is not worth a round trip.
  if (!ZIntakeDraft.safeParse(body).success) {
    return Response.json({ code: 'validation_failed' }, { status: 400 });
  }
  const result = await triagePreview(body as Parameters<typeof triagePreview>[0]);
  if (!result.ok) {
    return Response.json({ code: result.error.code }, { status: result.error.status || 503 });
  }
  return Response.json(result.data, { headers: { 'cache-control': 'no-store' } });
}
