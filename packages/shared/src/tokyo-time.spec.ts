import fc from 'fast-check';

import {
  addTokyoDays,
  csvDateTime,
  formatTokyoDateTime,
  fromTokyoDateTimeLocal,
  fromTokyoWallClock,
  jaDate,
  jaDateTime,
  slashDate,
  slashDateTime,
  TOKYO_TIME_ZONE,
  tokyoDateKey,
  tokyoDateTimeLocal,
  tokyoDayOf,
  tokyoInstant,
  tokyoMidnight,
  tokyoTimeOf,
  tokyoTimeOfDayMs,
} from './tokyo-time';

const intlParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TOKYO_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});
const WEEKDAY = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 } as Record<string, number>;

describe('the Tokyo clock', () => {
  it('puts 15:00 UTC on the next Tokyo day', () => {
    expect(tokyoDayOf(new Date('2026-11-02T15:00:00Z'))).toMatchObject({ key: '2026-11-03', weekday: 2 });
    expect(tokyoDayOf(new Date('2026-11-02T14:59:59Z'))).toMatchObject({ key: '2026-11-02', weekday: 1 });
  });

  it('agrees with the Asia/Tokyo time zone database at any instant (Japan has no daylight saving time)', () => {
    const from = Date.UTC(1952, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const at = new Date(ms);
        const parts = Object.fromEntries(intlParts.formatToParts(at).map((part) => [part.type, part.value]));
        expect(tokyoTimeOf(at)).toMatchObject({
          year: Number(parts['year']),
          month: Number(parts['month']),
          day: Number(parts['day']),
          weekday: WEEKDAY[parts['weekday']!],
          hour: Number(parts['hour']),
          minute: Number(parts['minute']),
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads a Tokyo wall-clock time and a Tokyo day as instants, whatever the server time zone', () => {
    expect(fromTokyoWallClock('2026-11-03T08:30').toISOString()).toBe('2026-11-02T23:30:00.000Z');
    expect(fromTokyoWallClock('2026-11-03T08:30:15').toISOString()).toBe('2026-11-02T23:30:15.000Z');
    expect(tokyoMidnight('2027-01-01').toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(tokyoInstant({ year: 2027, month: 1, day: 1 }, 16 * 60).toISOString()).toBe(
      '2027-01-01T07:00:00.000Z',
    );
  });

  it('counts time since Tokyo midnight and steps over month and year ends', () => {
    expect(tokyoTimeOfDayMs(new Date('2026-11-02T15:00:00Z'))).toBe(0);
    expect(tokyoTimeOfDayMs(new Date('2026-11-02T14:59:59.999Z'))).toBe(24 * 3_600_000 - 1);
    const newYearsEve = tokyoDayOf(fromTokyoWallClock('2026-12-31T23:00'));
    expect(addTokyoDays(newYearsEve, 1)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      weekday: 5,
      key: '2027-01-01',
    });
    expect(addTokyoDays(newYearsEve, -31).key).toBe('2026-11-30');
    expect(addTokyoDays({ year: 2028, month: 2, day: 28, weekday: 1, key: '2028-02-28' }, 1).key).toBe(
      '2028-02-29',
    );
  });
});

describe('dates for inputs and filters', () => {
  it('gives the Tokyo day and datetime-local value of an instant', () => {
    const lateEvening = new Date('2026-03-31T15:05:00Z'); // 00:05 on 1 April in Japan
    expect(tokyoDateKey(lateEvening)).toBe('2026-04-01');
    expect(tokyoDateTimeLocal(lateEvening)).toBe('2026-04-01T00:05');
  });

  it('reads a datetime-local value typed in Japan time back to the same instant, and refuses anything else', () => {
    const at = new Date('2026-03-31T15:05:00Z');
    expect(fromTokyoDateTimeLocal(tokyoDateTimeLocal(at))).toBe(at.toISOString());
    expect(fromTokyoDateTimeLocal('2026-04-01T9:05')).toBeNull();
    expect(fromTokyoDateTimeLocal('2026-04-01')).toBeNull();
    expect(fromTokyoDateTimeLocal('2026-13-01T09:05')).toBeNull();
    expect(fromTokyoDateTimeLocal('')).toBeNull();
  });
});

describe('written out', () => {
  const at = new Date('2026-01-02T00:05:00Z'); // 09:05 on Friday 2 January in Japan

  it('for letters and exports', () => {
    expect(jaDate(at)).toBe('2026年1月2日');
    expect(jaDateTime(at)).toBe('2026年1月2日 9:05');
    expect(csvDateTime(at)).toBe('2026-01-02 09:05');
    expect(csvDateTime(null)).toBe('');
  });

  it('for the staff screens', () => {
    expect(slashDate(at)).toBe('2026/01/02(金)');
    expect(slashDateTime(at)).toBe('2026/01/02 09:05');
    expect(slashDateTime(new Date('2026-01-01T15:00:00Z'))).toBe('2026/01/02 00:00');
  });

  it('for the public pages, with the year only when it is not this year in Japan', () => {
    expect(formatTokyoDateTime('2026-11-30T00:00:00.000Z', new Date('2026-06-01T00:00:00Z'))).toEqual({
      ja: '11月30日(月) 9:00',
      en: 'Mon 30 Nov, 9:00',
    });
    expect(formatTokyoDateTime('2027-01-01T01:30:00.000Z', new Date('2026-12-31T15:00:00Z')).ja).toBe(
      '1月1日(金) 10:30',
    );
    expect(formatTokyoDateTime('2027-01-01T01:30:00.000Z', new Date('2026-12-31T14:59:59Z')).ja).toBe(
      '2027年1月1日(金) 10:30',
    );
  });
});
