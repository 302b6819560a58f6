import type { TLocalized, TRoute, TRouteInput, TRouteReply } from '@madoguchi/shared';
import { redirect } from 'next/navigation';

import { forcedStepOfApiError, forcedStepPath } from '../modules/auth/forced-step';
import { callApi, type TApiFailure, type TApiResult } from './api-client';
import { requireStaff } from './auth';
import { forwardedHeaders } from './forwarded-headers';

/*
 * The staff dashboard's calls, from server code only (server components, server actions, route handlers),
 * through the one client (lib/api-client.ts) with the signed-in person's access token from the session
 * cookie. A 401 (session ended elsewhere: deactivated, revoked, role changed) leads to the sign-in page; a
 * session the API restricts goes to the page of its step.
 */

const UNAVAILABLE_MESSAGE: TLocalized = {
  ja: 'いまAPIサーバーにつながりません。少し時間をおいてから、もう一度ためしてください。',
  en: 'The API server cannot be reached right now. Please try again in a little while.',
};

const UNEXPECTED_MESSAGE: TLocalized = {
  ja: 'サーバーから予期しない応答がありました。画面を読み込み直してください。',
  en: 'The server sent an unexpected reply. Please reload the page.',
};

const TIMEOUT_MS = 20_000;

/**
 * Session problems are not the page's to handle: they end in the sign-in page, or on the page of the step
 * the API says the session must finish first (password change, TOTP enrolment).
 */
function redirectOnSessionError(error: Pick<TApiFailure, 'status' | 'code' | 'reason'>): void {
  if (error.status === 401) {
    redirect('/login?reason=expired');
  }
  const step = forcedStepOfApiError(error);
  if (step) {
    redirect(forcedStepPath(step));
  }
}

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

const STAFF_MESSAGES = { unavailable: UNAVAILABLE_MESSAGE, unexpected: UNEXPECTED_MESSAGE };

async function staffOptions() {
  const session = await requireStaff();
  return {
    token: session.accessToken,
    headers: await forwardedHeaders(),
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
