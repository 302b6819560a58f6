import {
  canReferralTransition,
  caseStepsToReferred,
  checkReferralTransition,
  defaultFollowUpDue,
  isTerminalReferralStatus,
  REFERRAL_FOLLOW_UP_STATUSES,
  REFERRAL_STATUSES,
  type TReferralStatus,
} from './referral-status';

const ALLOWED: [TReferralStatus, TReferralStatus][] = [
  ['draft', 'sent'],
  ['draft', 'cancelled'],
  ['sent', 'acknowledged'],
  ['sent', 'declined'],
  ['sent', 'no_response'],
  ['sent', 'cancelled'],
  ['acknowledged', 'completed'],
  ['acknowledged', 'declined'],
  ['acknowledged', 'cancelled'],
  ['no_response', 'sent'],
  ['no_response', 'cancelled'],
];

describe('referral loop', () => {
  it('allows exactly the listed transitions', () => {
    for (const from of REFERRAL_STATUSES) {
      for (const to of REFERRAL_STATUSES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect({ from, to, allowed: canReferralTransition(from, to) }).toEqual({
          from,
          to,
          allowed: expected,
        });
      }
    }
  });

  it('ends at completed, declined and cancelled, and nowhere else', () => {
    expect(REFERRAL_STATUSES.filter(isTerminalReferralStatus)).toEqual([
      'completed',
      'declined',
      'cancelled',
    ]);
  });

  it('follows up only on referrals that are out with a window and not finished', () => {
    expect([...REFERRAL_FOLLOW_UP_STATUSES].sort()).toEqual(['acknowledged', 'no_response', 'sent']);
    for (const status of REFERRAL_FOLLOW_UP_STATUSES) {
      expect(isTerminalReferralStatus(status)).toBe(false);
    }
  });

  it('explains a refused move, and says a finished referral needs a new one', () => {
    expect(checkReferralTransition('draft', 'sent')).toEqual({ ok: true });
    expect(checkReferralTransition('draft', 'completed')).toEqual({
      ok: false,
      message: {
        ja: '紹介を「下書き」から「対応完了」には変更できません',
        en: 'A referral cannot move from "Draft" to "Completed"',
      },
    });
    const terminal = checkReferralTransition('completed', 'sent');
    expect(terminal.ok).toBe(false);
    expect(!terminal.ok && terminal.message.ja).toContain('新しい紹介');
  });

  it('falls due a week after sending', () => {
    expect(defaultFollowUpDue(new Date('2026-03-01T00:00:00Z')).toISOString()).toBe(
      '2026-03-08T00:00:00.000Z',
    );
  });
});

describe('case steps when a referral is sent', () => {
  it('goes straight to referred from in_progress and stays put when already referred', () => {
    expect(caseStepsToReferred('in_progress')).toEqual(['referred']);
    expect(caseStepsToReferred('referred')).toEqual([]);
  });

  it('passes through in_progress from new, triaged and awaiting_client, as the case workflow requires', () => {
    expect(caseStepsToReferred('new')).toEqual(['in_progress', 'referred']);
    expect(caseStepsToReferred('triaged')).toEqual(['in_progress', 'referred']);
    expect(caseStepsToReferred('awaiting_client')).toEqual(['in_progress', 'referred']);
  });

  it('refuses a closed case', () => {
    expect(caseStepsToReferred('closed')).toBeNull();
  });
});
