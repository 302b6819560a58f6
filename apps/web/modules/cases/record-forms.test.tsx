import { act, fireEvent, render, screen } from '@testing-library/react';

import { addRecord } from './case-actions';
import { draftKey, loadDraft, saveDraft } from './case-drafts';
import { RecordForms, requestRecordForm } from './record-forms';

jest.mock('./case-actions', () => ({ addRecord: jest.fn() }));
// Server-only (the session); the picker is not under test here.
jest.mock('./template-actions', () => ({ fillTemplateForCase: jest.fn() }));
jest.mock('next/navigation', () => ({ useRouter: () => ({ refresh: jest.fn(), push: jest.fn() }) }));

const add = jest.mocked(addRecord);
const USER = '00000000-0000-4000-8000-0000000000aa';
const CASE_ID = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';
const key = (form: 'note' | 'contact' | 'message') => ({ userId: USER, caseId: CASE_ID, form });

beforeEach(() => {
  window.sessionStorage.clear();
  add.mockReset();
});

describe('RecordForms drafts', () => {
  it('keeps what is typed in the tab, per kind, and never sends it', () => {
    render(<RecordForms caseId={CASE_ID} userId={USER} />);
    fireEvent.input(screen.getByLabelText(/^メモ/), { target: { value: '明日10時に折り返す' } });

    expect(loadDraft(window.sessionStorage, key('note'))).toEqual({ body: '明日10時に折り返す' });
    expect(add).not.toHaveBeenCalled();
  });

  it('puts a stored draft back with a hint, on the kind that has one', () => {
    saveDraft(window.sessionStorage, key('message'), { body: '書類を確認しました' });
    render(<RecordForms caseId={CASE_ID} userId={USER} />);

    expect(screen.getByLabelText(/^メッセージ/)).toHaveValue('書類を確認しました');
    expect(screen.getByRole('status')).toHaveTextContent('下書きを復元しました');
    // The note's box is its own: switching to it shows no message text.
    fireEvent.click(screen.getByRole('radio', { name: /内部メモ/ }));
    expect(screen.getByLabelText(/^メモ/)).toHaveValue('');
    expect(screen.getByText(/下書き/, { selector: '.draft-mark' })).toBeInTheDocument();
  });

  it('clears the draft once the record is saved', async () => {
    saveDraft(window.sessionStorage, key('note'), { body: '本人へ連絡済み' });
    add.mockResolvedValue({
      ok: true,
      message: { ja: '内部メモを追加しました。', en: 'Added.' },
      data: undefined,
    });
    render(<RecordForms caseId={CASE_ID} userId={USER} />);

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /追加/ }));
    });

    expect(add).toHaveBeenCalledWith(expect.objectContaining({ kind: 'note', body: '本人へ連絡済み' }));
    expect(window.sessionStorage.getItem(draftKey(key('note')))).toBeNull();
    expect(screen.getByLabelText(/^メモ/)).toHaveValue('');
    expect(screen.queryByText('下書きを復元しました。')).toBeNull();
  });

  it('keeps the draft when saving fails', async () => {
    add.mockResolvedValue({
      ok: false,
      message: { ja: '送信できませんでした。', en: 'Failed.' },
      fields: [],
      conflict: false,
    });
    render(<RecordForms caseId={CASE_ID} userId={USER} />);
    fireEvent.input(screen.getByLabelText(/^メモ/), { target: { value: '途中まで' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /追加/ }));
    });

    expect(loadDraft(window.sessionStorage, key('note'))).toEqual({ body: '途中まで' });
    expect(screen.getByLabelText(/^メモ/)).toHaveValue('途中まで');
  });

  it('opens the call log and puts the cursor in it on the `c` shortcut', () => {
    render(<RecordForms caseId={CASE_ID} userId={USER} />);
    act(() => requestRecordForm('contact'));

    const summary = screen.getByLabelText(/^内容/);
    expect(summary).toHaveFocus();
    expect(screen.getByRole('radio', { name: /連絡記録/ })).toBeChecked();
  });
});
