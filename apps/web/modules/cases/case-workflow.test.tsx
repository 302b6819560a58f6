import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { CONFLICT_MESSAGE, type TActionResult } from '../dashboard/action-result';
import { changeCaseStatus } from './case-actions';
import { StatusChangeForm } from './case-workflow';

jest.mock('./case-actions', () => ({
  assignCase: jest.fn(),
  changeCaseStatus: jest.fn(),
  changePriority: jest.fn(),
  updateCaseDetails: jest.fn(),
}));

const refresh = jest.fn();
jest.mock('next/navigation', () => ({ useRouter: () => ({ refresh, push: jest.fn() }) }));

const changeStatus = jest.mocked(changeCaseStatus);
const CASE_ID = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';

function optionLabels(select: HTMLElement): string[] {
  return within(select)
    .getAllByRole('option')
    .map((option) => (option as HTMLOptionElement).value)
    .filter((value) => value !== '');
}

async function submit(button: HTMLElement) {
  await act(async () => {
    fireEvent.click(button);
  });
}

describe('StatusChangeForm', () => {
  beforeEach(() => {
    changeStatus.mockReset();
    refresh.mockReset();
  });

  it('offers only the moves the workflow allows from a new case', () => {
    render(<StatusChangeForm caseId={CASE_ID} version={3} status="new" />);

    expect(optionLabels(screen.getByLabelText(/新しい状態/))).toEqual(['triaged', 'in_progress', 'closed']);
  });

  it('offers only reopening for a closed case, and asks for a reason', () => {
    render(<StatusChangeForm caseId={CASE_ID} version={3} status="closed" />);

    const select = screen.getByLabelText(/新しい状態/);
    expect(optionLabels(select)).toEqual(['in_progress']);
    fireEvent.change(select, { target: { value: 'in_progress' } });
    expect(screen.getByLabelText(/理由 \(必須\)/)).toBeRequired();
  });

  it('sends the change with the version that was read', async () => {
    changeStatus.mockResolvedValue({
      ok: true,
      message: { ja: '状態を変更しました。', en: 'Status changed.' },
      data: undefined,
    });
    render(<StatusChangeForm caseId={CASE_ID} version={7} status="in_progress" />);

    fireEvent.change(screen.getByLabelText(/新しい状態/), { target: { value: 'awaiting_client' } });
    await submit(screen.getByRole('button', { name: /状態を変更/ }));

    expect(changeStatus).toHaveBeenCalledWith({
      caseId: CASE_ID,
      version: 7,
      to: 'awaiting_client',
      reason: '',
    });
    expect(screen.getByRole('status')).toHaveTextContent('状態を変更しました。');
  });

  it('on a version conflict says the case changed, offers a reload and keeps the typed reason', async () => {
    const conflict: TActionResult = {
      ok: false,
      message: CONFLICT_MESSAGE,
      fields: [],
      conflict: true,
      reason: 'version_conflict',
    };
    changeStatus.mockResolvedValue(conflict);
    render(<StatusChangeForm caseId={CASE_ID} version={2} status="in_progress" />);

    fireEvent.change(screen.getByLabelText(/新しい状態/), { target: { value: 'closed' } });
    const reason = screen.getByLabelText(/理由/);
    fireEvent.change(reason, { target: { value: '188に引き継ぎ、本人も了承' } });
    await submit(screen.getByRole('button', { name: /状態を変更/ }));

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('このケースは他の人が更新しました — 再読み込みしてください');
    expect(alert).toHaveTextContent('This case changed — reload');
    expect(reason).toHaveValue('188に引き継ぎ、本人も了承');
    expect(screen.getByLabelText(/新しい状態/)).toHaveValue('closed');

    fireEvent.click(within(alert).getByRole('button', { name: /再読み込み/ }));
    expect(refresh).toHaveBeenCalled();
    expect(reason).toHaveValue('188に引き継ぎ、本人も了承');
  });

  it('keeps the text and reports the failure when the server cannot be reached', async () => {
    changeStatus.mockRejectedValue(new TypeError('fetch failed'));
    render(<StatusChangeForm caseId={CASE_ID} version={2} status="triaged" />);

    fireEvent.change(screen.getByLabelText(/新しい状態/), { target: { value: 'in_progress' } });
    fireEvent.change(screen.getByLabelText(/理由/), { target: { value: '折り返し予定' } });
    await submit(screen.getByRole('button', { name: /状態を変更/ }));

    expect(screen.getByRole('alert')).toHaveTextContent('送信できませんでした');
    expect(screen.getByLabelText(/理由/)).toHaveValue('折り返し予定');
  });
});
