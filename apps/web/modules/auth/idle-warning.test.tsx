import { act, fireEvent, render, screen } from '@testing-library/react';

import { IdleWarning } from './idle-warning';

// The same object every render, as Next.js gives it while the address does not change.
const mockSearchParams = new URLSearchParams();
jest.mock('next/navigation', () => ({
  usePathname: () => '/cases/1',
  useSearchParams: () => mockSearchParams,
}));

const MINUTE = 60_000;

beforeEach(() => {
  jest.useFakeTimers();
  global.fetch = jest.fn(async () => new Response('{"ok":true}', { status: 200 }));
});

afterEach(() => {
  jest.useRealTimers();
});

function advance(ms: number) {
  act(() => {
    jest.advanceTimersByTime(ms);
  });
}

function warningShown(): boolean {
  return screen.getByRole('dialog', { hidden: true }).hasAttribute('open');
}

describe('IdleWarning', () => {
  it('warns before the sign-out when nothing happens', () => {
    render(<IdleWarning idleTimeoutMs={30 * MINUTE} warningMs={5 * MINUTE} />);
    advance(25 * MINUTE);
    expect(warningShown()).toBe(true);
  });

  it('counts typing as activity: no warning while a note is being written, and the server is told', () => {
    render(
      <>
        <textarea aria-label="メモ" />
        <IdleWarning idleTimeoutMs={30 * MINUTE} warningMs={5 * MINUTE} />
      </>,
    );
    const box = screen.getByRole('textbox', { name: 'メモ' });
    for (let minute = 0; minute < 40; minute += 10) {
      advance(10 * MINUTE);
      fireEvent.input(box, { target: { value: `note ${minute}` } });
    }
    advance(10 * MINUTE);
    expect(warningShown()).toBe(false);
    // A keepalive now and then (not on every key), so the server's idle clock restarts too.
    const calls = jest.mocked(global.fetch).mock.calls;
    expect(calls.length).toBe(4);
    expect(calls[0]?.[0]).toBe('/api/staff/keepalive');

    fireEvent.input(box, { target: { value: 'more' } });
    fireEvent.input(box, { target: { value: 'more text' } });
    advance(30_000);
    fireEvent.input(box, { target: { value: 'more text, later' } });
    expect(jest.mocked(global.fetch).mock.calls.length).toBe(5);
  });
});
