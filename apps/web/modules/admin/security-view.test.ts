import type { TBackoffEntry } from '@madoguchi/shared';

import { backoffRows } from './security-view';

const NOW = new Date('2026-12-03T06:00:00Z');

function entry(overrides: Partial<TBackoffEntry>): TBackoffEntry {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    scope: 'staff_login',
    subject: 'sodan@desk.example.jp',
    ip: '203.0.113.7',
    failures: 3,
    blockedUntil: null,
    lastFailureAt: '2026-12-03T05:00:00Z',
    ...overrides,
  };
}

describe('backoffRows', () => {
  it('shows until when a blocked entry waits, in Japan time, and lists blocked entries first', () => {
    const rows = backoffRows(
      [
        entry({ id: 'a', lastFailureAt: '2026-12-03T05:59:00Z' }),
        entry({
          id: 'b',
          scope: 'case_status',
          subject: 'AB12-CD34',
          failures: 9,
          blockedUntil: '2026-12-03T06:10:00Z',
          lastFailureAt: '2026-12-03T05:50:00Z',
        }),
      ],
      NOW,
    );
    expect(rows.map((row) => row.id)).toEqual(['b', 'a']);
    expect(rows[0]).toMatchObject({
      blocked: true,
      scope: { ja: '相談状況の確認', en: 'Case status look-up' },
      state: { ja: '12月3日(木) 15:10まで待機', en: 'Waiting until Thu 3 Dec, 15:10' },
    });
    expect(rows[1]).toMatchObject({ blocked: false, state: { ja: '待機なし', en: 'Not waiting' } });
  });

  it('treats a block that has run out as not waiting', () => {
    const [row] = backoffRows([entry({ blockedUntil: '2026-12-03T05:59:59Z' })], NOW);
    expect(row!.blocked).toBe(false);
  });

  it('orders entries that are not waiting by their last failure, newest first', () => {
    const rows = backoffRows(
      [entry({ id: 'old', lastFailureAt: '2026-12-02T05:00:00Z' }), entry({ id: 'new' })],
      NOW,
    );
    expect(rows.map((row) => row.id)).toEqual(['new', 'old']);
  });
});
