import {
  contract,
  type TIntakeDraftInput,
  type TIntakeInput,
  type TIntakeStatusRequest,
  type TPersonReply,
  type TPersonDataExportRequest,
  type TPersonRequestCreateInput,
  type TRoute,
  type TRouteInput,
  type TRouteReply,
  type TTroubleCategory,
} from '@madoguchi/shared';
import { callApi, type TApiResult, type TFailureMessages } from './api-client';
import { streamToApi, type TStreamedBody } from './api-stream';
import { downloadError, passFile, type TDownloadBack } from './file-download';
import { forwardedHeaders } from './forwarded-headers';

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

/** POST /intakes/status/replies: the person's answer; the key records a resent form once. */
export function replyToDesk(body: TPersonReply, idempotencyKey: string) {
  return publicCall(contract.intake.reply, { body, headers: { 'idempotency-key': idempotencyKey } });
}

/** POST /intakes/status/requests: the person asks for a correction or for deletion of their data. */
export function createPersonRequest(body: TPersonRequestCreateInput) {
  return publicCall(contract.personRequests.create, { body });
}

/** POST /intakes/status/export: the person's own data as a file (JSON or PDF), passed through to the browser. */
export function exportPersonData(body: TPersonDataExportRequest, back: TDownloadBack) {
  return publicFile(contract.personRequests.exportData, { body }, back);
}

/** POST /intakes/evidence: the person's multipart upload (credentials first, then files), piped as it arrives. */
export async function uploadPersonEvidence(streamed: TStreamedBody) {
  return streamToApi(contract.evidence.personUpload, {}, streamed, {
    headers: await forwardedHeaders(),
    messages: MESSAGES,
  });
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

/** A public file download (the window's shared evidence), streamed through; a failure opens a page saying why. */
export async function publicFile<R extends TRoute>(
  route: R,
  input: TRouteInput<R>,
  back: TDownloadBack,
): Promise<Response> {
  const result = await callApi(route, input, { headers: await forwardedHeaders(), messages: MESSAGES });
  if (!result.ok) {
    return downloadError(result.error.message, result.error.status || 503, back);
  }
  return passFile(result.data as Response);
}
