import path from 'node:path';
import type { NextConfig } from 'next';

import { contentSecurityPolicy, STATIC_POLICY_SOURCE } from './modules/security/content-security-policy';

const repoRoot = path.join(__dirname, '..', '..');
const isDev = process.env.NODE_ENV === 'development';

const securityHeaders = [
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
  // forbidden() (a staff page the role may not open answers 403 with app/(staff)/forbidden.tsx).
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // The trimmed dependency trace for the Docker image (apps/web/Dockerfile sets NEXT_OUTPUT=standalone),
  // which runs server.mjs on top of it; `npm start` runs server.mjs on the ordinary build.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' as const } : {}),
  // Workspace packages ship TypeScript source (their `main` points at src/), so Next compiles them.
  transpilePackages: ['@madoguchi/shared'],
  // Both must be the monorepo root: Turbopack resolves hoisted node_modules from there, and the
  // standalone output traces files up to there (so it lands at .next/standalone/apps/web/server.js).
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // Pages rendered per request get a policy with a nonce from proxy.ts instead; the static one is
      // for everything else (modules/security/content-security-policy.ts explains both).
      {
        source: STATIC_POLICY_SOURCE,
        headers: [{ key: 'Content-Security-Policy', value: contentSecurityPolicy({ dev: isDev }) }],
      },
    ];
  },
};

export default nextConfig;
