/** @jest-environment node */
import * as pageStaticInfo from 'next/dist/build/analysis/get-page-static-info';
import { getPathMatch } from 'next/dist/shared/lib/router/utils/path-match';

import { config as proxyConfig } from '../../proxy';
import {
  contentSecurityPolicy,
  createNonce,
  NONCE_POLICY_SECTIONS,
  PUBLIC_NONCE_PAGES,
  PUBLIC_NONCE_SECTIONS,
  STATIC_POLICY_SOURCE,
  usesNoncePolicy,
} from './content-security-policy';

// How Next.js compiles proxy.ts's matcher (not in its type declarations).
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers(matcher: readonly string[], config: { basePath: string }): { regexp: string }[];
};

function directive(policy: string, name: string): string {
  return (
    policy
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `)) ?? ''
  );
}

describe('contentSecurityPolicy', () => {
  it('with a nonce: no inline script runs without it, and the app’s own chunks may load', () => {
    const policy = contentSecurityPolicy({ nonce: 'abc123', dev: false });
    expect(directive(policy, 'script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(policy, 'script-src')).not.toContain('unsafe-inline');
    expect(directive(policy, 'script-src')).not.toContain('unsafe-eval');
  });

  it('allows eval only in development', () => {
    expect(directive(contentSecurityPolicy({ nonce: 'n', dev: true }), 'script-src')).toContain(
      "'unsafe-eval'",
    );
    expect(directive(contentSecurityPolicy({ dev: true }), 'script-src')).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ dev: false })).not.toContain('unsafe-eval');
  });

  it('keeps every page same-origin and unframeable', () => {
    for (const policy of [
      contentSecurityPolicy({ dev: false }),
      contentSecurityPolicy({ nonce: 'n', dev: false }),
    ]) {
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).toContain("form-action 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("base-uri 'self'");
    }
  });
});

describe('createNonce', () => {
  it('is 128 random bits in base64, new every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    }
  });
});

describe('which pages get which policy', () => {
  const staticSource = getPathMatch(STATIC_POLICY_SOURCE);
  // Next.js's own reading of both: the matcher as it compiles proxy.ts's, the source as next.config's.
  const proxyMatchers = getMiddlewareMatchers(proxyConfig.matcher, { basePath: '' }).map(
    (matcher) => new RegExp(matcher.regexp),
  );
  const proxied = (pathname: string) => proxyMatchers.some((regexp) => regexp.test(pathname));

  const noncePages = [
    '/cases',
    '/cases/0b5e4b7e-6c49-4f3c-9d51-2f3f2f7a1b11',
    '/cases/new',
    '/admin/users',
    '/stats',
    '/account/password',
    '/login',
    '/login/enrol',
    '/intake',
    '/windows',
    '/p/Abc-def_0123456789abcdefghijklmnopqrstuvwxyzAB',
  ];
  const staticPages = [
    '/',
    '/status',
    '/no-such-page',
    '/casesx',
    '/intakes',
    '/pp',
    '/_next/static/chunks/app.js',
  ];

  it.each(noncePages)('%s: a nonce from the proxy, and not the static policy', (pathname) => {
    expect(usesNoncePolicy(pathname)).toBe(true);
    expect(proxied(pathname)).toBe(true);
    expect(staticSource(pathname)).toBe(false);
  });

  it.each(staticPages)('%s: the static policy from next.config.ts only', (pathname) => {
    expect(usesNoncePolicy(pathname)).toBe(false);
    expect(staticSource(pathname)).not.toBe(false);
  });

  it('the proxy matches every nonce section, and every page it matches is in one', () => {
    for (const section of NONCE_POLICY_SECTIONS) {
      expect(proxied(`/${section}`) || proxied(`/${section}/x`)).toBe(true);
    }
    for (const source of proxyConfig.matcher) {
      if (!source.startsWith('/api/')) {
        expect(usesNoncePolicy(source.replace('/:path*', ''))).toBe(true);
      }
    }
    for (const page of PUBLIC_NONCE_PAGES) {
      expect(proxied(page)).toBe(true);
    }
    for (const section of PUBLIC_NONCE_SECTIONS) {
      expect(proxied(`/${section}/x`)).toBe(true);
    }
  });
});
