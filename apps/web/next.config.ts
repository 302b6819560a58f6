import path from 'node:path';
import type { NextConfig } from 'next';

const repoRoot = path.join(__dirname, '..', '..');
const isDev = process.env.NODE_ENV === 'development';

/**
 * Same-origin only: the app loads no script, style, font or image from another host.
 *
 * script-src keeps 'unsafe-inline' because Next.js streams the React Server Components payload in
 * inline <script> tags. The alternative, a per-request nonce set in proxy.ts, makes every page
 * dynamic; revisit it when the staff dashboard lands. React escapes everything it renders, and
 * without any external host allowed an injected script still cannot load code from elsewhere or
 * send data anywhere but this origin (connect-src, form-action).
 * React uses eval() only in development, for its error overlay.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
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

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  // Nothing about a person's case (a status URL, a search) may leak to another site through Referer.
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on plain form posts
  // and Next.js refuses the server action, which breaks the forms for people without JavaScript.
  { key: 'Referrer-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
  },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'X-DNS-Prefetch-Control', value: 'off' },
  // Browsers honour HSTS only over HTTPS, so this is harmless on plain HTTP. No includeSubDomains:
  // the desk's organisation may run other sites on sibling subdomains that are not ours to decide.
  ...(isDev ? [] : [{ key: 'Strict-Transport-Security', value: 'max-age=31536000' }]),
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Self-contained server for the Docker image (apps/web/Dockerfile sets NEXT_OUTPUT=standalone);
  // `npm start` serves with `next start`, which does not support standalone output.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' as const } : {}),
  // Workspace packages ship TypeScript source (their `main` points at src/), so Next compiles them.
  transpilePackages: ['@madoguchi/shared'],
  // Both must be the monorepo root: Turbopack resolves hoisted node_modules from there, and the
  // standalone output traces files up to there (so it lands at .next/standalone/apps/web/server.js).
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
