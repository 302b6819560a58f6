import { z } from 'zod';

import type { TLocalized } from './category';

export const CASE_STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'referred',
  'awaiting_client',
  'closed',
] as const;
export const ZCaseStatus = z.enum(CASE_STATUSES);
export type TCaseStatus = z.infer<typeof ZCaseStatus>;

export const CASE_STATUS_LABELS: Readonly<Record<TCaseStatus, TLocalized>> = {
  new: { ja: '新規', en: 'New' },
  triaged: { ja: '振り分け済み', en: 'Triaged' },
  in_progress: { ja: '対応中', en: 'In progress' },
  referred: { ja: '他の窓口を案内済み', en: 'Referred' },
  awaiting_client: { ja: '相談者の返事待ち', en: 'Awaiting client' },
  closed: { ja: '終了', en: 'Closed' },
};

/**
 * Allowed moves. Main path: new → triaged → in_progress → referred → awaiting_client → closed.
 * Extra edges: new → in_progress (a counselor picks it straight up); every open state → closed; new → closed is
 * included for spam and duplicate submissions; in_progress ⇄ awaiting_client; referred → in_progress (the referral
 * did not work out); closed → in_progress (reopen). Reopening never goes back to new/triaged, so the case keeps its
 * triage history.
 */
export const CASE_TRANSITIONS: Readonly<Record<TCaseStatus, readonly TCaseStatus[]>> = {
  new: ['triaged', 'in_progress', 'closed'],
  triaged: ['in_progress', 'closed'],
  in_progress: ['referred', 'awaiting_client', 'closed'],
  referred: ['awaiting_client', 'in_progress', 'closed'],
  awaiting_client: ['in_progress', 'closed'],
  closed: ['in_progress'],
};

export function canTransition(from: TCaseStatus, to: TCaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/**
 * Closing needs a reason (resolved, referred elsewhere, no reply, spam…) and so does reopening: both are the moves
 * a later reviewer asks "why?" about.
 */
export function transitionRequiresReason(from: TCaseStatus, to: TCaseStatus): boolean {
  return to === 'closed' || from === 'closed';
}

export type TTransitionCheck =
  { ok: true } | { ok: false; code: 'transition_not_allowed' | 'reason_required'; message: TLocalized };

/** One place for the API to validate a status change, with a message fit for the counselor UI. */
export function checkTransition(
  from: TCaseStatus,
  to: TCaseStatus,
  reason?: string | null,
): TTransitionCheck {
  if (!canTransition(from, to)) {
    return {
      ok: false,
      code: 'transition_not_allowed',
      message: {
        ja: `「${CASE_STATUS_LABELS[from].ja}」から「${CASE_STATUS_LABELS[to].ja}」には変更できません`,
        en: `A case cannot move from "${CASE_STATUS_LABELS[from].en}" to "${CASE_STATUS_LABELS[to].en}"`,
      },
    };
  }
  if (transitionRequiresReason(from, to) && !reason?.trim()) {
    return {
      ok: false,
      code: 'reason_required',
      message: { ja: '理由を書いてください', en: 'Please give a reason for this change' },
    };
  }
  return { ok: true };
}
