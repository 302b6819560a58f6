import { telHref } from '../ui/tel';
import { eligibilityText } from './eligibility-text';
import { openState } from './open-state';

describe('eligibilityText', () => {
  it('states an age limit and a prefecture limit, and nothing for a window open to all', () => {
    expect(eligibilityText({ maxAge: 18 })?.ja).toBe('18歳までの人のための窓口です');
    expect(eligibilityText({ prefectures: ['13'] })?.ja).toBe(
      '東京都に住んでいる・通っている人のための窓口です',
    );
    expect(eligibilityText({ minAge: 13, maxAge: 18, prefectures: ['13'] })?.en).toBe(
      'For people aged 13 to 18, living or studying in Tokyo',
    );
    expect(eligibilityText({})).toBeUndefined();
  });
});

describe('openState', () => {
  const hours = { kind: 'weekly' as const, periods: [{ day: 1, open: '09:00', close: '17:00' }] };

  it('says open now, or closed with the next opening in Japan time', () => {
    expect(openState({ openNow: true, nextOpenAt: null, hours })?.text.ja).toBe('いま受付中');
    expect(openState({ openNow: false, nextOpenAt: '2026-11-30T00:00:00.000Z', hours })?.text.ja).toBe(
      'いまは受付時間外です。次は 11月30日(月) 9:00 から',
    );
  });

  it('says nothing about report-only windows and admits unknown hours', () => {
    expect(openState({ openNow: null, nextOpenAt: null, hours: { kind: 'none' } })).toBeUndefined();
    expect(openState({ openNow: null, nextOpenAt: null, hours: { kind: 'unknown' } })?.tone).toBe('unknown');
  });
});

describe('telHref', () => {
  it('drops hyphens and encodes the # of short codes', () => {
    expect(telHref('0120-99-7777')).toBe('tel:0120997777');
    expect(telHref('#9110')).toBe('tel:%239110');
    expect(telHref('188')).toBe('tel:188');
  });
});
