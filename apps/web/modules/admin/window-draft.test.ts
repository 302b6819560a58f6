import type { TReferralWindow } from '@madoguchi/shared';
import { ZUpdateReferralWindow } from '@madoguchi/shared';

import { changedFacts } from './window-draft';

const WINDOW: TReferralWindow = {
  slug: 'consumer-188',
  name: { ja: '消費者ホットライン', en: 'Consumer hotline' },
  operator: '消費者庁',
  phones: [{ number: '188', label: { ja: '局番なし', en: 'Short code' } }],
  url: 'https://www.caa.go.jp/',
  channels: ['phone'],
  hours: { kind: 'weekly', periods: [{ day: 1, open: '09:00', close: '17:00' }] },
  closures: { yearEnd: true, nationalHolidays: false },
  eligibility: {},
  categories: ['online_shopping'],
  notes: { ja: '最寄りの消費生活センターにつながります', en: 'Connects to the nearest consumer centre' },
  lastVerifiedAt: '2026-01-10',
  verified: true,
  active: true,
};

type TDraft = Parameters<typeof changedFacts>[1];

function draftOf(patch: Partial<TDraft>): TDraft {
  return {
    hoursKind: 'weekly',
    periods: [{ day: 1, open: '09:00', close: '17:00' }],
    holidayPeriods: null,
    closures: { yearEnd: true, nationalHolidays: false, dates: '' },
    minAge: '',
    maxAge: '',
    prefectures: [],
    phones: [{ number: '188', labelJa: '局番なし', labelEn: 'Short code', noteJa: '', noteEn: '' }],
    notes: WINDOW.notes,
    referralEmail: '',
    lastVerifiedAt: '2026-01-10',
    verified: true,
    active: true,
    ...patch,
  };
}

describe('window editor changes', () => {
  it('sends nothing when nothing changed', () => {
    expect(changedFacts(WINDOW, draftOf({}))).toEqual({});
  });

  it('sends only the facts that changed, in the shape PATCH /windows/:slug validates', () => {
    const patch = changedFacts(
      WINDOW,
      draftOf({
        periods: [
          { day: 1, open: '10:00', close: '16:00' },
          { day: 6, open: '10:00', close: '24:00' },
        ],
        holidayPeriods: [{ open: '10:00', close: '16:00' }],
        closures: { yearEnd: true, nationalHolidays: true, dates: '2026-05-01\n2026-05-02' },
        lastVerifiedAt: '2026-04-01',
      }),
    );
    expect(patch).toEqual({
      hours: {
        kind: 'weekly',
        periods: [
          { day: 1, open: '10:00', close: '16:00' },
          { day: 6, open: '10:00', close: '24:00' },
        ],
        holidayPeriods: [{ open: '10:00', close: '16:00' }],
      },
      closures: { yearEnd: true, nationalHolidays: true, dates: ['2026-05-01', '2026-05-02'] },
      lastVerifiedAt: '2026-04-01',
    });
    expect(ZUpdateReferralWindow.safeParse(patch).success).toBe(true);
  });

  it('turns typed ages into numbers and lets the schema catch nonsense', () => {
    expect(changedFacts(WINDOW, draftOf({ maxAge: '１８' }))).toEqual({ eligibility: { maxAge: 18 } });
    const bad = changedFacts(WINDOW, draftOf({ minAge: '30', maxAge: '18' }));
    expect(ZUpdateReferralWindow.safeParse(bad).success).toBe(false);
  });

  it("sets, checks and clears the window's referral address", () => {
    const set = changedFacts(WINDOW, draftOf({ referralEmail: ' referrals@window.example.jp ' }));
    expect(set).toEqual({ referralEmail: 'referrals@window.example.jp' });
    expect(ZUpdateReferralWindow.safeParse(set).success).toBe(true);
    const bad = changedFacts(WINDOW, draftOf({ referralEmail: 'not an address' }));
    expect(ZUpdateReferralWindow.safeParse(bad).success).toBe(false);
    const withAddress = { ...WINDOW, referralEmail: 'referrals@window.example.jp' };
    expect(changedFacts(withAddress, draftOf({ referralEmail: '' }))).toEqual({ referralEmail: null });
  });

  it('switches hours to "always" without leftover periods', () => {
    expect(changedFacts(WINDOW, draftOf({ hoursKind: 'always' }))).toEqual({ hours: { kind: 'always' } });
  });
});
