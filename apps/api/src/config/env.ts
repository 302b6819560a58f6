import { z } from 'zod';
import { EVIDENCE_DEFAULT_MAX_FILE_BYTES, EVIDENCE_DEFAULT_MAX_FILES_PER_CASE } from '@madoguchi/shared';

/**
 * The example sender shipped with Madoguchi, used until the desk sets its own (CENTRE_* or the admin page
 * /admin/desk): a letter with these would name a desk that does not exist, so the API warns while any is in use.
 */
export const CENTRE_PLACEHOLDERS = {
  name: 'ネットトラブル相談窓口',
  phone: '03-0000-0000(平日 10:00〜17:00)',
  address: '〒100-0000 東京都千代田区〇〇1-2-3',
  email: 'soudan@example.jp',
} as const;

const ZApiEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  /** The API's public base URL, for the OpenAPI document's `servers` (default: relative, `/`). */
  API_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  /**
   * The web app's public base URL, for links the API writes into e-mails and letters (notifications,
   * partner acknowledgement links). `npm start` sets it to its own web address.
   */
  WEB_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().default('http://localhost:3000')),
  /** Check every JSON reply against its contract (default: on except in production). */
  CONTRACT_REPLY_CHECK: z.enum(['on', 'off']).optional(),
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
  /**
   * Where the API LISTENs for changes others made (the directory of windows): a session of its own, so behind
   * PgBouncer in transaction mode this must reach the primary directly. Defaults to DATABASE_URL.
   */
  DATABASE_LISTEN_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_LISTEN_URL must be a postgresql:// URL')
      .optional(),
  ),
  /**
   * A streaming replica (hot standby) of DATABASE_URL's database. Statistics, the supervisors' workload, the
   * referral register export and the queue's search read from it, on a read-only pool the size of the reports
   * pool; everything that writes or must read its own writes stays on the primary (docs/deployment.md, section
   * 4). While it is unreachable that work goes to the primary (read-only too). Unset: the read-only pool
   * reads the primary.
   */
  DATABASE_REPLICA_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_REPLICA_URL must be a postgresql:// URL')
      .optional(),
  ),
  /**
   * Bulkheads (see docs/performance.md, "Bulkheads and shedding"): three pg pools, each with its own admission
   * queue and statement_timeout, so slow statistics or a burst of staff work cannot take the connections
   * intakes need, and the reverse. DATABASE_POOL_SIZE is the staff pool (every route not listed below).
   * The defaults suit a 2-core machine: PostgreSQL on the same two cores gains nothing from more than a
   * handful of busy connections; more only queue inside the server instead of in the API's bounded queue.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(6),
  STAFF_QUEUE_LENGTH: z.coerce.number().int().min(0).max(10_000).default(64),
  STAFF_QUEUE_MAX_WAIT_MS: z.coerce.number().int().min(1).default(5_000),
  STAFF_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  /** Public intake, status look-up and triage preview. */
  INTAKE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(4),
  INTAKE_QUEUE_LENGTH: z.coerce.number().int().min(0).max(10_000).default(48),
  INTAKE_QUEUE_MAX_WAIT_MS: z.coerce.number().int().min(1).default(2_000),
  INTAKE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  /** Report files, exports and search; the replica pool (DATABASE_REPLICA_URL) has the same size and timeout. */
  REPORTS_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(2),
  REPORTS_QUEUE_LENGTH: z.coerce.number().int().min(0).max(10_000).default(8),
  REPORTS_QUEUE_MAX_WAIT_MS: z.coerce.number().int().min(1).default(10_000),
  REPORTS_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Retry-After (seconds) of a 503 sent because a bulkhead is full. */
  OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3_600).default(5),
  /**
   * argon2id of staff passwords at once (each 19 MiB and a core for tens of ms); a login beyond the
   * queue gets 503 + Retry-After, so a login flood cannot take the CPU intakes need.
   */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  PASSWORD_HASH_QUEUE_LENGTH: z.coerce.number().int().min(0).max(10_000).default(8),
  PASSWORD_HASH_MAX_WAIT_MS: z.coerce.number().int().min(1).default(3_000),
  /**
   * Sign-in attempts (the password step) this process starts a second, whoever sends them, and how many may come at
   * once: beyond, 503 + Retry-After before any database work (sign-in-gate.ts), so a flood from many addresses
   * cannot take what intakes need.
   */
  SIGN_IN_ATTEMPTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  SIGN_IN_BURST: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * Nice value of libuv's thread pool, where the password hash runs (thread-pool-priority.ts): at 10 a login flood
   * gets the CPU intakes leave, not an equal share. 0 leaves the pool as the process is. Linux only.
   */
  THREAD_POOL_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * Keys of the keyed hash (HMAC-SHA-256) of access codes: `kid:base64key,…`, the first is current, the
   * others still verify (rotation). Required in production; `npm start` generates one into .data.
   */
  ACCESS_CODE_KEYS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) {
          return undefined;
        }
        const keys: { kid: string; key: Buffer }[] = [];
        for (const entry of value
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean)) {
          const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/_=-]+)$/.exec(entry);
          const key = match ? Buffer.from(match[2]!, 'base64') : undefined;
          if (!match || !key || key.length < 32) {
            ctx.addIssue({
              code: 'custom',
              message:
                'ACCESS_CODE_KEYS must be "kid:base64key,…" with key ids of 1–32 letters, digits, - or _ and keys of at least 32 bytes',
            });
            return z.NEVER;
          }
          if (keys.some((k) => k.kid === match[1])) {
            ctx.addIssue({ code: 'custom', message: `ACCESS_CODE_KEYS names key id "${match[1]}" twice` });
            return z.NEVER;
          }
          keys.push({ kid: match[1]!, key });
        }
        return keys.length > 0 ? keys : undefined;
      }),
  ),
  /**
   * The key-encryption key of the encrypted fields (common/crypto): base64 of 32 random bytes, or a file holding
   * it. One of the two is required in production; elsewhere the API uses (and creates) .data/keys/kek. Never
   * part of a database backup: keep it apart (README, "Encryption keys").
   */
  MADOGUCHI_KEK: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine(
        (value) =>
          /^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim()) && Buffer.from(value.trim(), 'base64').length === 32,
        'MADOGUCHI_KEK must be the base64 of 32 random bytes (e.g. openssl rand -base64 32)',
      )
      .optional(),
  ),
  MADOGUCHI_KEK_FILE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().trim().min(1).optional(),
  ),
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
  /** Partner acknowledgement links: looks and answers per client address and minute. */
  RATE_LIMIT_PARTNER_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** How long a partner acknowledgement link works after the referral is sent. */
  PARTNER_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** How long a merge of duplicate cases can be undone, restoring the duplicate exactly as it was. */
  CASE_MERGE_UNDO_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
  /**
   * Days the desk has to decide a request from the person (correction, deletion) after it arrives: its due date,
   * shown to staff (overdue when past) and to the person.
   */
  PERSON_REQUEST_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
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
  /**
   * A person's reads of one case within this time are one view and one `case.read` audit row (the page
   * and its re-renders after each click); 0 records every read. See AuditService.recordView.
   */
  AUDIT_VIEW_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  /** How long in-flight requests may take to finish on shutdown. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * A client gets this long to send a whole request (default 10 minutes: a 10 MB screenshot from a phone on a
   * slow line), and the connection is dropped when nothing arrives for HTTP_IDLE_TIMEOUT_MS. Together they end
   * a trickling (slowloris) or stalled upload; its partly written file is removed. Node's own defaults leave both
   * unbounded behind Fastify.
   */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(3_600_000).default(600_000),
  HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  /** The desk's own name and contact, printed on referral letters, client copies and reports. */
  CENTRE_NAME: z.string().trim().min(1).max(100).default(CENTRE_PLACEHOLDERS.name),
  CENTRE_PHONE: z.string().trim().max(40).default(CENTRE_PLACEHOLDERS.phone),
  CENTRE_ADDRESS: z.string().trim().max(200).default(CENTRE_PLACEHOLDERS.address),
  CENTRE_EMAIL: z.string().trim().max(254).default(CENTRE_PLACEHOLDERS.email),
  /**
   * Background jobs (pg-boss, in the database's `pgboss` schema): `inline` runs them in the API process;
   * `enqueue` only queues them, for a separate `npm run worker` process (docker-compose's `worker`
   * service) to run; `off` neither queues nor runs any (the queue's routes then answer 503).
   */
  JOBS_MODE: z.enum(['inline', 'enqueue', 'off']).default('inline'),
  /** A failed job is tried again this many times, waiting RETRY_DELAY seconds, doubling (with jitter). */
  JOBS_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(5),
  JOBS_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  /** How often an idle worker looks for jobs. */
  JOBS_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(600).default(2),
  /**
   * The SMTP server for notification e-mails, e.g. `smtp://user:pass@mail.example.jp:587` (STARTTLS when
   * offered) or `smtps://…:465`. Unset: e-mails stay in the database's outbox for admins to read.
   */
  SMTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  /** The From of notification e-mails. */
  MAIL_FROM: z.string().trim().min(3).max(200).default('Madoguchi <no-reply@localhost>'),
  /** When the followups.scan job looks for due follow-ups (cron, Japan time). */
  FOLLOWUP_SCAN_CRON: z.string().trim().min(9).default('*/5 * * * *'),
  /** Follow-ups that fell due longer ago than this are not notified again (they were, when they fell due). */
  FOLLOWUP_SCAN_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(366).default(14),
  /** Days past a sent referral's follow-up date, with no answer from the window, before "no response" is suggested. */
  FOLLOWUP_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /**
   * Retention (issue 17 item 2): days after closure before a case's free text, contact details, identifiers and
   * evidence files are shredded, per retention class (the coded fields the statistics read stay). A case on
   * legal hold is never shredded until released.
   */
  RETENTION_STANDARD_DAYS: z.coerce.number().int().min(1).max(36_500).default(1095),
  RETENTION_SHORT_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /** When the retention.shred job shreds the cases past their period (cron, Japan time; daily by default). */
  RETENTION_SHRED_CRON: z.string().trim().min(9).default('41 3 * * *'),
  /** Cases the retention.shred job shreds per batch (each case in its own transaction). */
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
  /** When the response.scan job looks for response targets about to be missed or missed (cron, Japan time). */
  RESPONSE_SCAN_CRON: z.string().trim().min(9).default('* * * * *'),
  /** "About to be missed": at most this share of the target's time left… */
  RESPONSE_DUE_SOON_RATIO: z.coerce.number().min(0).max(1).default(0.25),
  /** …and at most this many minutes. */
  RESPONSE_DUE_SOON_MINUTES: z.coerce.number().int().min(0).max(10_080).default(30),
  /**
   * Evidence files (screenshots, PDFs, texts, saved e-mails): where the filesystem store keeps them, one
   * directory per case (relative paths from the API's working directory; outside any web root).
   */
  EVIDENCE_DIR: z.string().trim().min(1).default('.data/evidence'),
  /** Largest file accepted, in bytes (default 10 MB). */
  EVIDENCE_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(EVIDENCE_DEFAULT_MAX_FILE_BYTES),
  /** Most files one case may hold. */
  EVIDENCE_MAX_FILES_PER_CASE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(EVIDENCE_DEFAULT_MAX_FILES_PER_CASE),
  /**
   * The S3-compatible store (AWS SDK v3), used instead of EVIDENCE_DIR when S3_BUCKET is set: the store several
   * API processes share. S3_ENDPOINT for MinIO and the like (path-style addressing then); credentials from
   * S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY, else the SDK's default chain.
   */
  S3_BUCKET: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(3).max(63).optional()),
  S3_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  S3_REGION: z.string().trim().min(1).default('ap-northeast-1'),
  S3_ACCESS_KEY_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** Key prefix inside the bucket. */
  S3_PREFIX: z.string().trim().default('evidence/'),
  /**
   * ClamAV's clamd, which scans every evidence file before staff can open it: a Unix socket path
   * (`/run/clamav/clamd.ctl`) or `host:port` (TCPSocket). Unset: files stay `pending` and unopenable.
   */
  CLAMD_ADDRESS: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional()),
  /** How long one scan may take before it counts as "scanner unreachable". */
  CLAMD_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** Scanner unreachable: the file's next scan waits BASE seconds, doubling per attempt up to MAX. */
  EVIDENCE_SCAN_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  EVIDENCE_SCAN_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  /**
   * The most pixels (width × height) an evidence image may declare for its preview copies to be made: a
   * decompression bomb (a small file declaring huge dimensions) is refused before it is decoded.
   */
  EVIDENCE_PREVIEW_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(268_402_689).default(40_000_000),
});

