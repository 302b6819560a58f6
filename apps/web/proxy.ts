import { type NextRequest, NextResponse } from 'next/server';

import { ENROLMENT_PATH, forcedRedirect, PASSWORD_CHANGE_PATH } from './modules/auth/forced-step';
import {
  ACTIVITY_WRITE_EVERY_MS,
  decodeSessionToken,
  encodeSessionToken,
  isIdle,
  PATH_HEADER,
  refreshIfDue,
  revokeApiSession,
  SESSION_MAX_AGE_S,
  sessionCookie,
  SIGNED_OUT_HEADER,
  type TStaffToken,
} from './modules/auth/session-token';
import { withNoncePolicy } from './modules/security/nonce-proxy';

/*
 * Runs before every staff page, server action and staff route handler (Next.js 16 renamed
 * middleware.ts to proxy.ts; it runs on the Node.js runtime). It is the only place that can both read
 * and rewrite the session cookie before a page renders, so it:
 *   - sends people who are not signed in to /login (with where they were going),
 *   - signs out after 30 minutes without activity, revoking the API session,
 *   - refreshes the API access token shortly before it expires and passes the new cookie on to the
 *     page being rendered (request) and to the browser (response),
 *   - keeps staff who must first change a temporary password, or enrol TOTP, on the page for that step.
 * Pages and server actions check the session again (lib/auth.ts requireStaff): this is not the only gate.
 */

type TSignOutReason = 'idle' | 'expired';

function isPrefetch(request: NextRequest): boolean {
  return (
    request.headers.get('next-router-prefetch') === '1' ||
    request.headers.get('purpose') === 'prefetch' ||
    (request.headers.get('sec-purpose') ?? '').includes('prefetch')
  );
}

function isServerAction(request: NextRequest): boolean {
  return request.method === 'POST' && request.headers.has('next-action');
}

function forwardedHeaders(request: NextRequest): Headers {
  const headers = new Headers(request.headers);
  headers.delete(SIGNED_OUT_HEADER);
  headers.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return headers;
}

function signedOut(request: NextRequest, reason: TSignOutReason | null): NextResponse {
  const cookie = sessionCookie();
  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (pathname.startsWith('/api/')) {
    response = NextResponse.json(
      {
        code: 'unauthenticated',
        message: { ja: 'ログインしてください。', en: 'Please sign in.' },
      },
      { status: 401 },
    );
  } else if (isServerAction(request)) {
    // A server action must answer in its own protocol: let it run without the session, so its
    // requireStaff() redirects to /login the way Next.js handles for actions.
    const headers = forwardedHeaders(request);
    request.cookies.delete(cookie.name);
    headers.set('cookie', request.cookies.toString());
    headers.set(SIGNED_OUT_HEADER, reason ?? 'expired');
    response = NextResponse.next({ request: { headers } });
  } else {
    const target = new URL('/login', request.url);
    if (reason) {
      target.searchParams.set('reason', reason);
    }
    if (request.method === 'GET' && pathname !== ENROLMENT_PATH && pathname !== PASSWORD_CHANGE_PATH) {
      target.searchParams.set('callbackUrl', `${pathname}${search}`);
    }
    response = NextResponse.redirect(target, 303);
  }
  if (request.cookies.has(cookie.name) || reason) {
    response.cookies.set(cookie.name, '', { ...cookie.options, maxAge: 0 });
  }
  return response;
}

/** Every matched page also gets its Content-Security-Policy with a fresh nonce (modules/security). */
export function proxy(request: NextRequest): Promise<NextResponse> {
  return withNoncePolicy(request, staffProxy);
}

async function staffProxy(request: NextRequest): Promise<NextResponse> {
  const cookie = sessionCookie();
  const raw = request.cookies.get(cookie.name)?.value;
  const token = await decodeSessionToken(raw);
  const now = Date.now();
  if (!token) {
    return signedOut(request, raw ? 'expired' : null);
  }
  if (isIdle(token, now)) {
    await revokeApiSession(token, now);
    return signedOut(request, 'idle');
  }

  const refreshed = await refreshIfDue(token, now);
  if (!refreshed.ok && refreshed.ended) {
    return signedOut(request, 'expired');
  }
  let next: TStaffToken = refreshed.ok ? refreshed.token : token;
  if (!isPrefetch(request) && now - next.lastActivityAt >= ACTIVITY_WRITE_EVERY_MS) {
    next = { ...next, lastActivityAt: now };
  }

  const value = next === token ? undefined : await encodeSessionToken(next);
  const { pathname } = request.nextUrl;
  const forcedTo = pathname.startsWith('/api/') ? null : forcedRedirect(next, pathname);
  let response: NextResponse;
  if (forcedTo) {
    // A restricted session has one page: the password change, then the enrolment (the API refuses the rest).
    response = NextResponse.redirect(new URL(forcedTo, request.url), 303);
  } else {
    const headers = forwardedHeaders(request);
    if (value) {
      request.cookies.set(cookie.name, value);
      headers.set('cookie', request.cookies.toString());
    }
    response = NextResponse.next({ request: { headers } });
  }
  if (value) {
    // Also on the redirect: refreshed tokens must not be lost on the way to the step's page.
    response.cookies.set(cookie.name, value, { ...cookie.options, maxAge: SESSION_MAX_AGE_S });
  }
  return response;
}

export const config = {
  matcher: [
    '/cases/:path*',
    '/admin/:path*',
    '/stats/:path*',
    '/account/:path*',
    '/login/enrol',
    '/api/staff/:path*',
    // Only the nonce policy, no sign-in check (modules/security/content-security-policy.ts).
    '/login',
    '/intake',
    '/windows',
    '/p/:path*',
  ],
};
