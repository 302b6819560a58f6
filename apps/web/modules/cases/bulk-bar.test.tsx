import type { TCaseListItem } from '@madoguchi/shared';
import { fireEvent, render, screen } from '@testing-library/react';

import { BULK_FORM_ID } from './bulk-bar';
import { CaseQueue } from './case-queue';

jest.mock('next/navigation', () => ({ useRouter: () => ({ push: jest.fn(), refresh: jest.fn() }) }));
jest.mock('../auth/idle-warning', () => ({ markServerActivity: jest.fn() }));

function item(id: string, receiptNumber: string): TCaseListItem {
  return {
    id,
    receiptNumber,
    status: 'new',
    urgency: 'normal',
    priority: 'normal',
    channel: 'web',
    pickedCategory: null,
    suggestedCategories: [],
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
      dueAt: null,
      waitingMs: 60_000,
      leftMs: null,
      overdue: false,
      arrivedWhileClosed: false,
      met: null,
    },
    followUp: null,
    excerpt: null,
  } as TCaseListItem;
}

const CASES = [
  item('00000000-0000-4000-8000-00000000000a', 'KQ7P-4MZT'),
  item('00000000-0000-4000-8000-00000000000b', 'B3CD-5EFG'),
  item('00000000-0000-4000-8000-00000000000c', 'H6JK-7LMN'),
];

function renderQueue() {
  render(
    <CaseQueue
      cases={CASES}
      bulk={{ action: jest.fn(), directory: [{ id: 'u2', displayName: '鈴木', role: 'counselor' }] }}
    />,
  );
  return document.getElementById(BULK_FORM_ID) as HTMLFormElement;
}

describe('bulk actions in the queue', () => {
  it('gives every row a labelled checkbox that belongs to the bulk form', () => {
    const form = renderQueue();
    fireEvent.click(screen.getByRole('checkbox', { name: /受付番号 B3CD-5EFG を選択/ }));
    expect(screen.getByTestId('bulk-selected').textContent).toContain('1件を選択中');
    expect(new FormData(form).getAll('caseId')).toEqual(['00000000-0000-4000-8000-00000000000b']);
  });

  it('selects and clears the whole page at once', () => {
    const form = renderQueue();
    const all = screen.getByRole('checkbox', { name: /このページの相談をすべて選択/ });
    fireEvent.click(all);
    expect(screen.getByTestId('bulk-selected').textContent).toContain('3件を選択中');
    expect(new FormData(form).getAll('caseId')).toEqual(CASES.map((c) => c.id));
    fireEvent.click(all);
    expect(new FormData(form).getAll('caseId')).toEqual([]);
  });

  it('offers each action with labelled fields, and the directory as assignees', () => {
    renderQueue();
    expect(screen.getByRole('combobox', { name: /担当者/ })).toHaveTextContent('鈴木');
    expect(screen.getByRole('combobox', { name: /状態/ })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: /タグ/ })).toBeTruthy();
    for (const name of [/担当を変更/, /状態を変更/, /タグを追加/]) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
  });
});
