import {
  CASE_STATUSES,
  CASE_TRANSITIONS,
  canTransition,
  checkTransition,
  type TCaseStatus,
  transitionRequiresReason,
} from './case-status';

const ALLOWED: [TCaseStatus, TCaseStatus][] = [
  ['new', 'triaged'],
  ['new', 'in_progress'],
  ['new', 'closed'],
  ['triaged', 'in_progress'],
  ['triaged', 'closed'],
  ['in_progress', 'referred'],
  ['in_progress', 'awaiting_client'],
  ['in_progress', 'closed'],
  ['referred', 'awaiting_client'],
  ['referred', 'in_progress'],
  ['referred', 'closed'],
  ['awaiting_client', 'in_progress'],
  ['awaiting_client', 'closed'],
  ['closed', 'in_progress'],
];

describe('case workflow', () => {
  it('allows exactly the listed transitions', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect({ from, to, allowed: canTransition(from, to) }).toEqual({ from, to, allowed: expected });
      }
    }
  });

  it('walks the main path from new to closed', () => {
    const path: TCaseStatus[] = ['new', 'triaged', 'in_progress', 'referred', 'awaiting_client', 'closed'];
    for (let i = 1; i < path.length; i += 1) {
      expect(canTransition(path[i - 1] as TCaseStatus, path[i] as TCaseStatus)).toBe(true);
    }
  });

  it('never moves back to new or triaged and never stays in place', () => {
    for (const from of CASE_STATUSES) {
      expect(CASE_TRANSITIONS[from]).not.toContain('new');
      expect(CASE_TRANSITIONS[from]).not.toContain(from);
      if (from !== 'new') {
        expect(CASE_TRANSITIONS[from]).not.toContain('triaged');
      }
    }
  });

  it('requires a reason to close and to reopen, not otherwise', () => {
    expect(transitionRequiresReason('in_progress', 'closed')).toBe(true);
    expect(transitionRequiresReason('closed', 'in_progress')).toBe(true);
    expect(transitionRequiresReason('new', 'triaged')).toBe(false);
    expect(transitionRequiresReason('in_progress', 'referred')).toBe(false);
  });

  it('checkTransition explains what is wrong', () => {
    expect(checkTransition('in_progress', 'closed', '解決した')).toEqual({ ok: true });
    expect(checkTransition('in_progress', 'closed', '  ')).toMatchObject({
      ok: false,
      code: 'reason_required',
    });
    expect(checkTransition('closed', 'in_progress')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(checkTransition('closed', 'referred', 'x')).toMatchObject({
      ok: false,
      code: 'transition_not_allowed',
      message: { ja: '「終了」から「他の窓口を案内済み」には変更できません' },
    });
    expect(checkTransition('new', 'triaged')).toEqual({ ok: true });
  });
});
