import type { TPersonRequest } from '@madoguchi/shared';
import { render, screen, within } from '@testing-library/react';

import { PersonRequestsPanel } from './person-requests-panel';

jest.mock('./person-request-actions', () => ({ decidePersonRequest: jest.fn() }));

const CASE_ID = '00000000-0000-4000-8000-000000000001';

function request(overrides: Partial<TPersonRequest>): TPersonRequest {
  return {
    id: '00000000-0000-4000-8000-0000000000a1',
    caseId: CASE_ID,
    receiptNumber: 'K7QP-4MZT',
    kind: 'correction',
    status: 'received',
    text: '名前の漢字が違います。',
    receivedAt: '2026-11-20T01:00:00.000Z',
    dueAt: '2026-12-04T01:00:00.000Z',
    overdue: false,
    decidedAt: null,
    decidedBy: null,
    refusalReason: null,
    shredded: null,
    ...overrides,
  };
}

describe('requests from the person on the case page', () => {
  it('shows a waiting correction with the person’s text, its due date, and both decisions', () => {
    render(<PersonRequestsPanel caseId={CASE_ID} requests={[request({})]} />);
    const item = screen.getByTestId('person-request');
    expect(item).toHaveTextContent('訂正 / Correction');
    expect(item).toHaveTextContent('名前の漢字が違います。');
    expect(item).toHaveTextContent('2026/12/04');
    expect(within(item).queryByTestId('person-request-overdue')).toBeNull();
    // Completing a correction asks what was corrected; refusing asks for the reason the person reads.
    expect(within(item).getByLabelText(/訂正した内容/)).toBeRequired();
    expect(within(item).getByLabelText(/お断りする理由/)).toBeRequired();
    expect(within(item).getByRole('button', { name: /訂正済みにする/ })).toBeInTheDocument();
  });

  it('marks an overdue request and warns before a deletion is completed', () => {
    render(
      <PersonRequestsPanel
        caseId={CASE_ID}
        requests={[request({ kind: 'deletion', text: null, overdue: true })]}
      />,
    );
    const item = screen.getByTestId('person-request');
    expect(within(item).getByTestId('person-request-overdue')).toHaveTextContent(/期限切れ.*Overdue/);
    expect(item).toHaveTextContent(/元に戻せない形で削除します/);
    expect(within(item).getByRole('button', { name: /削除して対応済みにする/ })).toBeInTheDocument();
  });

  it('shows who decided and the refusal reason, with no forms, once decided', () => {
    render(
      <PersonRequestsPanel
        caseId={CASE_ID}
        requests={[
          request({
            status: 'refused',
            decidedAt: '2026-11-25T01:00:00.000Z',
            decidedBy: { id: '00000000-0000-4000-8000-0000000000b1', name: '相談員 一郎' },
            refusalReason: '法令により保存が必要なためです。',
          }),
        ]}
      />,
    );
    const item = screen.getByTestId('person-request');
    expect(item).toHaveTextContent('お受けできませんでした / Refused');
    expect(item).toHaveTextContent('相談員 一郎');
    expect(item).toHaveTextContent('法令により保存が必要なためです。');
    expect(within(item).queryByRole('button')).toBeNull();
  });
});
