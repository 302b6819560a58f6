import { seedWindow } from '../../../../packages/shared/src/testing/seed-windows';
import { telHref } from '../ui/tel';
import { daysText, eligibilityText, openingHoursText } from './hours-text';
import { openState } from './open-state';

const ja = (lines: { ja: string }[]) => lines.map((line) => line.ja);
const en = (lines: { en: string }[]) => lines.map((line) => line.en);

describe('openingHoursText', () => {
  it('groups weekdays and the weekend of the 188 line, with its holiday hours and the New Year break', () => {
    const window = seedWindow('consumer-188');
    expect(ja(openingHoursText(window.hours, window.closures))).toEqual([
      '月〜金 9:00〜17:00',
      '土・日 10:00〜16:00',
      '祝日 10:00〜16:00',
      '年末年始(12月29日〜1月3日)は休み',
    ]);
    expect(en(openingHoursText(window.hours, window.closures))[0]).toBe('Mon–Fri 9:00–17:00');
  });

  it('writes a lunch break as two ranges and names the days a window is closed', () => {
    const window = seedWindow('jadma');
    expect(ja(openingHoursText(window.hours, window.closures))).toEqual([
      '月〜金 10:00〜12:00、13:00〜16:00',
      '土・日は休み',
      '祝日は休み',
      '年末年始(12月29日〜1月3日)は休み',
    ]);
  });

  it('says 毎日 for a window open every day (Childline)', () => {
    const window = seedWindow('childline');
    expect(ja(openingHoursText(window.hours, window.closures))[0]).toBe('毎日 16:00〜21:00');
  });

  it('explains 24-hour, unknown and report-only windows in words', () => {
    const always = seedWindow('police-110');
    expect(ja(openingHoursText(always.hours, always.closures))).toEqual(['24時間・毎日']);
    expect(ja(openingHoursText({ kind: 'unknown' }, always.closures))[0]).toMatch(/確かめてください/);
    expect(ja(openingHoursText({ kind: 'none' }, always.closures))[0]).toMatch(
      /電話で話す窓口ではありません/,
    );
  });

  it('lists scattered days one by one', () => {
    expect(daysText([1, 3, 5])).toEqual({ ja: '月・水・金', en: 'Mon, Wed, Fri' });
    expect(daysText([6, 0])).toEqual({ ja: '土・日', en: 'Sat, Sun' });
    expect(daysText([0, 1, 2, 3, 4, 5, 6]).ja).toBe('毎日');
  });
});

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
