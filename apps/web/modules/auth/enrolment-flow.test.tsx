import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { confirmTotpEnrolment, startTotpEnrolment } from './account-actions';
import { EnrolmentFlow } from './enrolment-flow';

jest.mock('./account-actions', () => ({
  startTotpEnrolment: jest.fn(),
  confirmTotpEnrolment: jest.fn(),
  refreshAccountState: jest.fn(),
}));

const startMock = jest.mocked(startTotpEnrolment);
const confirmMock = jest.mocked(confirmTotpEnrolment);

const SECRET = {
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  otpauthUri:
    'otpauth://totp/Madoguchi:a%40desk.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Madoguchi',
  qr: { size: 21, path: 'M0 0h7v1h-7z' },
};
const CODES = Array.from({ length: 10 }, (_, i) => `AAAA-BBBB-CC${String(i).padStart(2, '0')}`);

async function click(name: RegExp) {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
}

describe('EnrolmentFlow', () => {
  beforeEach(() => {
    startMock.mockReset();
    confirmMock.mockReset();
  });

  it('asks for the enrolment code, shows the QR code and key, then the recovery codes, then moves on', async () => {
    startMock.mockResolvedValue({ ok: true, message: { ja: '', en: '' }, data: SECRET });
    confirmMock.mockResolvedValue({
      ok: true,
      message: { ja: '', en: '' },
      data: { recoveryCodes: CODES, next: '/cases' },
    });
    const onNext = jest.fn();
    render(<EnrolmentFlow needsEnrolmentCode alreadyEnrolled={false} canSkip={false} onNext={onNext} />);

    fireEvent.change(screen.getByLabelText(/登録コード/), { target: { value: 'k7qp-4mzt-8wxy' } });
    await click(/登録をはじめる/);
    expect(startMock).toHaveBeenCalledWith({ enrolmentCode: 'k7qp-4mzt-8wxy' });

    const qr = screen.getByRole('img', { name: /QRコード/ });
    expect(qr.querySelector('path')).toHaveAttribute('d', 'M0 0h7v1h-7z');
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(screen.getByRole('heading', { name: /認証アプリに登録/ })).toHaveFocus();

    fireEvent.change(screen.getByLabelText(/確認コード/), { target: { value: '123456' } });
    await click(/登録を完了する/);
    expect(confirmMock).toHaveBeenCalledWith({ code: '123456' });

    const list = screen.getByTestId('recovery-codes');
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(screen.getByRole('heading', { name: /回復コード/ })).toHaveFocus();
    expect(screen.queryByRole('button', { name: /ダッシュボードへ進む/ })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /回復コードを保管しました/ }));
    fireEvent.click(screen.getByRole('button', { name: /ダッシュボードへ進む/ }));
    expect(onNext).toHaveBeenCalledWith('/cases');
  });

  it('shows what is wrong with the enrolment code, on the field', async () => {
    startMock.mockResolvedValue({
      ok: false,
      message: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' },
      fields: [
        {
          path: 'enrolmentCode',
          code: 'wrong',
          message: { ja: '登録コードが違うか、有効期限が切れています。', en: 'Wrong' },
        },
      ],
      conflict: false,
    });
    render(<EnrolmentFlow needsEnrolmentCode alreadyEnrolled={false} canSkip={false} />);
    await click(/登録をはじめる/);

    const field = screen.getByLabelText(/登録コード/);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/有効期限が切れています/);
    expect(screen.getByRole('alert')).toHaveFocus();
    expect(screen.queryByTestId('totp-secret')).toBeNull();
  });

  it('asks no enrolment code of a full session, unless the API asks for one', async () => {
    startMock.mockResolvedValueOnce({
      ok: false,
      message: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' },
      fields: [
        {
          path: 'enrolmentCode',
          code: 'required',
          message: { ja: '登録コードを入力してください', en: 'Required' },
        },
      ],
      conflict: false,
    });
    render(<EnrolmentFlow needsEnrolmentCode={false} alreadyEnrolled={false} canSkip={false} />);
    expect(screen.queryByLabelText(/登録コード/)).toBeNull();
    await click(/登録をはじめる/);
    expect(startMock).toHaveBeenCalledWith({ enrolmentCode: '' });
    expect(screen.getByLabelText(/登録コード/)).toBeInTheDocument();
  });

  it('keeps the recovery codes on screen when the page re-renders as enrolled', async () => {
    startMock.mockResolvedValue({ ok: true, message: { ja: '', en: '' }, data: SECRET });
    confirmMock.mockResolvedValue({
      ok: true,
      message: { ja: '', en: '' },
      data: { recoveryCodes: CODES, next: '/cases' },
    });
    const { rerender } = render(<EnrolmentFlow needsEnrolmentCode alreadyEnrolled={false} canSkip={false} />);
    fireEvent.change(screen.getByLabelText(/登録コード/), { target: { value: 'K7QP-4MZT-8WXY' } });
    await click(/登録をはじめる/);
    fireEvent.change(screen.getByLabelText(/確認コード/), { target: { value: '123456' } });
    await click(/登録を完了する/);

    // The server action rewrote the session cookie: the page renders again with the new state.
    rerender(<EnrolmentFlow needsEnrolmentCode={false} alreadyEnrolled canSkip={false} />);
    expect(within(screen.getByTestId('recovery-codes')).getAllByRole('listitem')).toHaveLength(10);
  });

  it('says when two-factor is already set up, and offers to skip once the role no longer requires it', () => {
    const { rerender } = render(<EnrolmentFlow needsEnrolmentCode={false} alreadyEnrolled canSkip={false} />);
    expect(screen.getByText('二要素認証は登録済みです。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /登録をはじめる/ })).toBeNull();

    rerender(<EnrolmentFlow needsEnrolmentCode={false} alreadyEnrolled={false} canSkip />);
    expect(screen.getByRole('button', { name: /登録せずに続ける/ })).toBeInTheDocument();
  });
});
