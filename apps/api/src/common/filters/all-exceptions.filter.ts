import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { TLocalized } from '@madoguchi/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors/app-error';
import { ERROR_MESSAGES } from '../errors/error-messages';

type Rendered = { status: number; code: ErrorCode; details: unknown; headers?: Record<string, string> };

/**
 * A request shed by admission control (a full bulkhead, the sign-in gate) or dropped because its client left while
 * it waited: an expected answer, reported once a minute by the bulkhead (ShedReport), not an error to log each time;
 * likewise a readiness probe answered "not ready" while the process starts (HealthService logs what it found).
 */
function isExpected(exception: unknown): boolean {
  const reason = exception instanceof AppError ? exception.options.details?.reason : undefined;
  return reason === 'overloaded' || reason === 'client_closed' || reason === 'not_ready';
}

/**
 * The one place errors become HTTP responses: `{ code, message, details, requestId }`, never a
 * stack trace. Unknown errors are logged with the request id and answered with a generic 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const rendered = this.render(exception);
    if (rendered.status >= 500 && !isExpected(exception)) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    sendError(
      request,
      reply,
      rendered,
      exception instanceof AppError ? exception.options.userMessage : undefined,
    );
  }

  private render(exception: unknown): Rendered {
    if (exception instanceof AppError) {
      return renderAppError(exception);
    }
    const prisma = mapPrismaError(exception) ?? mapConnectionError(exception);
    if (prisma) {
      return prisma;
    }
    if (exception instanceof HttpException) {
      // Nest re-wraps Fastify's body-parser errors as plain 400s; tell malformed JSON apart.
      const cause = (exception.cause as { code?: string } | undefined)?.code ?? '';
      if (
        exception.getStatus() === 400 &&
        (/^FST_ERR_CTP_(INVALID|EMPTY)_JSON_BODY$/.test(cause) ||
          /not valid JSON|empty/i.test(exception.message))
      ) {
        return { status: 400, code: 'invalid_json', details: null };
      }
      return fromStatus(exception.getStatus());
    }
    const fastifyStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own rejections: malformed JSON, body too large, wrong content type.
      const code = (exception as { code?: string }).code;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || exception instanceof SyntaxError) {
        return { status: 400, code: 'invalid_json', details: null };
      }
      return fromStatus(fastifyStatus);
    }
    return { status: 500, code: 'internal', details: null };
  }
}

/** The common error body, never stored by a browser or proxy; the message defaults to the code's own. */
function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  rendered: Rendered,
  message: TLocalized = ERROR_MESSAGES[rendered.code],
): void {
  void reply
    .code(rendered.status)
    .headers({ 'cache-control': 'no-store', ...rendered.headers })
    .send({ code: rendered.code, message, details: rendered.details ?? {}, requestId: request.id });
}

function renderAppError(error: AppError): Rendered {
  return {
    status: error.status,
    code: error.code,
    details: error.options.details,
    headers: error.options.headers,
  };
}

/** An AppError answered outside Nest's pipeline (in a Fastify hook), with the body the filter would send. */
export function sendAppError(error: AppError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(request, reply, renderAppError(error), error.options.userMessage);
}

/**
 * Fastify's `frameworkErrors`: what it rejects before any route (or Nest) runs — a malformed URL, a path
 * parameter past its length limit (414), a bad content-type header — gets the common error body too.
 */
export function renderFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
  const { code } = fromStatus(status);
  sendError(request, reply, {
    status: ERROR_STATUS[code],
    code,
    details: null,
    headers: { 'x-request-id': request.id },
  });
}

function fromStatus(status: number): Rendered {
  const byStatus: Partial<Record<number, ErrorCode>> = {
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    414: 'uri_too_long',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    503: 'unavailable',
  };
  const code = byStatus[status] ?? (status < 500 ? 'bad_request' : 'internal');
  return { status: status < 500 ? status : ERROR_STATUS[code], code, details: null };
}

