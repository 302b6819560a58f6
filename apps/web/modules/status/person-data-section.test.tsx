import type { TIntakeStatus } from '@madoguchi/shared';
import { render, screen, within } from '@testing-library/react';

import { PERSON_DATA_DOWNLOAD_PATH, PersonDataSection } from './person-data-section';

const CREDENTIALS = { receiptNumber: 'K7QP-4MZT', accessCode: '7EDAH-F42E7' };

function status(overrides: Partial<TIntakeStatus> = {}): TIntakeStatus {
  return {
    receiptNumber: 'K7QP-4MZT',
    status: 'in_progress',
    statusLabel: { ja: '対応中', en: 'In progress' },
    lastUpdatedAt: '2026-11-30T01:00:00.000Z',
    messages: [],
    conversation: [],
    canReply: true,
    readingAid: false,
    files: [],
    requests: [],
    dataDeletedAt: null,
    ...overrides,
  };
}

function show(result: TIntakeStatus) {
  render(
    <PersonDataSection
      result={result}
      credentials={CREDENTIALS}
      request={undefined}
      formAction={() => undefined}
      pending={false}
      furigana={false}
    />,
  );
  return screen.getByRole('region', { name: /あなたのデータ/ });
}

describe('your data on the status page', () => {
  it('offers PDF and JSON downloads as plain POST forms, the pair in hidden fields and never in the address', () => {
    const section = show(status());
    const buttons = within(section).getAllByRole('button', { name: /ダウンロード/ });
    expect(buttons.map((button) => button.textContent)).toEqual([
      expect.stringContaining('PDF'),
      expect.stringContaining('JSON'),
    ]);
    for (const button of buttons) {
      const form = button.closest('form')!;
      expect(form.getAttribute('method')).toBe('post');
      expect(form.getAttribute('action')).toBe(PERSON_DATA_DOWNLOAD_PATH);
      const hidden = new FormData(form);
      expect(hidden.get('accessCode')).toBe(CREDENTIALS.accessCode);
      expect(form.getAttribute('action')).not.toContain(CREDENTIALS.accessCode);
    }
    expect(within(section).getByText(/相談員の内部メモは含まれません/)).toBeVisible();
    expect(within(section).getByRole('region', { name: /内容の訂正をお願いする/ })).toBeVisible();
    expect(within(section).getByRole('region', { name: /データの利用停止・削除をお願いする/ })).toBeVisible();
  });

  it('lists the requests with the due date of a waiting one and the reason of a refusal', () => {
    const section = show(
      status({
        requests: [
          {
            kind: 'deletion',
            status: 'refused',
            receivedAt: '2026-11-20T01:00:00.000Z',
            dueAt: '2026-12-04T01:00:00.000Z',
            decidedAt: '2026-11-25T01:00:00.000Z',
            refusalReason: '法令により保存が必要なためです。',
          },
          {
            kind: 'correction',
            status: 'received',
            receivedAt: '2026-11-30T01:00:00.000Z',
            dueAt: '2026-12-14T01:00:00.000Z',
            decidedAt: null,
            refusalReason: null,
          },
        ],
      }),
    );
    const [refused, waiting] = within(section).getAllByTestId('person-request');
    expect(refused).toHaveTextContent(/利用停止・削除.*お受けできませんでした/);
    expect(refused).toHaveTextContent('法令により保存が必要なためです。');
    expect(waiting).toHaveTextContent(/お返事の期限 12月14日\(月\) 10:00/);
  });

  it('says the data was deleted and offers no more requests once it was', () => {
    const section = show(status({ dataDeletedAt: '2026-12-01T03:00:00.000Z' }));
    expect(within(section).getByTestId('data-deleted')).toHaveTextContent(
      /12月1日\(火\) 12:00に削除しました/,
    );
    expect(within(section).queryByRole('region', { name: /訂正をお願いする/ })).toBeNull();
    expect(within(section).queryByRole('region', { name: /利用停止・削除をお願いする/ })).toBeNull();
  });

  it('offers no second deletion request while one waits', () => {
    const section = show(
      status({
        requests: [
          {
            kind: 'deletion',
            status: 'received',
            receivedAt: '2026-11-30T01:00:00.000Z',
            dueAt: '2026-12-14T01:00:00.000Z',
            decidedAt: null,
            refusalReason: null,
          },
        ],
      }),
    );
    expect(within(section).queryByRole('region', { name: /利用停止・削除をお願いする/ })).toBeNull();
    expect(within(section).getByRole('region', { name: /内容の訂正をお願いする/ })).toBeVisible();
  });
});
