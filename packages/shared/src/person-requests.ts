import { z } from 'zod';

import type { TLocalized } from './category';

/*
 * Requests from the person about their own data (APPI: 訂正・利用停止; the disclosure itself is the download on the
 * status page). The kinds, the states and what the person sees of a request; the request bodies are in
 * person-requests-api.schema.ts (they extend the status page's receipt number + access code).
 */

export const PERSON_REQUEST_KINDS = ['correction', 'deletion'] as const;
export const ZPersonRequestKind = z.enum(PERSON_REQUEST_KINDS);
export type TPersonRequestKind = z.infer<typeof ZPersonRequestKind>;

/** received → completed | refused; a decided request never changes again. */
export const PERSON_REQUEST_STATUSES = ['received', 'completed', 'refused'] as const;
export const ZPersonRequestStatus = z.enum(PERSON_REQUEST_STATUSES);
export type TPersonRequestStatus = z.infer<typeof ZPersonRequestStatus>;

export const PERSON_REQUEST_KIND_LABELS: Readonly<Record<TPersonRequestKind, TLocalized>> = {
  correction: { ja: '訂正', en: 'Correction' },
  deletion: { ja: '利用停止・削除', en: 'Stop using and delete' },
};

export const PERSON_REQUEST_STATUS_LABELS: Readonly<Record<TPersonRequestStatus, TLocalized>> = {
  received: { ja: '受け付けました(確認中)', en: 'Received (being reviewed)' },
  completed: { ja: '対応しました', en: 'Done' },
  refused: { ja: 'お受けできませんでした', en: 'Refused' },
};

/** The person's text (what is wrong, or why they ask for deletion). */
export const MAX_PERSON_REQUEST_TEXT_LENGTH = 2000;
/** A counselor's refusal reason (shown to the person) or the description of a correction made. */
export const MAX_PERSON_REQUEST_DECISION_LENGTH = 2000;

/** Default number of days the desk has to decide a request (PERSON_REQUEST_DUE_DAYS). */
export const DEFAULT_PERSON_REQUEST_DUE_DAYS = 14;

/**
 * A request as the person sees it on the status page: never who decided it, nor the counselor's description of a
 * correction (a case event, internal); a refusal's reason is for the person and is shown.
 */
export const ZPersonRequestPublic = z.strictObject({
  kind: ZPersonRequestKind,
  status: ZPersonRequestStatus,
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  refusalReason: z.string().nullable(),
});
export type TPersonRequestPublic = z.infer<typeof ZPersonRequestPublic>;

/** Whether a due date has passed for a request still waiting for a decision. */
export function isPersonRequestOverdue(
  request: { status: TPersonRequestStatus; dueAt: string },
  now: Date,
): boolean {
  return request.status === 'received' && Date.parse(request.dueAt) < now.getTime();
}
