import holidayJp from '@holiday-jp/holiday_jp';

import { HOLIDAY_DATA_RANGE, isNationalHoliday, isOpenAt, isYearEndBreak, nextOpenAt } from './opening-hours';
import { seedWindow, tokyo } from './testing/seed-windows';
import type { TReferralWindow } from './windows';

const childline = seedWindow('childline');
const jadma = seedWindow('jadma');
const jinken = seedWindow('jinken-110');
const consumer188 = seedWindow('consumer-188');

describe('holiday calendar', () => {
  it('knows the national holidays', () => {
    expect(isNationalHoliday('2026-11-03')).toBe(true); // 文化の日
    expect(isNationalHoliday('2026-11-23')).toBe(true); // 勤労感謝の日
    expect(isNationalHoliday('2026-11-04')).toBe(false);
  });

  it('treats days outside the holiday data (1970–2050) as ordinary days', () => {
    expect(HOLIDAY_DATA_RANGE).toEqual({ firstYear: 1970, lastYear: 2050 });
    expect(isNationalHoliday('2050-11-03')).toBe(true);
    expect(isNationalHoliday('2051-11-03')).toBe(false);
    expect(isNationalHoliday('1969-11-03')).toBe(false);
    // 2050-11-03 is a Thursday holiday, 2051-11-03 a Friday with no data: jinken-110 closes only on the first.
    expect(isOpenAt(jinken, tokyo('2050-11-03T10:00'))).toBe(false);
    expect(isOpenAt(jinken, tokyo('2051-11-03T10:00'))).toBe(true);
  });

  it('reads holidays by the Tokyo date, not the server date', () => {
    // 08:30 in Tokyo on 11/3 is still 11/2 in UTC (where the API runs): the package's own isHoliday(Date) uses the
    // process's local date and would call this an ordinary Monday evening.
    const morningOfHoliday = tokyo('2026-11-03T08:30');
    expect(morningOfHoliday.toISOString().slice(0, 10)).toBe('2026-11-02');
    expect(isOpenAt(jinken, morningOfHoliday)).toBe(false);
    expect(isOpenAt(jinken, tokyo('2026-11-02T08:30'))).toBe(true);
    if (new Date(0).getTimezoneOffset() === 0) {
      expect(holidayJp.isHoliday(morningOfHoliday)).toBe(false);
    }
  });

  it('marks 12/29–1/3 as the year-end break', () => {
    expect(isYearEndBreak({ month: 12, day: 28 })).toBe(false);
    expect(isYearEndBreak({ month: 12, day: 29 })).toBe(true);
    expect(isYearEndBreak({ month: 1, day: 3 })).toBe(true);
    expect(isYearEndBreak({ month: 1, day: 4 })).toBe(false);
  });
});

describe('isOpenAt', () => {
  it('Childline: opens at 16:00 sharp and closes at 21:00 sharp', () => {
    expect(isOpenAt(childline, tokyo('2026-11-04T15:59:59'))).toBe(false);
    expect(isOpenAt(childline, tokyo('2026-11-04T16:00:00'))).toBe(true);
    expect(isOpenAt(childline, tokyo('2026-11-04T20:59:59'))).toBe(true);
    expect(isOpenAt(childline, tokyo('2026-11-04T21:00:00'))).toBe(false);
    expect(isOpenAt(childline, new Date(tokyo('2026-11-04T21:00:00').getTime() - 1))).toBe(true);
  });

  it('Childline answers on Sundays and national holidays', () => {
    expect(isOpenAt(childline, tokyo('2026-11-08T17:00'))).toBe(true); // Sunday
    expect(isOpenAt(childline, tokyo('2026-11-03T17:00'))).toBe(true); // 文化の日
  });

  it('closes JADMA and jinken-110 on national holidays', () => {
    expect(isOpenAt(jadma, tokyo('2026-11-03T10:30'))).toBe(false); // 文化の日 (Tue)
    expect(isOpenAt(jadma, tokyo('2026-11-04T10:30'))).toBe(true);
    expect(isOpenAt(jinken, tokyo('2026-11-23T09:00'))).toBe(false); // 勤労感謝の日 (Mon)
    expect(isOpenAt(jinken, tokyo('2026-11-24T09:00'))).toBe(true);
  });

  it('JADMA closes for lunch 12:00–13:00 and at 16:00', () => {
    expect(isOpenAt(jadma, tokyo('2026-11-04T11:59:59'))).toBe(true);
    expect(isOpenAt(jadma, tokyo('2026-11-04T12:00'))).toBe(false);
    expect(isOpenAt(jadma, tokyo('2026-11-04T12:59:59'))).toBe(false);
    expect(isOpenAt(jadma, tokyo('2026-11-04T13:00'))).toBe(true);
    expect(isOpenAt(jadma, tokyo('2026-11-04T16:00'))).toBe(false);
    expect(isOpenAt(jadma, tokyo('2026-11-07T10:30'))).toBe(false); // Saturday
  });

  it('year-end: open on 12/28, closed from 12/29, closed on 1/3, open again on 1/4', () => {
    expect(isOpenAt(childline, tokyo('2026-12-28T17:00'))).toBe(true);
    expect(isOpenAt(childline, tokyo('2026-12-29T17:00'))).toBe(false);
    expect(isOpenAt(consumer188, tokyo('2026-12-28T10:00'))).toBe(true); // Monday
    expect(isOpenAt(consumer188, tokyo('2026-12-29T10:00'))).toBe(false);
    expect(isOpenAt(childline, tokyo('2027-01-03T17:00'))).toBe(false);
    expect(isOpenAt(childline, tokyo('2027-01-04T17:00'))).toBe(true);
    expect(isOpenAt(jinken, tokyo('2027-01-04T09:00'))).toBe(true); // Monday
  });

  it('188 uses its holiday hours (10–16) on a weekday holiday instead of closing', () => {
    expect(isOpenAt(consumer188, tokyo('2026-11-03T09:30'))).toBe(false);
    expect(isOpenAt(consumer188, tokyo('2026-11-03T10:00'))).toBe(true);
    expect(isOpenAt(consumer188, tokyo('2026-11-03T16:30'))).toBe(false);
    expect(isOpenAt(consumer188, tokyo('2026-11-04T09:30'))).toBe(true);
  });

  it('is always open for 110 and unknown (null) for windows without known live hours', () => {
    expect(isOpenAt(seedWindow('police-110'), tokyo('2027-01-01T03:00'))).toBe(true);
    expect(isOpenAt(seedWindow('ipa-anshin'), tokyo('2026-11-04T10:00'))).toBeNull();
    expect(isOpenAt(seedWindow('antiphishing'), tokyo('2026-11-04T10:00'))).toBeNull();
  });

  it('honours one-off closure dates and overnight periods split at midnight', () => {
    const night: TReferralWindow = {
      ...childline,
      hours: {
        kind: 'weekly',
        periods: [
          { day: 3, open: '22:00', close: '24:00' },
          { day: 4, open: '00:00', close: '02:00' },
        ],
      },
      closures: { yearEnd: false, nationalHolidays: false, dates: ['2026-11-11'] },
    };
    expect(isOpenAt(night, tokyo('2026-11-04T23:59:59'))).toBe(true); // Wednesday
    expect(isOpenAt(night, tokyo('2026-11-05T01:59'))).toBe(true);
    expect(isOpenAt(night, tokyo('2026-11-05T02:00'))).toBe(false);
    expect(isOpenAt(night, tokyo('2026-11-11T23:00'))).toBe(false); // closed that Wednesday
    expect(nextOpenAt(night, tokyo('2026-11-11T23:00'))).toEqual(tokyo('2026-11-12T00:00'));
  });
});

