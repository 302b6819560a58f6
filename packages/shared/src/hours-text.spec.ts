import { daysText, openingHoursLine, openingHoursText } from './hours-text';
import { isOpenAt } from './opening-hours';
import { seedWindow, tokyo } from './testing/seed-windows';
import type { TClosures, TOpeningHours } from './windows';

const ja = (lines: { ja: string }[]) => lines.map((line) => line.ja);
const en = (lines: { en: string }[]) => lines.map((line) => line.en);
const NO_CLOSURES: TClosures = { yearEnd: false, nationalHolidays: false };

describe('daysText', () => {
  it('writes runs of three or more days as a span, and lists scattered days one by one', () => {
    expect(daysText([1, 2, 3, 4, 5])).toEqual({ ja: '月〜金', en: 'Mon–Fri' });
    expect(daysText([1, 3, 5])).toEqual({ ja: '月・水・金', en: 'Mon, Wed, Fri' });
    expect(daysText([6, 0])).toEqual({ ja: '土・日', en: 'Sat, Sun' });
    expect(daysText([1, 3, 4, 5])).toEqual({ ja: '月・水〜金', en: 'Mon, Wed–Fri' });
    expect(daysText([0, 1, 2, 3, 4, 5, 6]).ja).toBe('毎日');
  });
});

describe('openingHoursText (the public pages)', () => {
  it('groups weekdays and the weekend of the 188 line, with its holiday hours and the New Year break', () => {
    const window = seedWindow('consumer-188');
    expect(ja(openingHoursText(window.hours, window.closures))).toEqual([
      '月〜金 9:00〜17:00',
      '土・日 10:00〜16:00',
      '祝日 10:00〜16:00',
      '年末年始(12月29日〜1月3日)は休み',
    ]);
    expect(en(openingHoursText(window.hours, window.closures))).toEqual([
      'Mon–Fri 9:00–17:00',
      'Sat, Sun 10:00–16:00',
      'National holidays 10:00–16:00',
      'Closed over the New Year (29 Dec – 3 Jan)',
    ]);
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

  it('groups days with the same hours even when they are not next to each other', () => {
    const hours: TOpeningHours = {
      kind: 'weekly',
      periods: [
        { day: 1, open: '09:00', close: '12:00' },
        { day: 3, open: '09:00', close: '12:00' },
        { day: 4, open: '09:00', close: '12:00' },
      ],
    };
    expect(ja(openingHoursText(hours, NO_CLOSURES))).toEqual(['月・水・木 9:00〜12:00', '火・金〜日は休み']);
  });

  it('says holidays are closed when the window closes for them, whatever hours it keeps on holidays', () => {
    // isOpenAt applies the closure first, so the text must not promise the holiday hours.
    const window = {
      hours: {
        kind: 'weekly' as const,
        periods: [{ day: 2, open: '09:00', close: '17:00' }],
        holidayPeriods: [{ open: '10:00', close: '16:00' }],
      },
      closures: { yearEnd: false, nationalHolidays: true },
    };
    expect(isOpenAt(window, tokyo('2026-11-03T11:00'))).toBe(false); // 文化の日, a Tuesday
    expect(ja(openingHoursText(window.hours, window.closures))).toContain('祝日は休み');
    expect(openingHoursLine(window)).toBe('火 9:00〜17:00 / 祝日は休み');
  });
});

describe('openingHoursLine (letters, the person’s copy, the admin list)', () => {
  it('groups days with the same hours and adds holidays and closures', () => {
    expect(openingHoursLine(seedWindow('consumer-188'))).toBe(
      '月〜金 9:00〜17:00 / 土・日 10:00〜16:00 / 祝日 10:00〜16:00 / 年末年始(12月29日〜1月3日)は休み',
    );
    expect(openingHoursLine(seedWindow('jadma'))).toBe(
      '月〜金 10:00〜12:00、13:00〜16:00 / 祝日・年末年始(12月29日〜1月3日)は休み',
    );
    expect(openingHoursLine(seedWindow('childline'))).toBe(
      '毎日 16:00〜21:00 / 年末年始(12月29日〜1月3日)は休み',
    );
  });

  it('says so when the window never closes, has no live hours or hours unknown to the desk', () => {
    expect(openingHoursLine(seedWindow('police-110'))).toBe('24時間・年中無休');
    expect(openingHoursLine(seedWindow('ihaho'))).toContain('電話での受付はありません');
    expect(openingHoursLine(seedWindow('houterasu'))).toBe('受付時間は窓口にお問い合わせください');
  });

  it('does not call a 24-hour window open all year when it closes some days', () => {
    expect(
      openingHoursLine({ hours: { kind: 'always' }, closures: { yearEnd: true, nationalHolidays: false } }),
    ).toBe('24時間・毎日 / 年末年始(12月29日〜1月3日)は休み');
    expect(
      openingHoursLine({
        hours: { kind: 'always' },
        closures: { yearEnd: false, nationalHolidays: false, dates: ['2026-05-01'] },
      }),
    ).toBe('24時間・毎日 / ほかにも休みの日があります');
  });

  it('reads the same week as the page: days with the same hours together, Monday first', () => {
    const hours: TOpeningHours = {
      kind: 'weekly',
      periods: [
        { day: 1, open: '09:00', close: '12:00' },
        { day: 3, open: '09:00', close: '12:00' },
        { day: 4, open: '09:00', close: '12:00' },
      ],
      holidayPeriods: [],
    };
    expect(openingHoursLine({ hours, closures: NO_CLOSURES })).toBe('月・水・木 9:00〜12:00 / 祝日は休み');
  });
});
