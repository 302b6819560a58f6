/*
 * The Content-Security-Policy of every page, in one place. Two variants:
 *
 * - Pages rendered for each request (the staff pages, sign-in, and the public pages that are dynamic
 *   anyway: the consultation form, the window directory and the partner page) get a fresh nonce from proxy.ts
 *   (nonce-proxy.ts): script-src 'self' 'nonce-…' 'strict-dynamic', without 'unsafe-inline'. Next.js
 *   reads the nonce from the request's Content-Security-Policy header and puts it on its own inline
 *   and <script src> tags; 'strict-dynamic' lets those load the rest of the app's chunks.
 * - Pages prerendered at build time (the landing page, the status look-up form, the not-found page)
 *   keep a static policy (next.config.ts) with script-src 'self' 'unsafe-inline': Next.js streams the
 *   React Server Components payload in inline <script> tags, a nonce cannot be added to HTML written at
 *   build time, and the payload changes with every build, so a static header cannot list its hashes.
 *   Giving them a nonce would render the busiest public pages on every request. Their HTML comes from
 *   our own source at build time and shows nothing anybody else wrote, so there is nothing to inject.
 *
 * Both are same-origin only: no script, style, font or image from another host, and nothing sent
 * anywhere but this origin (connect-src, form-action).
 */

/**
 * First path segments of the pages that get the nonce policy. proxy.ts's matcher must cover each of
 * them (it cannot import this list: Next.js reads the matcher statically); a test checks it does.
 */
export const NONCE_POLICY_SECTIONS = [
  'cases',
  'admin',
  'stats',
  'account',
  'login',
  'intake',
  'windows',
  // The partner acknowledgement page (/p/<token>): public, and it shows what a referral's consent allows.
  'p',
] as const;

/** Of those, the pages anybody may open: the proxy only adds the policy, it checks no session. */
export const PUBLIC_NONCE_PAGES: readonly string[] = ['/login', '/intake', '/windows'];

/** Of those, the sections whose every page anybody may open (`/p/<token>`). */
export const PUBLIC_NONCE_SECTIONS: readonly string[] = ['p'];

export function isPublicNoncePage(pathname: string): boolean {
  return (
    PUBLIC_NONCE_PAGES.includes(pathname) || PUBLIC_NONCE_SECTIONS.includes(pathname.split('/')[1] ?? '')
  );
}

export function usesNoncePolicy(pathname: string): boolean {
  const section = pathname.split('/')[1] ?? '';
  return (NONCE_POLICY_SECTIONS as readonly string[]).includes(section);
}

/**
 * next.config.ts's `source` for the static policy: every path except the nonce sections, so a page
 * never gets both (two policies would both be enforced, and a reader could not tell which applies).
 */
export const STATIC_POLICY_SOURCE = `/:path((?!(?:${NONCE_POLICY_SECTIONS.join('|')})(?:/|$)).*)`;

type TPolicyOptions = {
  /** A fresh nonce for this response; without one, the static policy. */
  nonce?: string;
  /** React uses eval() in development only (its error overlay and stack reconstruction). */
  dev: boolean;
};

export function contentSecurityPolicy({ nonce, dev }: TPolicyOptions): string {
  const scriptSrc = nonce
    ? `'self' 'nonce-${nonce}' 'strict-dynamic'`
    : // See the comment at the top: prerendered pages cannot carry a nonce.
      `'self' 'unsafe-inline'`;
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}${dev ? " 'unsafe-eval'" : ''}`,
    // React and Next.js set style attributes and inject <style> tags; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // No upgrade-insecure-requests: a desk may serve this over plain HTTP inside its own network, and
    // the directive would then break every stylesheet and script. TLS belongs to the reverse proxy.
  ].join('; ');
}

/** 128 bits from the platform's CSPRNG, base64: unguessable and new for every response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
