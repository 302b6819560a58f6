import { TROUBLE_CATEGORY_CODES } from './category';
import { loadSeedWindows, readSeedWindowsJson } from './testing/seed-windows';
import { isEligible, KNOWN_WINDOW_SLUGS, type TReferralWindow, ZReferralWindow } from './windows';

// windows.md is the reference directory the seed was written from: ../shared/reference/windows.md from the
// repository root, beside the repository rather than in it, so this file does not read it. The lists below are
// copied by hand from its slug column (24 rows), independent of KNOWN_WINDOW_SLUGS on purpose.
const SLUGS_IN_WINDOWS_MD = [
  'police-cyber',
  'consumer-188',
  'kokusen',
  'ipa-anshin',
  'jadma',
  'antiphishing',
  'police-phishing',
  'police-9110',
  'police-110',
  'childline',
  'houterasu',
  'womens-support',
  'jinken-110',
  'ihaho',
  'sia-hotline',
  'hotline-council',
  'tokyo-kurashi',
  'lawyer',
  'court',
  'child-sos-24',
  'kodomo-jinken',
  'yorisoi',
  'inochi',
  'kokoro-dial',
];
// The crisis lines added to windows.md in 2026-12.
const CRISIS_LINES = ['child-sos-24', 'kodomo-jinken', 'yorisoi', 'inochi', 'kokoro-dial'];
// Rows where windows.md marks a fact **unverified**.
const UNVERIFIED_IN_WINDOWS_MD = [
  'ipa-anshin',
  'childline',
  'houterasu',
  'hotline-council',
  'tokyo-kurashi',
  'kodomo-jinken',
  'yorisoi',
  'inochi',
];

