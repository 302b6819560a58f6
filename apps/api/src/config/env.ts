import { z } from 'zod';

const ZApiEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (postgresql://user:password@host:5432/database)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
  /**
   * The owner's URL, for the Docker image's migrate step (migrate.js) only: it migrates and seeds with
   * it and makes DATABASE_URL's role the API's restricted role. The API itself never connects with it.
   */
  DATABASE_OWNER_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_OWNER_URL must be a postgresql:// URL')
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Comma-separated origins allowed to call the API from a browser (the web app calls it server-side). */
  CORS_ORIGIN: z.string().default(''),
  /**
   * Whom to believe about the client's address (X-Forwarded-For), so per-IP rate limits see the
   * person rather than the web server: `false`, `true` (any hop: only behind a trusted proxy), or a
   * comma-separated list of proxy addresses/CIDRs such as `127.0.0.1,::1` for the bundled web app.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string[] => {
      const value = v.trim();
      if (value === 'true' || value === 'false') {
        return value === 'true';
      }
      return value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
    }),
  /** Per client IP and minute, on the public endpoints. */
  RATE_LIMIT_INTAKE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_STATUS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_PREVIEW_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /**
   * Back-off after failed sign-ins or status look-ups, per (what was typed, client address): the first
   * attempts are free, then each failure doubles the wait from BASE up to MAX. Nobody elsewhere can
   * lock a person out, and an attempt during the wait gets the ordinary wrong-password reply.
   */
  AUTH_BACKOFF_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  AUTH_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(2_000),
  AUTH_BACKOFF_MAX_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60_000),
  /** How long a temporary password (and the enrolment code issued with it) works. */
  TEMPORARY_PASSWORD_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(72),
  /**
   * A rotated refresh token presented again within this time gets the same successor (parallel tabs,
   * several web processes); later, it is a replay and the session is revoked.
   */
  REFRESH_GRACE_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
  /** How long in-flight requests may take to finish on shutdown. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** The desk's own name and contact, printed on referral letters, client copies and reports. */
  CENTRE_NAME: z.string().trim().min(1).max(100).default('ネットトラブル相談窓口'),
  CENTRE_PHONE: z.string().trim().max(40).default('03-0000-0000(平日 10:00〜17:00)'),
  CENTRE_ADDRESS: z.string().trim().max(200).default('〒100-0000 東京都千代田区〇〇1-2-3'),
  CENTRE_EMAIL: z.string().trim().max(254).default('soudan@example.jp'),
});

export type ApiEnv = z.infer<typeof ZApiEnv>;

export class EnvError extends Error {}

/** Validates the environment at boot; a missing or malformed variable stops the start with a readable message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const result = ZApiEnv.safeParse(source);
  if (result.success) {
    return result.data;
  }
  const lines = result.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`,
  );
  throw new EnvError(`Invalid environment for the Madoguchi API:\n${lines.join('\n')}`);
}
