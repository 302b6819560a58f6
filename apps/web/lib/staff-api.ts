import type { TLocalized, TRoute, TRouteInput, TRouteReply } from '@madoguchi/shared';
import { redirect } from 'next/navigation';

import { forcedStepOfApiError, forcedStepPath } from '../modules/auth/forced-step';
import { callApi, type TApiFailure, type TApiResult } from './api-client';
import { requireStaff } from './auth';
import { downloadError, passFile } from './file-download';
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
  options: { raw?: { body: BodyInit; contentType: string }; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<TApiResult<TRouteReply<R>>> {
  const result = await callApi(route, input, { ...(await staffOptions()), ...options });
  if (!result.ok) {
    redirectOnSessionError(result.error);
  }
  return result;
}

/** A file's answer may stream for a while (an evidence file on a slow line): the whole download gets this long. */
const FILE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * A file route (PDF, CSV, an evidence file) passed through to the browser by a route handler, with the API's content
 * type, file name and no-store caching; a failure opens an error page instead of saving the error as a file.
 */
export async function staffFile<R extends TRoute>(route: R, input: TRouteInput<R>): Promise<Response> {
  const result = await callApi(route, input, { ...(await staffOptions()), timeoutMs: FILE_TIMEOUT_MS });
  if (!result.ok) {
    redirectOnSessionError(result.error);
    return downloadError(result.error.message, result.error.status || 503, TO_QUEUE);
  }
  return passFile(result.data as Response);
}

const TO_QUEUE = { href: '/cases', label: { ja: '相談一覧へ', en: 'To the case queue' } };

export type { TApiFailure };
