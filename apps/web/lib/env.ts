import { z } from 'zod';

const ZHttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:4000' });

/**
 * Server-only configuration of the web app. Browser code never reads it: nothing here is prefixed
 * NEXT_PUBLIC_, so Next.js does not inline any of it into client bundles.
 */
export const ZServerEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Where the server side of the web app reaches the API; in Docker Compose, http://api:4000. */
    API_URL: ZHttpUrl.default('http://127.0.0.1:4000'),
    /** The public URL of this web app, as people type it; next-auth builds its callback URLs from it. */
    NEXTAUTH_URL: ZHttpUrl.optional(),
    /** Signs and encrypts staff session tokens. */
    NEXTAUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (generate one with: openssl rand -base64 32)')
      .optional(),
  })
  .superRefine((env, ctx) => {
    // Staff sessions guard case files about vulnerable people: in production a missing secret or
    // URL must stop the boot instead of letting next-auth fall back to something guessable.
    if (env.NODE_ENV !== 'production') {
      return;
    }
    for (const key of ['NEXTAUTH_URL', 'NEXTAUTH_SECRET'] as const) {
      if (env[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
    }
  });

export type TServerEnv = z.infer<typeof ZServerEnv>;

export class InvalidEnvError extends Error {
  constructor(details: string) {
    super(`Invalid environment for @madoguchi/web:\n${details}`);
    this.name = 'InvalidEnvError';
  }
}

/** Validates a given environment; exported on its own so tests need not touch process.env. */
export function parseServerEnv(source: Record<string, string | undefined>): TServerEnv {
  // An empty variable (`NEXTAUTH_SECRET=` in a .env file) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = ZServerEnv.safeParse(present);
  if (!result.success) {
    throw new InvalidEnvError(z.prettifyError(result.error));
  }
  return result.data;
}

let cached: TServerEnv | undefined;

/**
 * The validated environment, read once. It is read lazily rather than at import time because
 * `next build` imports server modules without the runtime secrets; see exitOnInvalidServerEnv.
 */
export function serverEnv(): TServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}

/**
 * Called from instrumentation.ts when the server starts. Next.js only logs an error thrown there
 * and keeps listening, answering every request with a 500; a desk's operator must instead see the
 * server refuse to start, with the reason.
 */
export function exitOnInvalidServerEnv(): void {
  try {
    serverEnv();
  } catch (error) {
    if (!(error instanceof InvalidEnvError)) {
      throw error;
    }
    console.error(error.message);
    process.exit(1);
  }
}