export type ApiEnv = z.infer<typeof ZApiEnv>;

export class EnvError extends Error {}

/** Validates the environment at boot; a missing or malformed variable stops the start with a readable message. */
export function loadEnv(
  source: NodeJS.ProcessEnv = process.env,
  options: { purpose?: 'serve' | 'migrate' } = {},
): ApiEnv {
  const result = ZApiEnv.safeParse(source);
  const lines = result.success
    ? []
    : result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  // The migrate step never checks an access code; the serving API cannot work without the key.
  if (
    result.success &&
    result.data.NODE_ENV === 'production' &&
    !result.data.ACCESS_CODE_KEYS &&
    options.purpose !== 'migrate'
  ) {
    lines.push(
      '  - ACCESS_CODE_KEYS: required in production ("kid:base64key", e.g. k1:$(openssl rand -base64 32)); without it no access code could be checked after a restart',
    );
  }
  if (
    result.success &&
    result.data.NODE_ENV === 'production' &&
    !result.data.MADOGUCHI_KEK &&
    !result.data.MADOGUCHI_KEK_FILE &&
    options.purpose !== 'migrate'
  ) {
    lines.push(
      '  - MADOGUCHI_KEK or MADOGUCHI_KEK_FILE: required in production (the key-encryption key of the encrypted fields, base64 of 32 bytes, e.g. $(openssl rand -base64 32)); keep it apart from the database backups',
    );
  }
  if (result.success && lines.length === 0) {
    return result.data;
  }
  throw new EnvError(`Invalid environment for the Madoguchi API:\n${lines.join('\n')}`);
}
