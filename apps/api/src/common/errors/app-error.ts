import type { TLocalized } from '@madoguchi/shared';

/** Stable error codes and the HTTP status each maps to. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrorDetail = { path: string; code: string; message: TLocalized };

export type AppErrorOptions = {
  message: string;
  /** Shown to the person; Japanese first. Falls back to a generic text per code. */
  userMessage?: TLocalized;
  details?: unknown;
  headers?: Record<string, string>;
};

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly options: AppErrorOptions,
  ) {
    super(options.message);
    this.status = ERROR_STATUS[code];
  }
}
