/**
 * Whether a POST comes from another site (CSRF). Next.js checks this itself for server actions; a route handler
 * that takes a form POST must do it: Sec-Fetch-Site when the browser sends it, else Origin against the host
 * the request was addressed to (x-forwarded-host first, as Next.js does). `Origin: null` (a sandboxed frame, a
 * no-referrer page) counts as foreign. A request with neither header is not from a browser that could be
 * tricked into sending it (every current browser sends Origin on a POST), so it passes.
 */
export function isCrossSiteRequest(headers: Headers): boolean {
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin') {
    return true;
  }
  const origin = headers.get('origin');
  if (origin === null) {
    return false;
  }
  const host = (headers.get('x-forwarded-host') ?? headers.get('host') ?? '')
    .split(',')[0]!
    .trim()
    .toLowerCase();
  try {
    return origin === 'null' || host === '' || new URL(origin).host.toLowerCase() !== host;
  } catch {
    return true;
  }
}
