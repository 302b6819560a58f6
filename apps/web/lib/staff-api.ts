import {
  type TFieldError,
  type TLocalized,
  type TRoute,
  type TRouteInput,
  type TRouteReply,
  ZLocalized,
} from '@madoguchi/shared';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';

import { forcedStepOfApiError, forcedStepPath } from '../modules/auth/forced-step';
import { callApi, type TApiFailure, type TApiResult } from './api-client';
import { requireStaff } from './auth';
import { serverEnv } from './env';
import { trustedForwardedFor } from '../modules/security/forwarded-for';

/*
 * The staff dashboard's way to the API, from server code only (server components, server actions,
 * route handlers), with the signed-in person's access token from the session cookie. Replies are
 * checked against the shared zod schemas. A 401 (session ended elsewhere: deactivated, revoked, role
 * changed) leads to the sign-in page; a session the API restricts goes to the page of its step.
 */

export type TStaffApiError = {
  /** The API's error code, `unavailable` when unreachable, `internal` when the reply made no sense. */
  code: string;
  status: number;
  message: TLocalized;
  fields: TFieldError[];
  /** details.reason: version_conflict, eligibility_warning, mfa_enrolment_required… */
  reason?: string;
  details: Record<string, unknown>;
};

export type TStaffApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: TStaffApiError };

