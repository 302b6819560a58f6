import { AUDIT_ACTION_LABELS, type TLocalized } from '@madoguchi/shared';
import { AUDIT_ACTIONS, type TAuditAction } from './audit-actions';

// The type check fails too while an action has no label: supervisors would otherwise read a raw code.
AUDIT_ACTION_LABELS satisfies Record<TAuditAction, TLocalized>;

describe('AUDIT_ACTION_LABELS', () => {
  it('labels every audit action in Japanese and English', () => {
    const missing = AUDIT_ACTIONS.filter((action) => {
      const label = (AUDIT_ACTION_LABELS as Record<string, TLocalized | undefined>)[action];
      return !label?.ja.trim() || !label.en.trim();
    });
    expect(missing).toEqual([]);
  });

  it('labels no action the API cannot write (a renamed action leaves no stale label behind)', () => {
    const actions: readonly string[] = AUDIT_ACTIONS;
    expect(Object.keys(AUDIT_ACTION_LABELS).filter((action) => !actions.includes(action))).toEqual([]);
  });
});