describe('seed windows (prisma/seed/data/windows.json)', () => {
  const windows = loadSeedWindows();
  const bySlug = new Map(windows.map((w) => [w.slug, w]));
  const get = (slug: string): TReferralWindow => {
    const window = bySlug.get(slug);
    if (!window) {
      throw new Error(`missing ${slug}`);
    }
    return window;
  };

  it('every row validates against ZReferralWindow', () => {
    const raw = readSeedWindowsJson();
    expect(Array.isArray(raw)).toBe(true);
    for (const row of raw as unknown[]) {
      const parsed = ZReferralWindow.safeParse(row);
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });

  it('contains every slug of windows.md exactly once, and nothing else', () => {
    expect(windows.map((w) => w.slug).sort()).toEqual([...SLUGS_IN_WINDOWS_MD].sort());
    expect([...KNOWN_WINDOW_SLUGS].sort()).toEqual([...SLUGS_IN_WINDOWS_MD].sort());
  });

  it('flags the windows with unverified facts and says so in both languages', () => {
    for (const window of windows) {
      const unverified = UNVERIFIED_IN_WINDOWS_MD.includes(window.slug);
      expect({ slug: window.slug, verified: window.verified }).toEqual({
        slug: window.slug,
        verified: !unverified,
      });
      if (unverified) {
        expect(window.notes.ja).toContain('未確認');
        expect(window.notes.en.toLowerCase()).toContain('unverified');
      }
    }
  });

  it('records facts from windows.md', () => {
    expect(get('childline').eligibility.maxAge).toBe(18);
    expect(get('childline').phones[0]?.number).toBe('0120-99-7777');
    expect(get('tokyo-kurashi').eligibility.prefectures).toEqual(['13']);
    expect(get('consumer-188').phones.map((p) => p.number)).toEqual(['188', '0570-064-370']);
    expect(get('consumer-188').closures.yearEnd).toBe(true);
    expect(get('consumer-188').notes.ja).toContain('12月29日〜1月3日');
    expect(get('police-110').hours).toEqual({ kind: 'always' });
    expect(get('police-9110').phones[0]?.number).toBe('#9110');
    expect(get('jadma').phones[0]?.number).toBe('03-5651-1122');
    expect(get('jinken-110').phones[0]?.number).toBe('0570-003-110');
    expect(get('kokusen').phones[0]?.number).toBe('03-3446-0999');
    expect(get('houterasu').phones.map((p) => p.number)).toEqual(['0570-078374', '0570-078377']);
    expect(get('antiphishing').hours.kind).toBe('none');
    expect(get('court').notes.ja).toContain('特別送達');
    expect(get('child-sos-24').phones[0]?.number).toBe('0120-0-78310');
    expect(get('child-sos-24').hours).toEqual({ kind: 'always' });
    expect(get('child-sos-24').eligibility.maxAge).toBeUndefined(); // guardians call too
    expect(get('kodomo-jinken').phones[0]?.number).toBe('0120-007-110');
    expect(get('kodomo-jinken').closures).toEqual({ yearEnd: true, nationalHolidays: true });
    expect(get('yorisoi').phones.map((p) => p.number)).toEqual(['0120-279-338', '0120-279-226']);
    expect(get('yorisoi').hours).toEqual({ kind: 'always' });
    expect(get('inochi').phones.map((p) => p.number)).toEqual(['0570-783-556', '0120-783-556']);
    expect(get('kokoro-dial').phones[0]?.number).toBe('0570-064-556');
  });

  it('is all active, verified on the day its row was added, with valid categories', () => {
    for (const window of windows) {
      expect(window.active).toBe(true);
      expect(window.lastVerifiedAt).toBe(CRISIS_LINES.includes(window.slug) ? '2026-12-01' : '2026-11-01');
      for (const code of window.categories) {
        expect(TROUBLE_CATEGORY_CODES).toContain(code);
      }
    }
  });
});

describe('ZReferralWindow', () => {
  const base = loadSeedWindows()[0];

  it('rejects unknown fields, bad times and periods that end before they start', () => {
    expect(ZReferralWindow.safeParse({ ...base, extra: 1 }).success).toBe(false);
    const weekly = (open: string, close: string) => ({
      ...base,
      hours: { kind: 'weekly', periods: [{ day: 1, open, close }] },
    });
    expect(ZReferralWindow.safeParse(weekly('09:00', '17:00')).success).toBe(true);
    expect(ZReferralWindow.safeParse(weekly('22:00', '24:00')).success).toBe(true);
    expect(ZReferralWindow.safeParse(weekly('17:00', '09:00')).success).toBe(false);
    expect(ZReferralWindow.safeParse(weekly('9:00', '17:00')).success).toBe(false);
    expect(ZReferralWindow.safeParse(weekly('24:00', '24:00')).success).toBe(false);
  });

  it('rejects an age range that is upside down', () => {
    expect(ZReferralWindow.safeParse({ ...base, eligibility: { minAge: 20, maxAge: 18 } }).success).toBe(
      false,
    );
  });
});

describe('isEligible', () => {
  const windows = loadSeedWindows();
  const childline = windows.find((w) => w.slug === 'childline') as TReferralWindow;
  const tokyoKurashi = windows.find((w) => w.slug === 'tokyo-kurashi') as TReferralWindow;

  it('takes children up to 18 at Childline and turns a 19-year-old away with a reason', () => {
    expect(isEligible(childline, { age: 18 })).toEqual({ eligible: true, reasons: [] });
    const adult = isEligible(childline, { age: 19 });
    expect(adult.eligible).toBe(false);
    expect(adult.reasons[0]?.ja).toContain('18歳まで');
  });

  it('never excludes on unknown facts', () => {
    expect(isEligible(childline, undefined).eligible).toBe(true);
    expect(isEligible(childline, {}).eligible).toBe(true);
    expect(isEligible(tokyoKurashi, { age: 40 }).eligible).toBe(true);
  });

  it('limits Tokyo Kurashi to Tokyo when the prefecture is known', () => {
    expect(isEligible(tokyoKurashi, { prefecture: '13' }).eligible).toBe(true);
    const osaka = isEligible(tokyoKurashi, { prefecture: '27' });
    expect(osaka.eligible).toBe(false);
    expect(osaka.reasons[0]).toEqual({
      ja: expect.stringContaining('東京都'),
      en: expect.stringContaining('Tokyo'),
    });
  });

  it('lists every failed condition', () => {
    const strict = { ...tokyoKurashi, eligibility: { minAge: 20, prefectures: ['13' as const] } };
    expect(isEligible(strict, { age: 10, prefecture: '01' }).reasons).toHaveLength(2);
  });
});
