import { type NextRequest, NextResponse } from 'next/server';

import {
  contentSecurityPolicy,
  createNonce,
  isPublicNoncePage,
  usesNoncePolicy,
} from './content-security-policy';

const CSP_HEADER = 'content-security-policy';

type TProxyHandler = (request: NextRequest) => Promise<NextResponse>;

/**
 * proxy.ts's entry: gives the pages in content-security-policy.ts's nonce sections a policy with a
 * fresh nonce, on the response (for the browser) and on the request (Next.js reads the nonce from
 * there when it renders the page and puts it on its scripts).
 *
 * The sign-in checks (`handler`) run for every matched path except the public pages, which get the
 * policy only. The handler must pass `request.headers` on when it lets a request through
 * (`NextResponse.next({ request: { headers } })` built from them), or the page renders without the
 * nonce and the browser blocks its scripts; the browser tests catch that as CSP violations.
 */
export async function withNoncePolicy(request: NextRequest, handler: TProxyHandler): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (!usesNoncePolicy(pathname)) {
    // Route handlers (/api/staff/…): no page, and next.config.ts's static headers apply.
    return handler(request);
  }
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    dev: process.env.NODE_ENV === 'development',
  });
  request.headers.set(CSP_HEADER, policy);
  const response = isPublicNoncePage(pathname)
    ? NextResponse.next({ request: { headers: request.headers } })
    : await handler(request);
  response.headers.set(CSP_HEADER, policy);
  return response;
}
