import { z } from 'zod';

import type { TLocalized } from './category';
import { canTransition, transitionRequiresReason, type TCaseStatus } from './case-status';

export const REFERRAL_STATUSES = [
  'draft',
  'sent',
  'acknowledged',
  'completed',
  'declined',
  'no_response',
  'cancelled',
] as const;
export const ZReferralStatus = z.enum(REFERRAL_STATUSES);
export type TReferralStatus = z.infer<typeof ZReferralStatus>;

export const REFERRAL_STATUS_LABELS: Readonly<Record<TReferralStatus, TLocalized>> = {
  draft: { ja: '下書き', en: 'Draft' },
  sent: { ja: '紹介済み', en: 'Sent' },
  acknowledged: { ja: '先方が受付', en: 'Acknowledged' },
  completed: { ja: '対応完了', en: 'Completed' },
  declined: { ja: '先方が対応不可', en: 'Declined' },
  no_response: { ja: '先方から返事なし', en: 'No response' },
  cancelled: { ja: '取り消し', en: 'Cancelled' },
};

/**
 * The closed loop of a referral: draft → sent → acknowledged → completed, with the ways out. A window that never
 * answers is marked no_response and is either sent again (a phone call, a second letter) or given up (cancelled).
 * completed, declined and cancelled are terminal: a new attempt is a new referral, so each one keeps its own history.
 */
export const REFERRAL_TRANSITIONS: Readonly<Record<TReferralStatus, readonly TReferralStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['acknowledged', 'declined', 'no_response', 'cancelled'],
  acknowledged: ['completed', 'declined', 'cancelled'],
  no_response: ['sent', 'cancelled'],
  completed: [],
  declined: [],
  cancelled: [],
};

export function canReferralTransition(from: TReferralStatus, to: TReferralStatus): boolean {
  return REFERRAL_TRANSITIONS[from].includes(to);
}

export function isTerminalReferralStatus(status: TReferralStatus): boolean {
  return REFERRAL_TRANSITIONS[status].length === 0;
}

/** Statuses in which the desk still owes the person a check on whether the window helped. */
export const REFERRAL_FOLLOW_UP_STATUSES = [
  'sent',
  'acknowledged',
  'no_response',
] as const satisfies readonly TReferralStatus[];

/** Counselors check back a week after sending unless they set another date. */
export const DEFAULT_FOLLOW_UP_DAYS = 7;

export function defaultFollowUpDue(sentAt: Date): Date {
  return new Date(sentAt.getTime() + DEFAULT_FOLLOW_UP_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * Days past a sent referral's follow-up date, with no answer from the window, after which the counselor is
 * asked whether to mark it no_response (the API's FOLLOWUP_GRACE_DAYS; nothing changes without them).
 */
export const DEFAULT_FOLLOWUP_GRACE_DAYS = 7;

/** Sent, never acknowledged, and the follow-up date is more than `graceDays` past at `now`. */
export function isNoResponseSuspected(
  referral: { status: TReferralStatus; followUpDueAt: Date | null },
  now: Date,
  graceDays: number = DEFAULT_FOLLOWUP_GRACE_DAYS,
): boolean {
  return (
    referral.status === 'sent' &&
    referral.followUpDueAt !== null &&
    now.getTime() - referral.followUpDueAt.getTime() >= graceDays * 24 * 60 * 60 * 1000
  );
}

export type TReferralTransitionCheck = { ok: true } | { ok: false; message: TLocalized };

export function checkReferralTransition(
  from: TReferralStatus,
  to: TReferralStatus,
): TReferralTransitionCheck {
  if (canReferralTransition(from, to)) {
    return { ok: true };
  }
  const f = REFERRAL_STATUS_LABELS[from];
  const t = REFERRAL_STATUS_LABELS[to];
  return {
    ok: false,
    message: isTerminalReferralStatus(from)
      ? {
          ja: `「${f.ja}」になった紹介は変更できません。必要なら新しい紹介を作ってください`,
          en: `A referral that is "${f.en}" cannot change any more. Create a new referral if needed`,
        }
      : {
          ja: `紹介を「${f.ja}」から「${t.ja}」には変更できません`,
          en: `A referral cannot move from "${f.en}" to "${t.en}"`,
        },
  };
}

/**
 * The case statuses to pass through when a referral is sent, in order (empty: the case is already referred), or null
 * when the case cannot be referred (closed: reopen it first). Open cases that are not being worked on yet go through
 * in_progress, so the timeline shows every step the case workflow allows and none it does not.
 */
export function caseStepsToReferred(from: TCaseStatus): TCaseStatus[] | null {
  if (from === 'referred') {
    return [];
  }
  // closed → in_progress is a reopen, which needs its own reason; sending a referral must never do it silently.
  if (transitionRequiresReason(from, 'in_progress')) {
    return null;
  }
  const steps: TCaseStatus[] = canTransition(from, 'referred') ? ['referred'] : ['in_progress', 'referred'];
  let at: TCaseStatus = from;
  for (const step of steps) {
    if (!canTransition(at, step)) {
      return null;
    }
    at = step;
  }
  return steps;
}
