import { z } from 'zod';

/*
 * Runs in the browser before the app's own code (Next.js's instrumentation-client convention).
 *
 * Zod compiles faster object parsers with `new Function()` when the page lets it. Ours do not: no page's
 * Content-Security-Policy allows 'unsafe-eval' (modules/security/content-security-policy.ts). Zod would
 * then fall back by itself, but its probe is still reported as a CSP violation, which would hide real
 * ones. Every schema built after this line skips the probe.
 */
z.config({ jitless: true });
