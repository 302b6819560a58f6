import { contract, type TPersonRequest } from '@madoguchi/shared';
import { render, screen, within } from '@testing-library/react';

import { requireStaff } from '../../../lib/auth';
import { staffCall } from '../../../lib/staff-api';
import PersonRequestsPage from './page';

// The page as the server renders it, with the API's reply arranged here.
jest.mock('../../../lib/auth', () => ({
  requireStaff: jest.fn(async () => ({ sub: '00000000-0000-4000-8000-0000000000aa', role: 'supervisor' })),
}));
jest.mock('../../../lib/staff-api', () => ({ staffCall: jest.fn() }));
jest.mock('../../../modules/person-requests/person-request-actions', () => ({
  decidePersonRequest: jest.fn(),
}));

const waiting: TPersonRequest = {
  id: '00000000-0000-4000-8000-0000000000a1',
  caseId: '00000000-0000-4000-8000-000000000001',
  receiptNumber: 'K7QP-4MZT',
  kind: 'deletion',
  status: 'received',
  text: null,
  receivedAt: '2026-11-10T01:00:00.000Z',
  dueAt: '2026-11-24T01:00:00.000Z',
  overdue: true,
  decidedAt: null,
  decidedBy: null,
  refusalReason: null,
  shredded: null,
};

async function renderPage(status?: string) {
  jest.mocked(staffCall).mockResolvedValue({
    ok: true,
    status: 200,
    data: {
      items: [
        waiting,
        {
          ...waiting,
          id: '00000000-0000-4000-8000-0000000000a2',
          overdue: false,
          receiptNumber: 'AB23-CD45',
        },
      ],
      overdue: 1,
    } as never,
  });
  render(await PersonRequestsPage({ searchParams: Promise.resolve(status ? { status } : {}) }));
}

describe('requests from persons (supervisors)', () => {
  it('lists the waiting requests with links to their cases and the overdue ones marked and counted', async () => {
    await renderPage();
    expect(staffCall).toHaveBeenCalledWith(contract.personRequests.list, { query: { status: 'received' } });
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('2件(うち期限切れ 1件)');
    const rows = screen.getAllByTestId('person-request-row');
    expect(within(rows[0]!).getByRole('link', { name: 'K7QP-4MZT' })).toHaveAttribute(
      'href',
      `/cases/${waiting.caseId}`,
    );
    expect(within(rows[0]!).getByTestId('person-request-overdue')).toBeInTheDocument();
    expect(within(rows[1]!).queryByTestId('person-request-overdue')).toBeNull();
    expect(screen.getByRole('link', { name: /受け付けました/ })).toHaveAttribute('aria-current', 'page');
  });

  it('filters by a known status and ignores an unknown one', async () => {
    await renderPage('refused');
    expect(staffCall).toHaveBeenLastCalledWith(contract.personRequests.list, {
      query: { status: 'refused' },
    });
    await renderPage('nonsense');
    expect(staffCall).toHaveBeenLastCalledWith(contract.personRequests.list, {
      query: { status: 'received' },
    });
  });

  it('is for supervisors and admins only', async () => {
    jest
      .mocked(requireStaff)
      .mockResolvedValueOnce({ sub: '00000000-0000-4000-8000-0000000000aa', role: 'counselor' } as never);
    jest.mocked(staffCall).mockClear();
    render(await PersonRequestsPage({ searchParams: Promise.resolve({}) }));
    expect(staffCall).not.toHaveBeenCalled();
    expect(screen.getByText(/権限がありません/)).toBeInTheDocument();
  });
});