describe('nextOpenAt', () => {
  it('returns the instant itself while open', () => {
    const at = tokyo('2026-11-04T17:30:15');
    expect(nextOpenAt(childline, at)).toEqual(at);
  });

  it('returns the start of the next period the same day', () => {
    expect(nextOpenAt(childline, tokyo('2026-11-04T09:00'))).toEqual(tokyo('2026-11-04T16:00'));
    expect(nextOpenAt(jadma, tokyo('2026-11-04T12:30'))).toEqual(tokyo('2026-11-04T13:00'));
    expect(nextOpenAt(childline, tokyo('2026-11-04T21:00'))).toEqual(tokyo('2026-11-05T16:00'));
  });

  it('skips a weekend followed by a national holiday', () => {
    // Fri 11/20 evening → Sat, Sun, Mon 11/23 勤労感謝の日 → Tue 11/24.
    expect(nextOpenAt(jinken, tokyo('2026-11-20T18:00'))).toEqual(tokyo('2026-11-24T08:30'));
  });

  it('skips the year-end break', () => {
    expect(nextOpenAt(jadma, tokyo('2026-12-28T16:30'))).toEqual(tokyo('2027-01-04T10:00'));
    expect(nextOpenAt(childline, tokyo('2026-12-28T21:00'))).toEqual(tokyo('2027-01-04T16:00'));
    // Fri 2025-12-26 → weekend → 12/29–1/3 → Sun 1/4 → Mon 2026-01-05.
    expect(nextOpenAt(jinken, tokyo('2025-12-26T18:00'))).toEqual(tokyo('2026-01-05T08:30'));
  });

  it('is null when hours are unknown or not applicable', () => {
    expect(nextOpenAt(seedWindow('houterasu'), tokyo('2026-11-04T10:00'))).toBeNull();
    expect(nextOpenAt(seedWindow('ihaho'), tokyo('2026-11-04T10:00'))).toBeNull();
  });

  it('finds a once-a-week window, and gives up (null) when nothing opens within the search horizon', () => {
    const sundaysOnly: TReferralWindow = {
      ...jadma,
      hours: { kind: 'weekly', periods: [{ day: 0, open: '10:00', close: '11:00' }] },
      closures: { yearEnd: false, nationalHolidays: false },
    };
    expect(nextOpenAt(sundaysOnly, tokyo('2026-11-04T10:00'))).toEqual(tokyo('2026-11-08T10:00'));
    const everySundayClosed = Array.from({ length: 60 }, (_, week) =>
      new Date(tokyo('2026-11-08T12:00').getTime() + week * 7 * 86_400_000).toISOString().slice(0, 10),
    );
    const closedForever = { ...sundaysOnly, closures: { ...sundaysOnly.closures, dates: everySundayClosed } };
    expect(nextOpenAt(closedForever, tokyo('2026-11-04T10:00'))).toBeNull();
  });

  it('opens at midnight after a closure day for an always-open window', () => {
    const alwaysButYearEnd: TReferralWindow = {
      ...childline,
      hours: { kind: 'always' },
      closures: { yearEnd: true, nationalHolidays: false },
    };
    expect(isOpenAt(alwaysButYearEnd, tokyo('2026-12-31T12:00'))).toBe(false);
    expect(nextOpenAt(alwaysButYearEnd, tokyo('2026-12-31T12:00'))).toEqual(tokyo('2027-01-04T00:00'));
  });
});
