import fc from 'fast-check';

import { rememberingDays, type TScheduleWindow } from './opening-hours';
import { fromTokyoWallClock } from './tokyo-time';
import {
  addDeskTime,
  DEFAULT_DESK_SCHEDULE,
  DEFAULT_RESPONSE_TARGETS,
  deskTimeBetween,
  responseDue,
  responseState,
  responseTargetTally,
  ZResponseTargets,
  type TResponseRecord,
  type TResponseTargets,
} from './response-targets';

const desk = DEFAULT_DESK_SCHEDULE;
const at = (local: string) => fromTokyoWallClock(local);
const HOUR = 3_600_000;

describe('response targets', () => {
  it('counts an emergency in wall-clock minutes, and flags a case that arrived while the desk was closed', () => {
    // Saturday 03:00: the desk is shut, the emergency target still runs.
    expect(responseDue(desk, DEFAULT_RESPONSE_TARGETS.emergency, at('2026-12-05T03:00'))).toEqual({
      dueAt: at('2026-12-05T03:15'),
      arrivedWhileClosed: true,
    });
    expect(responseDue(desk, DEFAULT_RESPONSE_TARGETS.emergency, at('2026-12-03T10:00'))).toEqual({
      dueAt: at('2026-12-03T10:15'),
      arrivedWhileClosed: false,
    });
  });

  it('counts desk hours across a weekend', () => {
    // Friday 15:00 + 4 desk hours: 2 on Friday, 2 on Monday morning.
    expect(responseDue(desk, { unit: 'desk_hours', amount: 4 }, at('2026-12-04T15:00')).dueAt).toEqual(
      at('2026-12-07T11:00'),
    );
  });

  it('skips national holidays, including a run of them (Silver Week 2026)', () => {
    // Monday 2026-11-23 is Labour Thanksgiving Day.
    expect(responseDue(desk, { unit: 'desk_hours', amount: 4 }, at('2026-11-20T16:00')).dueAt).toEqual(
      at('2026-11-24T12:00'),
    );
    // 9/21 Respect for the Aged Day, 9/22 a citizens' holiday, 9/23 the Autumnal Equinox.
    expect(responseDue(desk, { unit: 'desk_hours', amount: 4 }, at('2026-09-18T16:30')).dueAt).toEqual(
      at('2026-09-24T12:30'),
    );
  });

  it('skips the year-end break (12/29–1/3)', () => {
    expect(responseDue(desk, { unit: 'desk_hours', amount: 4 }, at('2026-12-28T15:00')).dueAt).toEqual(
      at('2027-01-04T11:00'),
    );
    expect(responseDue(desk, { unit: 'desk_days', amount: 2 }, at('2026-12-28T10:00')).dueAt).toEqual(
      at('2027-01-05T17:00'),
    );
    // New Year's Eve: closed on arrival. Desk days 1–5 are 1/4–1/8; 1/11/2027 is Coming of Age Day, so day 6 is 1/12.
    expect(responseDue(desk, { unit: 'desk_days', amount: 6 }, at('2026-12-31T20:00'))).toEqual({
      dueAt: at('2027-01-12T17:00'),
      arrivedWhileClosed: true,
    });
  });

  it('counts desk days from the day after arrival, to the close of the last one', () => {
    // Thursday morning: Friday is day 1, Monday day 2.
    expect(responseDue(desk, { unit: 'desk_days', amount: 2 }, at('2026-12-03T10:00')).dueAt).toEqual(
      at('2026-12-07T17:00'),
    );
    // Thursday evening after closing counts the same as the morning.
    expect(responseDue(desk, { unit: 'desk_days', amount: 2 }, at('2026-12-03T19:00')).dueAt).toEqual(
      at('2026-12-07T17:00'),
    );
    // Saturday: Monday is day 1.
    expect(responseDue(desk, { unit: 'desk_days', amount: 2 }, at('2026-12-05T12:00')).dueAt).toEqual(
      at('2026-12-08T17:00'),
    );
  });

  it('honours a desk schedule with a lunch break', () => {
    const lunch = {
      ...desk,
      hours: {
        kind: 'weekly' as const,
        periods: [1, 2, 3, 4, 5].flatMap((day) => [
          { day, open: '09:00', close: '12:00' },
          { day, open: '13:00', close: '17:00' },
        ]),
      },
    };
    expect(addDeskTime(lunch, at('2026-12-03T11:00'), 2 * HOUR)).toEqual(at('2026-12-03T14:00'));
    expect(responseDue(lunch, { unit: 'desk_days', amount: 1 }, at('2026-12-03T11:00')).dueAt).toEqual(
      at('2026-12-04T17:00'),
    );
  });

  it('has no due time when the desk never opens', () => {
    const never = { ...desk, hours: { kind: 'none' as const } };
    expect(responseDue(never, { unit: 'desk_hours', amount: 1 }, at('2026-12-03T10:00')).dueAt).toBeNull();
  });

  it('reports waiting time, time left, overdue, and whether a response met the target', () => {
    const target = DEFAULT_RESPONSE_TARGETS.high;
    const received = at('2026-12-04T15:00');
    expect(responseState(desk, target, received, at('2026-12-07T10:00'))).toMatchObject({
      waitingMs: 67 * HOUR,
      leftMs: HOUR,
      overdue: false,
      met: null,
    });
    expect(responseState(desk, target, received, at('2026-12-07T12:00'))).toMatchObject({
      leftMs: -HOUR,
      overdue: true,
      met: null,
    });
    // A response stops the clock: late is late, whatever the time now.
    expect(
      responseState(desk, target, received, at('2026-12-09T12:00'), at('2026-12-07T10:30')),
    ).toMatchObject({ waitingMs: 67.5 * HOUR, overdue: false, met: true });
  });

  it('measures the desk time it adds (any instant, any duration)', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 24 * 60 }),
        fc.integer({ min: 1, max: 80 * 60 }),
        (startMinute, minutes) => {
          const from = new Date(start + startMinute * 60_000);
          const due = addDeskTime(desk, from, minutes * 60_000);
          return due !== null && deskTimeBetween(desk, from, due) === minutes * 60_000;
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });

  it('gives the same answers from a schedule that remembers its days, asked again and again', () => {
    const lunch = {
      hours: {
        kind: 'weekly' as const,
        periods: [1, 2, 3, 4, 5, 6].flatMap((day) => [
          { day, open: '09:00', close: '12:00' },
          { day, open: '13:00', close: day === 6 ? '15:00' : '17:00' },
        ]),
      },
      closures: { nationalHolidays: true, yearEnd: true, dates: ['2026-12-24'] },
    };
    const targets = [...Object.values(DEFAULT_RESPONSE_TARGETS), { unit: 'desk_hours' as const, amount: 30 }];
    // Over the year-end break and the holidays of January, both schedules; one calendar for all the runs, so
    // later runs read days the earlier ones remembered.
    const start = Date.parse('2026-12-20T00:00:00Z');
    for (const schedule of [desk, lunch]) {
      const calendar = rememberingDays(schedule);
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 40 * 24 * 60 }),
          fc.constantFrom(...targets),
          fc.integer({ min: 0, max: 10 * 24 * 60 }),
          (startMinute, target, respondedAfter) => {
            const receivedAt = new Date(start + startMinute * 60_000);
            const respondedAt = new Date(receivedAt.getTime() + respondedAfter * 60_000);
            const asOf = new Date(start + 45 * 24 * HOUR);
            expect(responseState(calendar, target, receivedAt, asOf, respondedAt)).toEqual(
              responseState(schedule, target, receivedAt, asOf, respondedAt),
            );
            expect(deskTimeBetween(calendar, receivedAt, respondedAt)).toBe(
              deskTimeBetween(schedule, receivedAt, respondedAt),
            );
          },
        ),
        { numRuns: 400, seed: 21 },
      );
    }
  });

  it('validates the defaults as an admin would edit them', () => {
    expect(ZResponseTargets.parse(DEFAULT_RESPONSE_TARGETS)).toEqual(DEFAULT_RESPONSE_TARGETS);
    expect(
      ZResponseTargets.safeParse({ ...DEFAULT_RESPONSE_TARGETS, high: { unit: 'desk_hours', amount: 0 } })
        .success,
    ).toBe(false);
  });
});

