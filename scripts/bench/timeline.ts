// When the generated cases arrive. Japan's consumer centres take about a million consultations a
// year, so N cases span max(1, N / 1,000,000) years ending at midnight (Japan time) of the day the
// data set is made. Volume varies by weekday, grows slowly over the years, and jumps after a TV
// warning about a new scam (several bursts a year, 3–6× for a day, decaying over the next days).
// Within a day people write in the evening and call the desks in office hours.
import { tokyoDayOf, tokyoInstant, tokyoTimeOf } from '@madoguchi/shared';
import { Rng } from './random';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Share of the day's intakes per hour, Japan time (web forms peak at night, calls 9–17). */
const HOURLY = [
  2, 1, 0.6, 0.4, 0.3, 0.4, 0.8, 1.5, 2.5, 4, 5, 5, 4.5, 5, 5, 5, 4.5, 4, 3.5, 4, 4.5, 5, 4.5, 3.5,
];
const HOURLY_CUMULATIVE = (() => {
  const total = HOURLY.reduce((a, b) => a + b, 0);
  let sum = 0;
  return HOURLY.map((w) => (sum += w / total));
})();

export type TimelineSpec = {
  /** First day (Japan midnight, epoch ms). */
  startMs: number;
  /** Midnight Japan time of the generation day: every generated case is older. */
  endMs: number;
  /** cumulative[d] = number of cases on days 0..d. */
  cumulative: number[];
};

/** Midnight of `ms`'s day in Japan, as epoch ms. */
export function jstMidnight(ms: number): number {
  return tokyoInstant(tokyoDayOf(new Date(ms)), 0).getTime();
}

export function buildTimeline(options: { cases: number; seed: number; nowMs: number }): TimelineSpec {
  const days = Math.max(365, Math.round((365 * options.cases) / 1_000_000));
  const endMs = jstMidnight(options.nowMs);
  const startMs = endMs - days * DAY_MS;
  const rng = new Rng(options.seed, 0x7e1e);
  const weights = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    const { weekday } = tokyoDayOf(new Date(startMs + d * DAY_MS));
    const weekdayFactor = weekday === 0 ? 0.75 : weekday === 6 ? 0.85 : 1.1;
    const trend = 0.8 + (0.2 * d) / days;
    weights[d] = weekdayFactor * trend * (0.9 + 0.2 * rng.next());
  }
  const bursts = Math.max(2, Math.round(days / 90));
  for (let b = 0; b < bursts; b++) {
    const day = rng.int(0, days - 1);
    const amplitude = 3 + 3 * rng.next();
    for (let k = 0; k < 5 && day + k < days; k++) {
      weights[day + k]! *= 1 + (amplitude - 1) / 2 ** k;
    }
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (let d = 0; d < days; d++) {
    sum += weights[d]!;
    cumulative.push(Math.round((options.cases * sum) / total));
  }
  cumulative[days - 1] = options.cases;
  return { startMs, endMs, cumulative };
}

/**
 * Creation time of case `index`: its day from the cumulative counts, its moment within the day by
 * stratified sampling of the hourly profile, so times grow with the index (rows are stored in the
 * order they arrived, as in a real table) and any chunk of indices can be made on its own.
 */
export function caseTime(spec: TimelineSpec, index: number, rng: Rng): number {
  let lo = 0;
  let hi = spec.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spec.cumulative[mid]! > index) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  const day = lo;
  const first = day === 0 ? 0 : spec.cumulative[day - 1]!;
  const count = spec.cumulative[day]! - first;
  const quantile = (index - first + rng.next()) / count;
  let hour = 0;
  while (hour < 23 && HOURLY_CUMULATIVE[hour]! < quantile) {
    hour++;
  }
  const before = hour === 0 ? 0 : HOURLY_CUMULATIVE[hour - 1]!;
  const within = (quantile - before) / (HOURLY_CUMULATIVE[hour]! - before);
  return Math.floor(spec.startMs + day * DAY_MS + (hour + Math.min(within, 0.999999)) * 3_600_000);
}

/** Hour of the day in Japan (0–23) and whether it is a weekday: decides who takes the case. */
export function jstClock(ms: number): { hour: number; weekday: boolean } {
  const { hour, weekday } = tokyoTimeOf(new Date(ms));
  return { hour, weekday: weekday !== 0 && weekday !== 6 };
}
