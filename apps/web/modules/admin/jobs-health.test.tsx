import type { TJobsHealth } from '@madoguchi/shared';
import { render, screen, within } from '@testing-library/react';

import { JobsHealthPanel } from './jobs-health';

const health: TJobsHealth = {
  mode: 'inline',
  queues: [
    { name: 'housekeeping.prune-idempotency', waiting: 0, active: 0, failed: 0, oldestWaitingSeconds: null },
    { name: 'notifications.mail', waiting: 3, active: 1, failed: 2, oldestWaitingSeconds: 600 },
  ],
  recentFailures: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      queue: 'notifications.mail',
      failedAt: '2026-12-01T01:00:00.000Z',
      attempts: 6,
      error: 'connect ECONNREFUSED 127.0.0.1:25',
    },
  ],
};

describe('JobsHealthPanel', () => {
  it('shows each queue with its counts and how long the oldest job has waited', () => {
    render(<JobsHealthPanel health={health} />);
    const rows = screen.getAllByTestId('job-queue-row');
    expect(rows).toHaveLength(2);
    expect(
      within(rows[1]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['3', '1', '2', '10 分 / min']);
    expect(within(rows[0]!).getAllByRole('cell')[3]!.textContent).toBe('—');
  });

  it('lists failed jobs with the error they failed with', () => {
    render(<JobsHealthPanel health={health} />);
    const failure = screen.getByTestId('job-failure-row');
    expect(failure.textContent).toContain('connect ECONNREFUSED 127.0.0.1:25');
    expect(within(failure).getAllByRole('cell')[1]!.textContent).toBe('6');
  });

  it('shows no failure table when nothing failed', () => {
    render(<JobsHealthPanel health={{ ...health, recentFailures: [] }} />);
    expect(screen.queryByTestId('job-failure-row')).toBeNull();
  });
});
