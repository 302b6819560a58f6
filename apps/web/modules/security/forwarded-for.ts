import { isIP } from 'node:net';

/** Set by server.mjs in its own process before Next.js loads. */
const SERVED_BY_SERVER_MJS = () => process.env.MADOGUCHI_CLIENT_ADDRESS === 'server.mjs';

let warned = false;

/**
 * The X-Forwarded-For value to pass on to the API, or undefined to send none.
 *
 * server.mjs replaces every request's X-Forwarded-For with the one client address it worked out from
 * the socket and TRUST_PROXY, so the header can be believed only when server.mjs served the request.
 * Under a bare `next start` or `next dev` it is whatever the client sent: then nothing is forwarded,
 * and the API counts every person as this server (one shared rate-limit bucket) rather than believing
 * an address anyone can make up.
 */
export function trustedForwardedFor(value: string | null | undefined): string | undefined {
  if (!SERVED_BY_SERVER_MJS()) {
    if (!warned) {
      warned = true;
      console.error(
        '[web] Not started through server.mjs: client addresses are not forwarded to the API, so its ' +
          'per-address limits count every person as this server. Start the web app with `node server.mjs`.',
      );
    }
    return undefined;
  }
  // server.mjs writes exactly one address; anything else did not come from it.
  return value && isIP(value) !== 0 ? value : undefined;
}
