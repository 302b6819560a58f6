import { headers } from 'next/headers';

import { trustedForwardedFor } from '../modules/security/forwarded-for';

/**
 * The header that carries the person's address on to the API, whose per-IP rate limits and audit log
 * would otherwise see every person as the web server. server.mjs has replaced whatever the client sent
 * with the address it worked out from the socket and TRUST_PROXY (modules/security/client-address.mjs);
 * the API believes it from the addresses in its own TRUST_PROXY (the web server's).
 */
export async function forwardedHeaders(): Promise<Record<string, string>> {
  let forwardedFor: string | undefined;
  try {
    forwardedFor = trustedForwardedFor((await headers()).get('x-forwarded-for'));
  } catch {
    // Outside a request (never in the app itself): nothing to forward.
    return {};
  }
  return forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
}
