import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { disableTotp, regenerateRecoveryCodes } from './account-actions';
import { TwoFactorSettings } from './two-factor-settings';

jest.mock('./account-actions', () => ({
  startTotpEnrolment: jest.fn(),
  confirmTotpEnrolment: jest.fn(),
  regenerateRecoveryCodes: jest.fn(),
  disableTotp: jest.fn(),
}));

const regenerateMock = jest.mocked(regenerateRecoveryCodes);
const disableMock = jest.mocked(disableTotp);

describe('TwoFactorSettings', () => {
  beforeEach(() => {
    regenerateMock.mockReset();
    disableMock.mockReset();
  });

  it('shows the state and the recovery codes left, and no way to turn it off when the role requires it', () => {
    render(
      <TwoFactorSettings state={{ totpEnabled: true, recoveryCodesLeft: 7, totpRequiredForRole: true }} />,
    );
    expect(screen.getByText('登録済み')).toBeInTheDocument();
    expect(screen.getByTestId('recovery-codes-left')).toHaveTextContent('7');
    expect(screen.queryByRole('button', { name: /解除/ })).toBeNull();
    expect(screen.getByText(/必須のため、解除できません/)).toBeInTheDocument();
    expect(screen.queryByText(/残り少なくなっています/)).toBeNull();
  });

  it('warns when few recovery codes are left', () => {
    render(
      <TwoFactorSettings state={{ totpEnabled: true, recoveryCodesLeft: 2, totpRequiredForRole: true }} />,
    );
    expect(screen.getByText(/回復コードが残り少なくなっています/)).toBeInTheDocument();
  });

  it('issues new recovery codes for a current code and shows them once', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `NEW0-CODE-00${String(i).padStart(2, '0')}`);
    regenerateMock.mockResolvedValue({
      ok: true,
      message: { ja: '', en: '' },
      data: { recoveryCodes: codes, next: '/account' },
    });
    render(
      <TwoFactorSettings state={{ totpEnabled: true, recoveryCodesLeft: 1, totpRequiredForRole: true }} />,
    );
    const form = screen.getByRole('form', { name: /新しい回復コードを発行/ });
    fireEvent.change(within(form).getByLabelText(/確認コード/), { target: { value: '654321' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: /新しい回復コードを発行/ }));
    });

    expect(regenerateMock).toHaveBeenCalledWith({ code: '654321' });
    expect(within(screen.getByTestId('recovery-codes')).getAllByRole('listitem')).toHaveLength(10);
    expect(screen.getByText(/前の回復コードはもう使えません/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: /保管しました/ }));
    fireEvent.click(screen.getByRole('button', { name: /保管したので閉じる/ }));
    expect(screen.queryByTestId('recovery-codes')).toBeNull();
  });

  it('turns two-factor off after confirmation when the role allows it', async () => {
    disableMock.mockResolvedValue({
      ok: true,
      message: { ja: '二要素認証を解除しました。', en: 'Off.' },
      data: undefined,
    });
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(true);
    render(
      <TwoFactorSettings state={{ totpEnabled: true, recoveryCodesLeft: 10, totpRequiredForRole: false }} />,
    );
    const form = screen.getByRole('form', { name: /二要素認証を解除/ });
    fireEvent.change(within(form).getByLabelText(/確認コード/), { target: { value: '111222' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: /解除/ }));
    });
    expect(confirm).toHaveBeenCalled();
    expect(disableMock).toHaveBeenCalledWith({ code: '111222' });
    confirm.mockRestore();
  });

  it('offers enrolment without an enrolment code when it is off', () => {
    render(
      <TwoFactorSettings state={{ totpEnabled: false, recoveryCodesLeft: 0, totpRequiredForRole: false }} />,
    );
    expect(screen.getByText('未登録')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /二要素認証を登録する/ }));
    expect(screen.getByRole('button', { name: /登録をはじめる/ })).toBeInTheDocument();
    expect(screen.queryByLabelText(/登録コード/)).toBeNull();
  });
});
