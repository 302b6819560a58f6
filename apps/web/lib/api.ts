import {
  type TFieldError,
  type TIntakeDraftInput,
  type TIntakeInput,
  type TIntakeReceipt,
  type TIntakeStatus,
  type TIntakeStatusRequest,
  type TLocalized,
  type TTriageResult,
  type TTroubleCategory,
  ZIntakeReceipt,
  ZIntakeStatus,
  ZLocalized,
  ZTriageResult,
} from '@madoguchi/shared';
import { headers } from 'next/headers';
import { z } from 'zod';

import { trustedForwardedFor } from '../modules/security/forwarded-for';
import { type TWindowView, ZWindowView } from '../modules/windows/window-view';
import { serverEnv } from './env';

/*
 * The web app's only way to the API, used from server code (pages, server actions, route handlers):
 * browsers never call the API themselves. Replies are checked against the shared schemas, so a change
 * of contract shows up here as an error instead of as a half-rendered page.
 */

export type TApiError = {
  /** The API's error code (validation_failed, not_found, locked, rate_limited…), or `unavailable` when unreachable. */
  code: string;
  status: number;
  message: TLocalized;
  fields: TFieldError[];
  /** From the reply's Retry-After (seconds) when the API shed the request (503) or rate-limited it (429). */
  retryAfterSeconds?: number;
};

export type TApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: TApiError };

const ZApiErrorBody = z.object({
  code: z.string(),
  message: ZLocalized.optional(),
  details: z
    .object({
      fields: z.array(z.object({ path: z.string(), code: z.string(), message: ZLocalized })).optional(),
    })
    .loose()
    .optional(),
});

const UNAVAILABLE: TLocalized = {
  ja: 'いま、つながりにくくなっています。少し時間をおいて、もう一度ためしてください。急ぐときは、下の電話番号に相談してください。',
  en: 'We cannot be reached right now. Please try again in a little while. If it is urgent, call one of the numbers below.',
};

const GENERIC: TLocalized = {
  ja: 'うまく処理できませんでした。少し時間をおいて、もう一度ためしてください。',
  en: 'Something went wrong. Please try again in a little while.',
};

const TIMEOUT_MS = 15_000;

function unavailable(status = 0): TApiResult<never> {
  return { ok: false, error: { code: 'unavailable', status, message: UNAVAILABLE, fields: [] } };
}

/**
 * The header that carries the person's address on to the API, whose per-IP rate limits and audit log
 * would otherwise see every person as the web server. server.mjs has replaced whatever the client sent
 * with the address it worked out from the socket and TRUST_PROXY (modules/security/client-address.mjs);
 * the API believes it from the addresses in its own TRUST_PROXY (the web server's).
 */
async function forwardedHeaders(): Promise<Record<string, string>> {
  let forwardedFor: string | undefined;
  try {
    forwardedFor = trustedForwardedFor((await headers()).get('x-forwarded-for'));
  } catch {
    // Outside a request (never in the app itself): nothing to forward.
    return {};
  }
  return forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
}

type TRequest<T> = {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  schema: z.ZodType<T>;
};

async function request<T>({
  method,
  path,
  body,
  headers: extra,
  schema,
}: TRequest<T>): Promise<TApiResult<T>> {
  const url = `${serverEnv().API_URL}/api/v1${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(await forwardedHeaders()),
        ...extra,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    console.error(`API ${method} ${path} failed:`, error instanceof Error ? error.message : error);
    return unavailable();
  }

  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = schema.safeParse(payload);
    if (parsed.success) {
      return { ok: true, status: response.status, data: parsed.data };
    }
    console.error(`API ${method} ${path}: unexpected reply`, z.prettifyError(parsed.error));
    return { ok: false, error: { code: 'internal', status: 502, message: GENERIC, fields: [] } };
  }
  const parsed = ZApiErrorBody.safeParse(payload);
  if (!parsed.success) {
    // Not the API's own error shape: a proxy or gateway answered (502, 504…) or the API is down.
    return response.status >= 500
      ? unavailable(response.status)
      : { ok: false, error: { code: 'internal', status: response.status, message: GENERIC, fields: [] } };
  }
  const retryAfterSeconds = retryAfter(response.headers.get('retry-after'));
  return {
    ok: false,
    error: {
      code: parsed.data.code,
      status: response.status,
      message: parsed.data.message ?? GENERIC,
      fields: parsed.data.details?.fields ?? [],
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
  };
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

/** POST /intakes. The key makes a repeated submission (double tap, reload) return the first reply. */
export function submitIntake(
  body: TIntakeInput,
  idempotencyKey: string,
): Promise<TApiResult<TIntakeReceipt>> {
  return request({
    method: 'POST',
    path: '/intakes',
    body,
    headers: { 'idempotency-key': idempotencyKey },
    schema: ZIntakeReceipt,
  });
}

export function intakeStatus(body: TIntakeStatusRequest): Promise<TApiResult<TIntakeStatus>> {
  return request({ method: 'POST', path: '/intakes/status', body, schema: ZIntakeStatus });
}

export function triagePreview(draft: TIntakeDraftInput): Promise<TApiResult<TTriageResult>> {
  return request({ method: 'POST', path: '/triage/preview', body: draft, schema: ZTriageResult });
}

export function listWindows(
  filter: { category?: TTroubleCategory; openNow?: boolean } = {},
): Promise<TApiResult<TWindowView[]>> {
  const query = new URLSearchParams();
  if (filter.category) {
    query.set('category', filter.category);
  }
  if (filter.openNow !== undefined) {
    query.set('openNow', String(filter.openNow));
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return request({ method: 'GET', path: `/windows${search}`, schema: z.array(ZWindowView) });
}
