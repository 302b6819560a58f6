import {
  AGE_BANDS,
  BACKLOG_AGE_BUCKETS,
  MAX_STATS_RANGE_DAYS,
  monthRange,
  statsPeriod,
  statsRangeDays,
  ZMonthlyReportQuery,
  ZStatsQuery,
} from './stats-api.schema';

describe('ZStatsQuery', () => {
  it('takes a Tokyo date range of up to 400 days, the last day included', () => {
    expect(ZStatsQuery.parse({ from: '2026-04-01', to: '2026-04-01' })).toEqual({
      from: '2026-04-01',
      to: '2026-04-01',
    });
    expect(statsRangeDays('2024-01-01', '2025-02-03')).toBe(MAX_STATS_RANGE_DAYS);
    expect(ZStatsQuery.safeParse({ from: '2024-01-01', to: '2025-02-03' }).success).toBe(true);
    expect(ZStatsQuery.safeParse({ from: '2024-01-01', to: '2025-02-04' }).success).toBe(false);
  });

  it('refuses impossible dates, an inverted range and unknown parameters', () => {
    expect(ZStatsQuery.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    expect(ZStatsQuery.safeParse({ from: '2026-03-02', to: '2026-03-01' }).success).toBe(false);
    expect(ZStatsQuery.safeParse({ from: '2026-03-01', to: '2026-03-02', x: '1' }).success).toBe(false);
    expect(ZStatsQuery.safeParse({ from: '2026-03-01' }).success).toBe(false);
  });
});

describe('periods', () => {
  it('runs from midnight in Tokyo to midnight after the last day', () => {
    const period = statsPeriod('2026-04-01', '2026-04-30');
    expect(period.start.toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(period.end.toISOString()).toBe('2026-04-30T15:00:00.000Z');
  });

  it('knows the length of each month', () => {
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(ZMonthlyReportQuery.safeParse({ month: '2026-13' }).success).toBe(false);
  });
});

describe('bands', () => {
  it('cover every age and every backlog age without gaps or overlaps', () => {
    for (const bands of [AGE_BANDS, BACKLOG_AGE_BUCKETS]) {
      expect(bands[0]!.min).toBe(0);
      bands.slice(1).forEach((band, i) => expect(band.min).toBe(bands[i]!.max! + 1));
      expect(bands[bands.length - 1]!.max).toBeNull();
    }
  });
});
