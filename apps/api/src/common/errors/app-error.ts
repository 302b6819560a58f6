import { ERROR_STATUS, type TErrorCode, type TErrorReason, type TLocalized } from '@madoguchi/shared';

/** Stable error codes and the HTTP status each maps to: the shared list (packages/shared/src/api-errors.ts). */
export { ERROR_STATUS };
export type ErrorCode = TErrorCode;

export type FieldErrorDetail = { path: string; code: string; message: TLocalized };

export type AppErrorOptions = {
  message: string;
  /** Shown to the person; Japanese first. Falls back to a generic text per code. */
  userMessage?: TLocalized;
  /** reason: one of the shared ERROR_REASONS, so clients can act on it; anything else the case needs. */
  details?: { reason?: TErrorReason; [key: string]: unknown };
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
