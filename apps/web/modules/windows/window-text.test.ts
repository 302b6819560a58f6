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
    const phone = { hours, channels: ['phone' as const] };
    expect(openState({ openNow: true, nextOpenAt: null, ...phone })?.text.ja).toBe('いま受付中');
    expect(openState({ openNow: false, nextOpenAt: '2026-11-30T00:00:00.000Z', ...phone })?.text.ja).toBe(
      'いまは受付時間外です。次は 11月30日(月) 9:00 から',
    );
  });

  it('counts a report-only web form as open at any hour, and admits unknown hours', () => {
    const none = { openNow: null, nextOpenAt: null, hours: { kind: 'none' as const } };
    expect(openState({ ...none, channels: ['web_form'] })).toEqual({
      tone: 'open',
      text: { ja: 'ウェブ・メールでいつでも受付', en: 'Takes reports online at any time' },
    });
    // A directory with no way to contact it has no opening to speak of.
    expect(openState({ ...none, channels: [] })).toBeUndefined();
    const unknown = openState({
      openNow: null,
      nextOpenAt: null,
      hours: { kind: 'unknown' },
      channels: ['phone'],
    });
    expect(unknown?.tone).toBe('unknown');
    expect(unknown?.text.ja).toContain('確認してください');
  });
});

describe('telHref', () => {
  it('drops hyphens and encodes the # of short codes', () => {
    expect(telHref('0120-99-7777')).toBe('tel:0120997777');
    expect(telHref('#9110')).toBe('tel:%239110');
    expect(telHref('188')).toBe('tel:188');
  });
});
