import type { TTimelineItem } from '@madoguchi/shared';
import { render, screen } from '@testing-library/react';

import { Timeline } from './timeline';

const item = (over: Partial<TTimelineItem>): TTimelineItem => ({
  id: 'e1',
  source: 'event',
  kind: 'referral',
  at: '2026-12-01T01:00:00.000Z',
  recordedAt: '2026-12-01T01:00:00.000Z',
  public: false,
  actor: null,
  data: { referralNumber: 'R-2026-000123', windowSlug: 'consumer-188', from: 'sent', to: 'acknowledged' },
  ...over,
});

describe('Timeline: who did it', () => {
  it('names the receiving window when it answered through its partner link', () => {
    render(
      <Timeline
        items={[
          item({ data: { ...item({}).data, via: 'partner_link', note: '担当の佐藤が受け付けました' } }),
        ]}
        names={new Map()}
      />,
    );
    expect(screen.getByText('紹介先(リンクから) / the window, via its link')).toBeTruthy();
    expect(screen.queryByText('システム / system')).toBeNull();
  });

  it('names the member of staff, and the system when nobody did it', () => {
    render(
      <Timeline
        items={[
          item({ id: 'e1', actor: { id: 'u1', displayName: '相談員 山田' } }),
          item({ id: 'e2', kind: 'status_change', data: { from: 'new', to: 'in_progress' } }),
        ]}
        names={new Map()}
      />,
    );
    expect(screen.getByText('相談員 山田')).toBeTruthy();
    expect(screen.getByText('システム / system')).toBeTruthy();
  });
});

describe('Timeline: only the latest entries open', () => {
  it('shows the newest `recent` entries and keeps the older ones behind a disclosure', () => {
    const items = Array.from({ length: 8 }, (_, index) =>
      item({
        id: `e${index}`,
        kind: 'note',
        at: `2026-12-0${index + 1}T01:00:00.000Z`,
        data: { body: `メモ ${index}` },
      }),
    );
    const { container } = render(<Timeline items={items} names={new Map()} recent={5} />);

    const [open, older] = [...container.querySelectorAll('ol')];
    // Newest first: 7, 6, 5, 4, 3 open; 2, 1, 0 folded.
    expect(open?.closest('details')).toBeNull();
    expect([...open!.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'メモ 7',
      'メモ 6',
      'メモ 5',
      'メモ 4',
      'メモ 3',
    ]);
    expect(older?.closest('details')).not.toBeNull();
    expect(older?.closest('details')?.open).toBe(false);
    expect([...older!.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'メモ 2',
      'メモ 1',
      'メモ 0',
    ]);
    expect(screen.getByText(/それ以前の記録 3件を表示/)).toBeTruthy();
  });

  it('has no disclosure when everything fits', () => {
    const { container } = render(<Timeline items={[item({})]} names={new Map()} recent={5} />);
    expect(container.querySelector('details')).toBeNull();
  });
});
