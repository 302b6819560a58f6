import { monthCase } from './stats.repository';

describe('monthCase', () => {
  const at = (iso: string) => new Date(iso);

  it('names each Tokyo month of the period, switching at its first midnight in Tokyo', () => {
    // 2025-04-01 … 2025-06-30 in Tokyo, and one day of July.
    const sql = monthCase(at('2025-03-31T15:00:00Z'), at('2025-07-01T15:00:00Z'));
    expect(sql.values).toEqual([
      at('2025-04-30T15:00:00Z'),
      '2025-04',
      at('2025-05-31T15:00:00Z'),
      '2025-05',
      at('2025-06-30T15:00:00Z'),
      '2025-06',
      '2025-07',
    ]);
    expect(sql.sql).toMatch(/^\(CASE WHEN created_at < .* ELSE .* END\)$/);
  });

  it('is the month itself for a period within one month, and crosses the year', () => {
    expect(monthCase(at('2025-11-30T15:00:00Z'), at('2025-12-31T15:00:00Z')).values).toEqual(['2025-12']);
    expect(monthCase(at('2025-12-15T15:00:00Z'), at('2026-01-10T15:00:00Z')).values).toEqual([
      at('2025-12-31T15:00:00Z'),
      '2025-12',
      '2026-01',
    ]);
  });
});
