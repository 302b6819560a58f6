import { act, fireEvent, render, screen } from '@testing-library/react';

import { changePassword } from './account-actions';
import { ChangePasswordForm } from './change-password-form';

jest.mock('./account-actions', () => ({ changePassword: jest.fn() }));

const changeMock = jest.mocked(changePassword);

function fill(current: string, next: string, again = next) {
  fireEvent.change(screen.getByLabelText(/仮パスワード|今のパスワード/), { target: { value: current } });
  fireEvent.change(screen.getByLabelText(/^新しいパスワード \//), { target: { value: next } });
  fireEvent.change(screen.getByLabelText(/新しいパスワード.確認/), { target: { value: again } });
}

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: /パスワードを変更する/ }));
  });
}

describe('ChangePasswordForm', () => {
  beforeEach(() => changeMock.mockReset());

  it('after a forced change, goes on to the page the server names', async () => {
    changeMock.mockResolvedValue({
      ok: true,
      message: { ja: '変更しました', en: 'Changed' },
      data: { next: '/login/enrol' },
    });
    const onNext = jest.fn();
    render(<ChangePasswordForm email="sodan@desk.example.jp" forced onNext={onNext} />);

    fill('temporary-pass', 'a long pass phrase');
    await submit();

    expect(changeMock).toHaveBeenCalledWith({
      currentPassword: 'temporary-pass',
      newPassword: 'a long pass phrase',
      confirmPassword: 'a long pass phrase',
    });
    expect(onNext).toHaveBeenCalledWith('/login/enrol');
  });

  it('lists the problems at the top, linked to their fields, and marks the fields', async () => {
    changeMock.mockResolvedValue({
      ok: false,
      message: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' },
      fields: [
        { path: 'currentPassword', code: 'wrong', message: { ja: '今のパスワードが違います', en: 'Wrong' } },
        {
          path: 'newPassword',
          code: 'too_common',
          message: { ja: 'よく使われるパスワードです', en: 'Too common' },
        },
      ],
      conflict: false,
    });
    const onNext = jest.fn();
    render(<ChangePasswordForm email="a@desk.test" forced={false} onNext={onNext} />);

    fill('wrong', 'password1234');
    await submit();

    const summary = screen.getByRole('alert');
    expect(summary).toHaveFocus();
    const current = screen.getByLabelText(/今のパスワード/);
    const link = screen.getByRole('link', { name: /今のパスワード: 今のパスワードが違います/ });
    expect(link).toHaveAttribute('href', `#${current.id}`);
    expect(current).toHaveAttribute('aria-invalid', 'true');
    expect(current).toHaveAccessibleDescription(/今のパスワードが違います/);
    expect(screen.getByLabelText(/^新しいパスワード \//)).toHaveAccessibleDescription(
      /よく使われるパスワードです/,
    );
    expect(onNext).not.toHaveBeenCalled();
  });

  it('on the account page, says it is done and stays', async () => {
    changeMock.mockResolvedValue({
      ok: true,
      message: { ja: 'パスワードを変更しました。', en: 'Your password has been changed.' },
      data: { next: null },
    });
    const onNext = jest.fn();
    render(<ChangePasswordForm email="a@desk.test" forced={false} onNext={onNext} />);
    fill('old password here', 'a long pass phrase');
    await submit();

    expect(screen.getByRole('status')).toHaveTextContent('パスワードを変更しました。');
    expect(onNext).not.toHaveBeenCalled();
  });

  it('offers the account name to password managers and asks for new passwords as such', () => {
    const { container } = render(<ChangePasswordForm email="a@desk.test" forced />);
    expect(container.querySelector('input[autocomplete="username"]')).toHaveValue('a@desk.test');
    expect(screen.getByLabelText(/仮パスワード/)).toHaveAttribute('autocomplete', 'current-password');
    expect(screen.getByLabelText(/^新しいパスワード \//)).toHaveAttribute('autocomplete', 'new-password');
  });
});
