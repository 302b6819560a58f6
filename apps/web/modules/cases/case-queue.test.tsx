import type { TCaseListItem } from '@madoguchi/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';

import { CaseQueue } from './case-queue';

const push = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ push, refresh: jest.fn() }) }));

function summary(overrides: Partial<TCaseListItem>): TCaseListItem {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    receiptNumber: 'AAAA-2222',
    status: 'new',
    urgency: 'normal',
    priority: 'normal',
    channel: 'web',
    pickedCategory: null,
    suggestedCategories: ['phishing'],
    confirmedCategories: [],
    safetyFlags: [],
    assignee: null,
    tags: [],
    followUpAt: null,
    followUpOverdue: false,
    summary: null,
    version: 1,
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
    closedAt: null,
    response: {
      dueAt: '2026-04-03T08:00:00.000Z',
      waitingMs: 5 * 60_000,
      leftMs: 2 * 24 * 3_600_000,
      overdue: false,
      arrivedWhileClosed: false,
      met: null,
    },
    followUp: null,
    excerpt: null,
    ...overrides,
  };
}

const CASES = [
  summary({
    id: '00000000-0000-4000-8000-00000000000a',
    receiptNumber: 'KQ7P-4MZT',
    priority: 'emergency',
    urgency: 'emergency',
  }),
  summary({
    id: '00000000-0000-4000-8000-00000000000b',
    receiptNumber: 'B3CD-5EFG',
    assignee: { id: 'u1', displayName: '佐藤' },
  }),
  summary({ id: '00000000-0000-4000-8000-00000000000c', receiptNumber: 'H6JK-7LMN', status: 'in_progress' }),
];

function press(key: string, target: Element = document.body) {
  fireEvent.keyDown(target, { key });
}

describe('CaseQueue keyboard navigation', () => {
  beforeEach(() => push.mockReset());

  it('moves down with j and up with k, focusing each case and announcing it', () => {
    render(<CaseQueue cases={CASES} />);
    const announcer = screen.getByTestId('queue-announcer');

    press('j');
    expect(screen.getByRole('link', { name: 'KQ7P-4MZT' })).toHaveFocus();
    expect(announcer).toHaveTextContent('1件目 / 全3件');
    expect(announcer).toHaveTextContent('受付番号 KQ7P-4MZT');
    expect(announcer).toHaveTextContent('優先度 緊急');

    press('j', document.activeElement!);
    expect(screen.getByRole('link', { name: 'B3CD-5EFG' })).toHaveFocus();
    expect(announcer).toHaveTextContent('2件目 / 全3件');
    expect(announcer).toHaveTextContent('担当 佐藤');

    press('k', document.activeElement!);
    expect(screen.getByRole('link', { name: 'KQ7P-4MZT' })).toHaveFocus();
  });

  it('stops at the ends of the list', () => {
    render(<CaseQueue cases={CASES} />);

    for (let i = 0; i < 5; i++) {
      press('j', document.activeElement ?? document.body);
    }
    expect(screen.getByRole('link', { name: 'H6JK-7LMN' })).toHaveFocus();
    for (let i = 0; i < 5; i++) {
      press('k', document.activeElement!);
    }
    expect(screen.getByRole('link', { name: 'KQ7P-4MZT' })).toHaveFocus();
  });

  it('opens the case it moved to with Enter', () => {
    render(<CaseQueue cases={CASES} />);

    press('j');
    press('j', document.activeElement!);
    // Focus left the link (say, a click on the page background); Enter still opens the row moved to.
    (document.activeElement as HTMLElement).blur();
    press('Enter');
    expect(push).toHaveBeenCalledWith('/cases/00000000-0000-4000-8000-00000000000b');
  });

  it('links each case to its page, so Enter on the focused link opens it natively', () => {
    render(<CaseQueue cases={CASES} />);
    expect(screen.getByRole('link', { name: 'H6JK-7LMN' })).toHaveAttribute(
      'href',
      '/cases/00000000-0000-4000-8000-00000000000c',
    );
  });

  it('leaves j and k alone while someone types in a field', () => {
    render(
      <>
        <input aria-label="検索" />
        <CaseQueue cases={CASES} />
      </>,
    );
    const search = screen.getByLabelText('検索');
    search.focus();

    press('j', search);
    expect(search).toHaveFocus();
    expect(screen.getByTestId('queue-announcer')).toHaveTextContent('');
  });

  it('shows each urgency as a coloured badge with its word', () => {
    render(<CaseQueue cases={CASES} />);
    const rows = screen.getAllByTestId('queue-row');
    expect(rows[0]!.querySelector('.urgency--emergency')).toHaveTextContent('緊急');
    expect(rows[1]!.querySelector('.urgency--normal')).toHaveTextContent('通常');
  });
});

describe('CaseQueue excerpt', () => {
  it('shows the start of the person’s words under the case number, as plain text', () => {
    const excerpt = '<b>未納料金</b>があると[電話番号]からSMSが届き…';
    render(<CaseQueue cases={[summary({ excerpt }), CASES[1]!]} />);
    const [row, plain] = screen.getAllByTestId('queue-row');
    const shown = within(row!).getByTestId('queue-excerpt');
    expect(shown).toHaveTextContent(`相談内容 / Excerpt: ${excerpt}`);
    expect(shown.querySelector('b')).toBeNull();
    expect(shown.closest('th')).toBe(within(row!).getByRole('rowheader'));
    expect(within(plain!).queryByTestId('queue-excerpt')).toBeNull();
  });
});

