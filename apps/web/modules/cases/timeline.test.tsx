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