/** What the statistics do: every record added to one tally. */
function tallyResponseTargets(
  schedule: TScheduleWindow,
  targets: TResponseTargets,
  records: TResponseRecord[],
  asOf: Date,
) {
  const tally = responseTargetTally(schedule, targets, asOf);
  records.forEach((record) => tally.add(record));
  return tally.result();
}

describe('responseTargetTally (the statistics)', () => {
  it('counts met, missed and not yet due per Tokyo month and priority, across the year-end closure', () => {
    // Friday 26 Dec 10:00, two desk days: the desk is closed 29 Dec – 3 Jan and at the weekend, so the
    // days are Mon 5 and Tue 6 Jan, due Tue 6 Jan 17:00.
    const friday = at('2025-12-26T10:00');
    const months = tallyResponseTargets(
      desk,
      DEFAULT_RESPONSE_TARGETS,
      [
        { priority: 'normal', createdAt: friday, firstResponseAt: at('2026-01-06T16:59') },
        { priority: 'normal', createdAt: friday, firstResponseAt: at('2026-01-07T09:00') },
        { priority: 'normal', createdAt: friday, firstResponseAt: null },
        // 1 Jan 01:00 Tokyo is still 31 Dec in UTC: it counts in January. 15 minutes, unanswered at asOf: missed.
        { priority: 'emergency', createdAt: at('2026-01-01T01:00'), firstResponseAt: null },
      ],
      at('2026-01-05T12:00'),
    );
    expect(months.map((m) => m.month)).toEqual(['2025-12', '2026-01']);
    expect(months[0]!.byPriority.normal).toEqual({ met: 1, missed: 1, pending: 1 });
    expect(months[0]!.byPriority.high).toEqual({ met: 0, missed: 0, pending: 0 });
    expect(months[1]!.byPriority.emergency).toEqual({ met: 0, missed: 1, pending: 0 });
  });
});
