import { uploadPersonEvidence } from '../../../../lib/api';
import { isSameOrigin, multipartBody } from '../../../../lib/api-stream';
import {
  EVIDENCE_RESULT_PATH,
  NOT_MULTIPART_OUTCOME,
  outcomeOf,
  type TEvidenceOutcome,
} from '../../../../modules/evidence/evidence-outcome';
import { sealOutcome } from '../../../../modules/evidence/evidence-result-token';

/*
 * The person's evidence upload (the status page's and the receipt's form). The multipart body is piped to the
 * API as it arrives: request.formData() and server actions would hold the whole upload in memory (and server
 * actions stop at 1 MB). The form sends the receipt number and access code first, the files after them.
 *
 * The upload page's script asks for JSON (Accept: application/json) and shows the answer in place. A plain
 * form POST (no JavaScript) is sent on (303) to the result page with the outcome sealed in the query
 * (modules/evidence/evidence-result-token.ts): a reload there shows it again instead of sending the files twice.
 */

export const dynamic = 'force-dynamic';

const CROSS_SITE = 'このページからは送信できません。 / This form cannot be sent from another site.';

function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

function answer(request: Request, outcome: TEvidenceOutcome, status: number): Response {
  if (wantsJson(request)) {
    return Response.json(outcome, { status, headers: { 'cache-control': 'no-store' } });
  }
  const url = new URL(EVIDENCE_RESULT_PATH, request.url);
  url.searchParams.set('r', sealOutcome(outcome));
  // A relative Location: behind a proxy, request.url may name the internal host, not the one the person used.
  return new Response(null, {
    status: 303,
    headers: { location: `${url.pathname}${url.search}`, 'cache-control': 'no-store' },
  });
}

export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    return new Response(CROSS_SITE, {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const upload = multipartBody(request);
  if (!upload) {
    return answer(request, NOT_MULTIPART_OUTCOME, 415);
  }
  const result = await uploadPersonEvidence({ ...upload, signal: request.signal });
  const { outcome, status } = outcomeOf(result);
  return answer(request, outcome, status);
}

/** The address typed in or reloaded after a failed POST: the status page, where the form is. */
export function GET(): Response {
  return new Response(null, { status: 303, headers: { location: '/status' } });
}