const ZErrorBody = z.object({
  code: z.string(),
  message: ZLocalized.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const ZFieldErrors = z.array(z.object({ path: z.string(), code: z.string(), message: ZLocalized }));

export const UNAVAILABLE_MESSAGE: TLocalized = {
  ja: 'いまAPIサーバーにつながりません。少し時間をおいてから、もう一度ためしてください。',
  en: 'The API server cannot be reached right now. Please try again in a little while.',
};

export const UNEXPECTED_MESSAGE: TLocalized = {
  ja: 'サーバーから予期しない応答がありました。画面を読み込み直してください。',
  en: 'The server sent an unexpected reply. Please reload the page.',
};

const TIMEOUT_MS = 20_000;

type TMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

type TRequest<T> = {
  method?: TMethod;
  path: string;
  query?: Record<string, string | readonly string[] | number | boolean | undefined | null>;
  body?: unknown;
  /** Raw body (CSV import); sent as is with this content type. */
  raw?: { body: BodyInit; contentType: string };
  schema: z.ZodType<T>;
};

export function toQueryString(query: TRequest<unknown>['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) {
        params.append(key, item);
      }
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function failure(code: string, status: number, message: TLocalized): TStaffApiResult<never> {
  return { ok: false, error: { code, status, message, fields: [], details: {} } };
}

async function send(
  method: TMethod,
  path: string,
  init: { body?: BodyInit; contentType?: string; accept: string },
): Promise<Response | null> {
  const session = await requireStaff();
  const incoming = await headers();
  const forwardedFor = trustedForwardedFor(incoming.get('x-forwarded-for'));
  try {
    return await fetch(`${serverEnv().API_URL}/api/v1${path}`, {
      method,
      headers: {
        accept: init.accept,
        authorization: `Bearer ${session.accessToken}`,
        ...(init.contentType ? { 'content-type': init.contentType } : {}),
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: init.body,
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    console.error(`API ${method} ${path} failed:`, error instanceof Error ? error.message : error);
    return null;
  }
}

async function toError(response: Response): Promise<TStaffApiError> {
  const payload: unknown = await response.json().catch(() => undefined);
  const parsed = ZErrorBody.safeParse(payload);
  if (!parsed.success) {
    return {
      code: response.status >= 500 ? 'unavailable' : 'internal',
      status: response.status,
      message: response.status >= 500 ? UNAVAILABLE_MESSAGE : UNEXPECTED_MESSAGE,
      fields: [],
      details: {},
    };
  }
  const details = parsed.data.details ?? {};
  const fields = ZFieldErrors.safeParse(details['fields']);
  const reason = typeof details['reason'] === 'string' ? details['reason'] : undefined;
  return {
    code: parsed.data.code,
    status: response.status,
    message: parsed.data.message ?? UNEXPECTED_MESSAGE,
    fields: fields.success ? fields.data : [],
    reason,
    details,
  };
}

/**
 * Session problems are not the page's to handle: they end in the sign-in page, or on the page of the step
 * the API says the session must finish first (password change, TOTP enrolment).
 */
function redirectOnSessionError(error: Pick<TStaffApiError, 'status' | 'code' | 'reason'>): void {
  if (error.status === 401) {
    redirect('/login?reason=expired');
  }
  const step = forcedStepOfApiError(error);
  if (step) {
    redirect(forcedStepPath(step));
  }
}

export async function staffApi<T>({
  method = 'GET',
  path,
  query,
  body,
  raw,
  schema,
}: TRequest<T>): Promise<TStaffApiResult<T>> {
  const url = `${path}${toQueryString(query)}`;
  const response = await send(method, url, {
    accept: 'application/json',
    body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
    contentType: raw ? raw.contentType : body === undefined ? undefined : 'application/json',
  });
  if (!response) {
    return failure('unavailable', 0, UNAVAILABLE_MESSAGE);
  }
  if (!response.ok) {
    const error = await toError(response);
    redirectOnSessionError(error);
    return { ok: false, error };
  }
  const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    console.error(`API ${method} ${path}: unexpected reply`, z.prettifyError(parsed.error));
    return failure('internal', 502, UNEXPECTED_MESSAGE);
  }
  return { ok: true, status: response.status, data: parsed.data };
}

/** For replies without a body (204) or whose body the caller does not need. */
export const ZNoContent = z.unknown();

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A download link that fails opens this page instead of saving an error as a file. */
function downloadError(message: TLocalized, status: number): Response {
  const html = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>ダウンロードできませんでした</title>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;line-height:1.8">
<h1>ダウンロードできませんでした <span lang="en">/ The download failed</span></h1>
<p>${escapeHtml(message.ja)}<br><span lang="en">${escapeHtml(message.en)}</span></p>
<p><a href="/cases">相談一覧へ / To the case queue</a></p></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * A file from the API (PDF, CSV) passed through to the browser by a route handler, with the API's
 * content type, file name and no-store caching; errors come back as the API's JSON error.
 */
export async function staffApiDownload(path: string, query?: TRequest<unknown>['query']): Promise<Response> {
  const response = await send('GET', `${path}${toQueryString(query)}`, { accept: '*/*' });
  if (!response) {
    return downloadError(UNAVAILABLE_MESSAGE, 503);
  }
  if (!response.ok) {
    const error = await toError(response);
    redirectOnSessionError(error);
    return downloadError(error.message, error.status);
  }
  const passed = new Headers({ 'cache-control': 'no-store' });
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = response.headers.get(name);
    if (value) {
      passed.set(name, value);
    }
  }
  return new Response(response.body, { status: 200, headers: passed });
}

const STAFF_MESSAGES = { unavailable: UNAVAILABLE_MESSAGE, unexpected: UNEXPECTED_MESSAGE };

async function staffOptions() {
  const session = await requireStaff();
  const forwardedFor = trustedForwardedFor((await headers()).get('x-forwarded-for'));
  return {
    token: session.accessToken,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : undefined,
    messages: STAFF_MESSAGES,
    timeoutMs: TIMEOUT_MS,
  };
}

/**
 * A contract route called as the signed-in staff member (server code only). A 401 leads to the sign-in page,
 * a session the API restricts to the page of its step; other errors come back to the caller.
 */
export async function staffCall<R extends TRoute>(
  route: R,
  input: TRouteInput<R>,
  options: { raw?: { body: BodyInit; contentType: string } } = {},
): Promise<TApiResult<TRouteReply<R>>> {
  const result = await callApi(route, input, { ...(await staffOptions()), ...options });
  if (!result.ok) {
    redirectOnSessionError(result.error);
  }
  return result;
}

/**
 * A file route (PDF, CSV) passed through to the browser by a route handler, with the API's content type,
 * file name and no-store caching; a failure opens an error page instead of saving the error as a file.
 */
export async function staffFile<R extends TRoute>(route: R, input: TRouteInput<R>): Promise<Response> {
  const result = await callApi(route, input, await staffOptions());
  if (!result.ok) {
    redirectOnSessionError(result.error);
    return downloadError(result.error.message, result.error.status || 503);
  }
  const response = result.data as Response;
  const passed = new Headers({ 'cache-control': 'no-store' });
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = response.headers.get(name);
    if (value) {
      passed.set(name, value);
    }
  }
  return new Response(response.body, { status: 200, headers: passed });
}

export type { TApiFailure };
