import {
  fillPath,
  isFileReply,
  type TErrorCode,
  type TFieldError,
  type TLocalized,
  type TRoute,
  type TRouteInput,
  type TRouteReply,
  ZApiErrorBody,
} from '@madoguchi/shared';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

import { serverEnv } from './env';

/*
 * The web app's one client of the API, used from server code only (pages, server actions, route handlers,
 * next-auth): browsers never call the API themselves. Every call names a route of the shared contract
 * (`contract.cases.list`), never a path; the reply is checked against the route's schema, the error body
 * against the shared one. Timeouts and the request id live here and nowhere else. The session-aware
 * wrappers (lib/staff-api.ts, lib/public-api.ts) add the caller's token and forwarded address.
 */

export type TApiFailure = {
  /** The API's error code; `unavailable` when unreachable or shed, `internal` when the reply made no sense. */
  code: TErrorCode;
  status: number;
  message: TLocalized;
  fields: TFieldError[];
  /** details.reason: version_conflict, mfa_enrolment_required… (see ERROR_REASONS). */
  reason?: string;
  details: Record<string, unknown>;
  /** From Retry-After (seconds) when the API shed the request (503) or rate-limited it (429). */
  retryAfterSeconds?: number;
  requestId: string;
};

export type TApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: TApiFailure };

export type TFailureMessages = { unavailable: TLocalized; unexpected: TLocalized };

export type TCallOptions = {
  /** The signed-in person's access token. */
  token?: string;
  /** Extra request headers: the person's forwarded address and user agent (see lib/forwarded.ts). */
  headers?: Record<string, string>;
  /** A body that is not JSON (the registry's CSV import, a streamed multipart upload), sent as is. */
  raw?: { body: BodyInit; contentType: string };
  timeoutMs?: number;
  /** Also aborts the call: a route handler passes request.signal, so a browser that went away stops the call. */
  signal?: AbortSignal;
  /** What the person reads when the API cannot be reached or answers nonsense. */
  messages?: TFailureMessages;
};

const DEFAULT_TIMEOUT_MS = 15_000;

export const DEFAULT_MESSAGES: TFailureMessages = {
  unavailable: {
    ja: 'いまサーバーにつながりません。少し時間をおいてから、もう一度ためしてください。',
    en: 'The server cannot be reached right now. Please try again in a little while.',
  },
  unexpected: {
    ja: 'サーバーから予期しない応答がありました。画面を読み込み直してください。',
    en: 'The server sent an unexpected reply. Please reload the page.',
  },
};

/** `?a=1&b=x&b=y` from a query object; empty values are left out. */
export function toQueryString(query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Retry-After as seconds (the API sends delta-seconds; an HTTP date from a proxy is accepted too). */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) {
    return undefined;
  }
  if (/^\d+$/.test(header.trim())) {
    return Number(header.trim());
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function failure(
  code: TErrorCode,
  status: number,
  message: TLocalized,
  requestId: string,
  extra: Partial<TApiFailure> = {},
): { ok: false; error: TApiFailure } {
  return { ok: false, error: { code, status, message, fields: [], details: {}, requestId, ...extra } };
}

async function errorOf(response: Response, requestId: string, messages: TFailureMessages) {
  const payload: unknown = await response.json().catch(() => undefined);
  const parsed = ZApiErrorBody.safeParse(payload);
  const retryAfterSeconds = retryAfter(response.headers.get('retry-after'));
  const retry = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
  if (!parsed.success) {
    // Not the API's own error shape: a proxy or gateway answered (502, 504…) or the API is down.
    return response.status >= 500
      ? failure('unavailable', response.status, messages.unavailable, requestId, retry)
      : failure('internal', response.status, messages.unexpected, requestId, retry);
  }
  const { code, message, details } = parsed.data;
  return failure(code, response.status, message, requestId, {
    fields: details.fields ?? [],
    ...(details.reason ? { reason: details.reason } : {}),
    details,
    requestId: parsed.data.requestId,
    ...retry,
  });
}

/**
 * Calls one contract route. Success: the reply parsed by the route's schema (a file route gets the raw
 * Response to stream on; a 204 route gets undefined). Failure: the API's error, or `unavailable`.
 */
export async function callApi<R extends TRoute>(
  route: R,
  input: TRouteInput<R>,
  options: TCallOptions = {},
): Promise<TApiResult<TRouteReply<R>>> {
  const messages = options.messages ?? DEFAULT_MESSAGES;
  const requestId = randomUUID();
  const { params, query, body, headers } = input as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    headers?: Record<string, string>;
  };
  const path = `${fillPath(route.path, params)}${toQueryString(query)}`;
  const label = `${route.method} ${route.path} [${requestId}]`;
  const sent = options.raw
    ? options.raw
    : body === undefined
      ? undefined
      : { body: JSON.stringify(body), contentType: 'application/json' };
  let response: Response;
  try {
    response = await fetch(`${serverEnv().API_URL}/api/v1${path}`, {
      method: route.method,
      headers: {
        accept: isFileReply(route.reply) ? '*/*' : 'application/json',
        'x-request-id': requestId,
        ...(sent ? { 'content-type': sent.contentType } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
        ...headers,
      },
      body: sent?.body,
      // A streamed body (an upload piped through from the browser, lib/api-stream.ts) needs half duplex.
      ...(sent?.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      cache: 'no-store',
      signal: AbortSignal.any([
        AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        ...(options.signal ? [options.signal] : []),
      ]),
    });
  } catch (error) {
    console.error(`API ${label} failed:`, error instanceof Error ? error.message : error);
    return failure('unavailable', 0, messages.unavailable, requestId);
  }
  if (!response.ok) {
    return errorOf(response, requestId, messages);
  }
  if (route.reply === null) {
    return { ok: true, status: response.status, data: undefined as TRouteReply<R> };
  }
  if (isFileReply(route.reply)) {
    return { ok: true, status: response.status, data: response as TRouteReply<R> };
  }
  const payload: unknown = await response.json().catch(() => undefined);
  const parsed = route.reply.safeParse(payload);
  if (!parsed.success) {
    console.error(`API ${label}: unexpected reply`, z.prettifyError(parsed.error));
    return failure('internal', 502, messages.unexpected, requestId);
  }
  return { ok: true, status: response.status, data: parsed.data as TRouteReply<R> };
}