describe('CaseQueue safety flags', () => {
  const flagged = summary({
    id: '00000000-0000-4000-8000-00000000000d',
    receiptNumber: 'D4EF-8GHJ',
    priority: 'emergency',
    urgency: 'emergency',
    safetyFlags: ['danger_now', 'self_harm'],
  });

  it('shows each flag on the row in words, Japanese and English, with a warning symbol', () => {
    render(<CaseQueue cases={[flagged, CASES[1]!]} />);
    const [row, plain] = screen.getAllByTestId('queue-row');

    const flags = within(row!).getByRole('list', { name: /安全フラグ/ });
    const items = within(flags).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      '⚠危険が迫っている Danger now',
      '⚠自殺・自傷の言葉 Self-harm words',
    ]);
    expect(within(items[1]!).getByText('Self-harm words')).toHaveAttribute('lang', 'en');
    // The symbol is decoration for the eye; the words are what is read out.
    expect(items[0]!.querySelector('[aria-hidden="true"]')).toHaveTextContent('⚠');
    expect(row).toHaveClass('queue-row--flagged');

    expect(within(plain!).queryByRole('list', { name: /安全フラグ/ })).toBeNull();
    expect(plain).not.toHaveClass('queue-row--flagged');
  });

  it('names the flags to screen readers on the case link and in the j/k announcement', () => {
    render(<CaseQueue cases={[flagged, CASES[1]!]} />);

    const link = screen.getByRole('link', { name: 'D4EF-8GHJ' });
    expect(link).toHaveAccessibleDescription(/危険が迫っている.*自殺・自傷の言葉/);
    expect(screen.getByRole('link', { name: 'B3CD-5EFG' })).not.toHaveAttribute('aria-describedby');

    press('j');
    expect(screen.getByTestId('queue-announcer')).toHaveTextContent(
      '受付番号 D4EF-8GHJ、安全フラグ: 危険が迫っている、自殺・自傷の言葉、優先度 緊急',
    );
    press('j', document.activeElement!);
    expect(screen.getByTestId('queue-announcer')).not.toHaveTextContent('安全フラグ');
  });

  it.each([
    ['threat_to_life', '命・体への脅し', 'Threat to life'],
    ['intimate_images', '性的画像', 'Intimate images'],
  ] as const)('flags %s as 「%s」', (flag, ja, en) => {
    render(<CaseQueue cases={[summary({ safetyFlags: [flag] })]} />);
    const item = within(screen.getByRole('list', { name: /安全フラグ/ })).getByRole('listitem');
    expect(item).toHaveTextContent(ja);
    expect(item).toHaveTextContent(en);
  });
});

describe('CaseQueue response targets', () => {
  const cell = (row: HTMLElement) => row.querySelector('.queue-response') as HTMLElement;

  it('shows the waiting time and the time left in words, Japanese and English', () => {
    render(<CaseQueue cases={[summary({})]} />);
    expect(
      screen.getByRole('columnheader', { name: /待ち時間 \/ 残り.*Waiting \/ time left/ }),
    ).toBeInTheDocument();
    const response = cell(screen.getByTestId('queue-row'));
    expect(response).toHaveTextContent('待ち 5分 waiting 5 min');
    expect(response).toHaveTextContent('残り 2日0時間 2 d 0 h left');
    expect(response).not.toHaveTextContent('期限超過');
    expect(response).not.toHaveTextContent('受付時間外に到着');
  });

  it('marks an overdue case and one that arrived while the desk was closed with badges in words', () => {
    const late = summary({
      response: {
        dueAt: '2026-04-01T02:00:00.000Z',
        waitingMs: 3 * 3_600_000 + 20 * 60_000,
        leftMs: -(90 * 60_000),
        overdue: true,
        arrivedWhileClosed: true,
        met: null,
      },
    });
    render(<CaseQueue cases={[late]} />);
    const response = cell(screen.getByTestId('queue-row'));
    expect(response).toHaveTextContent('待ち 3時間20分');
    expect(within(response).getByText(/期限超過/)).toHaveTextContent(
      '期限超過 1時間30分 Overdue by 1 h 30 min',
    );
    expect(within(response).getByText(/期限超過/)).toHaveClass('badge');
    expect(within(response).getByText(/受付時間外に到着/)).toHaveTextContent('Arrived while closed');
    expect(response).not.toHaveTextContent('残り');

    press('j');
    expect(screen.getByTestId('queue-announcer')).toHaveTextContent('優先度 通常、対応期限超過');
  });

  it('says whether an answered case was answered on time', () => {
    const answered = summary({
      response: {
        dueAt: null,
        waitingMs: 60_000,
        leftMs: 10_000,
        overdue: false,
        arrivedWhileClosed: false,
        met: true,
      },
    });
    render(<CaseQueue cases={[answered]} />);
    expect(cell(screen.getByTestId('queue-row'))).toHaveTextContent('期限内に対応 Answered on time');
  });
});

describe('CaseQueue follow-up column', () => {
  it("shows a referral's follow-up date, says it is the referral's, and marks it overdue in words", () => {
    render(
      <CaseQueue
        cases={[summary({ followUp: { at: '2026-04-08T00:00:00.000Z', overdue: true, fromReferral: true } })]}
      />,
    );
    const row = screen.getByTestId('queue-row');
    expect(row).toHaveTextContent('紹介先の確認 referral check');
    expect(within(row).getByText(/期限切れ/)).toHaveTextContent('期限切れ Overdue');
  });

  it('shows a dash when there is no follow-up at all', () => {
    render(<CaseQueue cases={[summary({})]} />);
    const cells = within(screen.getByTestId('queue-row')).getAllByRole('cell');
    expect(cells.at(-1)).toHaveTextContent('—');
  });
});