/** Prisma's known request errors, mapped once (unique → 409, missing row → 404, foreign key → 400). */
function mapPrismaError(exception: unknown): Rendered | null {
  const code = (exception as { code?: unknown; name?: string } | null)?.code;
  const name = (exception as { name?: string } | null)?.name;
  if (name !== 'PrismaClientKnownRequestError' || typeof code !== 'string') {
    return null;
  }
  // statement_timeout (or a cancel request) ended the query: the bulkhead's limit, nothing half-done was kept.
  if (driverCode(exception) === QUERY_CANCELED) {
    return unavailable({ reason: 'statement_timeout' });
  }
  switch (code) {
    case 'P2002':
      return { status: 409, code: 'conflict', details: null };
    case 'P2025':
      return { status: 404, code: 'not_found', details: null };
    case 'P2003':
      return { status: 400, code: 'bad_request', details: null };
    // The database is down, unreachable or saturated: nothing was saved, and the caller may retry.
    case 'P1001': // can't reach the server
    case 'P1002': // timed out reaching it
    case 'P1008': // operation timed out
    case 'P1017': // server closed the connection
    case 'P2024': // timed out waiting for a pooled connection
    case 'P2028': // unable to start a transaction in time
      return unavailable();
    case 'P2010': // a raw query failed …
    case 'P2039': // … or a database error Prisma has no code for: unavailable when the connection is the cause
      // Text PostgreSQL refuses (a NUL) is the caller's mistake, not ours.
      if (UNSTORABLE_TEXT.has(driverCode(exception) ?? '')) {
        return unstorableText();
      }
      return connectionLost(exception) ? unavailable() : null;
    default:
      return null;
  }
}

// The pg adapter's error kinds that mean "no usable connection" (raw queries report them under P2010).
const RAW_UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseDoesNotExist',
]);

/** The driver adapter's cause says the server could not be reached, went away or is shutting down. */
function connectionLost(exception: unknown): boolean {
  const cause = (
    exception as { meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } }
  ).meta?.driverAdapterError?.cause;
  return (
    (typeof cause?.kind === 'string' && RAW_UNAVAILABLE_KINDS.has(cause.kind)) ||
    (typeof cause?.originalCode === 'string' && UNAVAILABLE_ERRORS.has(cause.originalCode))
  );
}

/**
 * PostgreSQL's "invalid byte sequence" (a NUL) and "untranslatable character": the validation pipe refuses such
 * text before any query; this is the backstop for a path it does not see (a header, a value built in code).
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

function driverCode(exception: unknown): string | undefined {
  const cause = (exception as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta
    ?.driverAdapterError?.cause?.originalCode;
  return typeof cause === 'string' ? cause : undefined;
}

function unstorableText(): Rendered {
  return { status: 400, code: 'bad_request', details: { reason: 'invalid_characters' } };
}

/** Nothing was stored; a retry after a short wait may succeed. Never a 500 that reads as "your data is lost". */
function unavailable(extra: Record<string, unknown> = {}): Rendered {
  return {
    status: 503,
    code: 'unavailable',
    details: { retryable: true, ...extra },
    headers: { 'retry-after': '30' },
  };
}

/** PostgreSQL's query_canceled: statement_timeout, or pg_cancel_backend. */
const QUERY_CANCELED = '57014';

// PostgreSQL and socket errors that reach the filter without Prisma's wrapping (the pg adapter's own).
const UNAVAILABLE_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '53300',
  '08006',
  '08001',
]);

// What node-postgres throws, without a code, on a connection that died under a query (the server was
// killed or restarted): nothing was committed, so the caller may retry.
const LOST_CONNECTION_MESSAGES =
  /Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Connection terminated unexpectedly|Connection terminated due to connection timeout/;

function mapConnectionError(exception: unknown): Rendered | null {
  const error = exception as {
    code?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  } | null;
  const codes = [error?.code, error?.cause?.code];
  const messages = [error?.message, error?.cause?.message];
  return codes.some((code) => typeof code === 'string' && UNAVAILABLE_ERRORS.has(code)) ||
    messages.some((message) => typeof message === 'string' && LOST_CONNECTION_MESSAGES.test(message))
    ? unavailable()
    : null;
}
