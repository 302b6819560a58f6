import {
  contract,
  type TIntakeDraftInput,
  type TIntakeInput,
  type TIntakeStatusRequest,
  type TRoute,
  type TRouteInput,
  type TRouteReply,
  type TTroubleCategory,
} from '@madoguchi/shared';
import { headers } from 'next/headers';

import { trustedForwardedFor } from '../modules/security/forwarded-for';
import { callApi, type TApiResult, type TFailureMessages } from './api-client';

/*
 * The public pages' calls (intake, status, triage preview, the window directory), through the one client
 * (lib/api-client.ts) with the person's forwarded address and wording meant for a person in distress.
 */

export type { TApiFailure as TApiError, TApiResult } from './api-client';

const MESSAGES: TFailureMessages = {
  unavailable: {
    ja: 'いま、つながりにくくなっています。少し時間をおいて、もう一度ためしてください。急ぐときは、下の電話番号に相談してください。',
    en: 'We cannot be reached right now. Please try again in a little while. If it is urgent, call one of the numbers below.',
  },
  unexpected: {
    ja: 'うまく処理できませんでした。少し時間をおいて、もう一度ためしてください。',
    en: 'Something went wrong. Please try again in a little while.',
  },
};

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

/** A public route, called for the person in front of the page: their address forwarded, plain wording on failure. */
export async function publicCall<R extends TRoute>(
  route: R,
  input: TRouteInput<R>,
): Promise<TApiResult<TRouteReply<R>>> {
  return callApi(route, input, { headers: await forwardedHeaders(), messages: MESSAGES });
}

/** POST /intakes. The key makes a repeated submission (double tap, reload) return the first reply. */
export function submitIntake(body: TIntakeInput, idempotencyKey: string) {
  return publicCall(contract.intake.submit, { body, headers: { 'idempotency-key': idempotencyKey } });
}

export function intakeStatus(body: TIntakeStatusRequest) {
  return publicCall(contract.intake.status, { body });
}

export function triagePreview(draft: TIntakeDraftInput) {
  return publicCall(contract.intake.preview, { body: draft });
}

export function listWindows(filter: { category?: TTroubleCategory; openNow?: boolean } = {}) {
  const { category, openNow } = filter;
  return publicCall(contract.windows.list, {
    query: { category, openNow: openNow === undefined ? undefined : openNow ? 'true' : 'false' },
  });
}
