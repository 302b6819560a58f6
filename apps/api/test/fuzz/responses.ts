import {
  ZIntakeReceipt,
  ZIntakeStatus,
  ZLoginReply,
  ZPartnerLinkAnswer,
  ZPartnerLinkView,
  ZReferralWindow,
  ZRefreshReply,
  ZSignedIn,
  ZTriageResult,
} from '@madoguchi/shared';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../../src/common/errors/app-error';

/*
 * What a reply of a public endpoint may look like. Errors: the common body, with the code matching the
 * HTTP status. Successes: the endpoint's response schema (the shared ones where the web app reads them,
 * the sign-in replies included).
 */

const ZNonEmpty = z.string().trim().min(1);

export const ZCommonErrorBody = z.strictObject({
  code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
  message: z.strictObject({ ja: ZNonEmpty, en: ZNonEmpty }),
  details: z.record(z.string(), z.unknown()),
  requestId: ZNonEmpty,
});

export const ZWindowView = ZReferralWindow.extend({
  openNow: z.boolean().nullable(),
  nextOpenAt: z.iso.datetime().nullable(),
});

export const ZHealthLive = z.strictObject({ status: z.literal('ok') });
export const ZHealthReady = z.strictObject({
  status: z.literal('ok'),
  checks: z.strictObject({ database: z.literal('ok') }),
});

export {
  ZIntakeReceipt,
  ZIntakeStatus,
  ZLoginReply,
  ZPartnerLinkAnswer,
  ZPartnerLinkView,
  ZRefreshReply,
  ZSignedIn,
  ZTriageResult,
};

export type Reply = { statusCode: number; headers: Record<string, unknown>; body: string };

/** null when the reply is acceptable; otherwise what is wrong with it. */
export function replyProblem(reply: Reply, success: Partial<Record<number, z.ZodType>>): string | null {
  const { statusCode } = reply;
  if (statusCode >= 500) {
    return `server error ${statusCode}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.body);
  } catch {
    return `${statusCode} with a body that is not JSON`;
  }
  const type = String(reply.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) {
    return `${statusCode} with content-type ${type || '(none)'}`;
  }
  if (statusCode >= 400) {
    const error = ZCommonErrorBody.safeParse(parsed);
    if (!error.success) {
      return `${statusCode} without the common error body: ${z.prettifyError(error.error)}`;
    }
    if (ERROR_STATUS[error.data.code] !== statusCode) {
      return `${statusCode} with code ${error.data.code}, which maps to ${ERROR_STATUS[error.data.code]}`;
    }
    if (reply.headers['x-request-id'] !== error.data.requestId) {
      return `requestId ${error.data.requestId} differs from the x-request-id header`;
    }
    return null;
  }
  const schema = success[statusCode];
  if (!schema) {
    return `unexpected status ${statusCode}`;
  }
  const ok = schema.safeParse(parsed);
  return ok.success
    ? null
    : `${statusCode} body does not match the response schema: ${z.prettifyError(ok.error)}`;
}
