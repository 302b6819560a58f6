import type { TRoute, TRouteInput, TRouteReply } from '@madoguchi/shared';

import { isCrossSiteRequest } from '../modules/security/same-origin';
import { type TApiResult, type TCallOptions, callApi } from './api-client';

/*
 * A request body piped to the API as it arrives (evidence uploads), through the one client (lib/api-client.ts),
 * which sends a ReadableStream half-duplex. Nothing here reads the body: a route handler hands over
 * request.body, never request.formData() (which, like server actions, holds the whole upload in memory).
 */

/**
 * How long one upload may take end to end: a person on a slow mobile line sending several large screenshots
 * needs minutes, not the 15 s of an ordinary call. The API bounds a stalled upload on its side.
 */
export const UPLOAD_TIMEOUT_MS = 15 * 60 * 1000;

export type TStreamedBody = {
  /** The stream to send, e.g. a route handler's request.body. */
  body: ReadableStream<Uint8Array>;
  /** Its content type as received (a multipart body's boundary included). */
  contentType: string;
  /** The browser's request.signal: an aborted upload aborts the call. */
  signal?: AbortSignal;
};

/**
 * The request's body to pipe on, when it is a multipart/form-data upload (with its boundary); null otherwise.
 * The body is handed over unread.
 */
export function multipartBody(
  request: Request,
): { body: ReadableStream<Uint8Array>; contentType: string } | null {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(contentType) || request.body === null) {
    return null;
  }
  return { body: request.body, contentType };
}

/**
 * A route handler taking a form POST must refuse other sites itself (Next.js does it for server actions only):
 * modules/security/same-origin.ts.
 */
export function isSameOrigin(request: Request): boolean {
  return !isCrossSiteRequest(request.headers);
}

/** How long a refused upload's remainder is read and dropped before the browser gets the answer anyway. */
const DRAIN_LIMIT_MS = 2 * 60 * 1000;

/** Reads and drops what is left of the body, so the browser's connection can carry the answer (and another request). */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  try {
    for (;;) {
      if (Date.now() > deadline) {
        await reader.cancel();
        return;
      }
      const { done } = await reader.read();
      if (done) {
        return;
      }
    }
  } catch {
    // The browser went away: nothing left to answer.
  }
}

/**
 * Calls a contract route with a streamed body; the options are the client's (token, headers, messages).
 *
 * The API may answer before it has read the whole body (a refused file: it stops at the first one), and both
 * connections then still carry the rest of the body. Towards the API, a connection whose body the API stopped
 * reading would hang the next call sent on it: an upload's connection is closed after its call (Connection:
 * close) and the call aborted once its answer is in. Towards the browser, a server that answers while the upload
 * is still coming may lose the answer or leave the connection unusable: what is left is read here and dropped
 * (never held), then the answer goes back.
 */
export async function streamToApi<R extends TRoute>(
  route: R,
  input: TRouteInput<R>,
  streamed: TStreamedBody,
  options: Omit<TCallOptions, 'raw' | 'signal'> = {},
): Promise<TApiResult<TRouteReply<R>>> {
  const source = streamed.body.getReader();
  let sourceDone = false;
  const forwarded = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await source.read();
      try {
        if (done) {
          sourceDone = true;
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch {
        // The call was over (aborted) while this chunk was on its way: drain() takes the rest.
      }
    },
  });
  const answered = new AbortController();
  try {
    return await callApi(route, input, {
      timeoutMs: UPLOAD_TIMEOUT_MS,
      ...options,
      // Never back into the pool: the API may have stopped reading this connection's body.
      headers: { ...options.headers, connection: 'close' },
      raw: { body: forwarded, contentType: streamed.contentType },
      signal: streamed.signal ? AbortSignal.any([streamed.signal, answered.signal]) : answered.signal,
    });
  } finally {
    answered.abort();
    if (!sourceDone && !streamed.signal?.aborted) {
      await drain(source);
    }
  }
}
