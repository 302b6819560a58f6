import { act, fireEvent, render, screen } from '@testing-library/react';
import { signIn } from 'next-auth/react';

import { LoginForm } from './login-form';

jest.mock('next-auth/react', () => ({ signIn: jest.fn() }));

const signInMock = jest.mocked(signIn);

type TSignInResult = Awaited<ReturnType<typeof signIn>>;
const reply = (error?: string): TSignInResult => ({
  error: error ?? null,
  ok: !error,
  status: error ? 401 : 200,
  url: error ? null : 'http://localhost/cases',
});

async function signInWithPassword() {
  fireEvent.change(screen.getByLabelText(/メールアドレス/), { target: { value: 'admin@madoguchi.local' } });
  fireEvent.change(screen.getByLabelText(/パスワード/), { target: { value: 'correct horse battery' } });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: /ログイン/ }));
  });
}

describe('LoginForm', () => {
  beforeEach(() => signInMock.mockReset());

  it('signs in directly when the account has no second factor', async () => {
    signInMock.mockResolvedValue(reply());
    const onSignedIn = jest.fn();
    render(<LoginForm callbackPath="/cases/abc" onSignedIn={onSignedIn} />);

    await signInWithPassword();

    expect(signInMock).toHaveBeenCalledWith('password', {
      redirect: false,
      email: 'admin@madoguchi.local',
      password: 'correct horse battery',
    });
    expect(onSignedIn).toHaveBeenCalledWith('/cases/abc');
  });

  it('asks for the TOTP code when the API requires it, then signs in with the code', async () => {
    signInMock.mockResolvedValueOnce(reply('mfa_required')).mockResolvedValueOnce(reply());
    const onSignedIn = jest.fn();
    render(<LoginForm callbackPath="/cases" onSignedIn={onSignedIn} />);

    await signInWithPassword();

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('確認コードの入力');
    const code = screen.getByLabelText(/確認コード/);
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(screen.queryByLabelText(/パスワード/)).toBeNull();
    expect(onSignedIn).not.toHaveBeenCalled();

    fireEvent.change(code, { target: { value: '123456' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /確認してログイン/ }));
    });

    expect(signInMock).toHaveBeenLastCalledWith('totp', { redirect: false, code: '123456' });
    expect(onSignedIn).toHaveBeenCalledWith('/cases');
  });

  it('says when the code is wrong and stays on the code step', async () => {
    signInMock.mockResolvedValueOnce(reply('mfa_required')).mockResolvedValueOnce(reply('bad_code'));
    render(<LoginForm callbackPath="/cases" onSignedIn={jest.fn()} />);
    await signInWithPassword();

    fireEvent.change(screen.getByLabelText(/確認コード/), { target: { value: '000000' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /確認してログイン/ }));
    });

    expect(screen.getByRole('alert')).toHaveTextContent('確認コードが違います');
    expect(screen.getByLabelText(/確認コード/)).toBeInTheDocument();
  });

  it('accepts a recovery code instead of the app code', async () => {
    signInMock.mockResolvedValueOnce(reply('mfa_required')).mockResolvedValueOnce(reply());
    render(<LoginForm callbackPath="/cases" onSignedIn={jest.fn()} />);
    await signInWithPassword();

    fireEvent.click(screen.getByRole('button', { name: /回復コードを使う/ }));
    fireEvent.change(screen.getByLabelText(/回復コード/), { target: { value: 'abcd-efgh-ijkl' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /確認してログイン/ }));
    });

    expect(signInMock).toHaveBeenLastCalledWith('totp', { redirect: false, recoveryCode: 'abcd-efgh-ijkl' });
  });

  it('goes back to the password step when the code step has expired', async () => {
    signInMock.mockResolvedValueOnce(reply('mfa_required')).mockResolvedValueOnce(reply('mfa_expired'));
    render(<LoginForm callbackPath="/cases" onSignedIn={jest.fn()} />);
    await signInWithPassword();

    fireEvent.change(screen.getByLabelText(/確認コード/), { target: { value: '123456' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /確認してログイン/ }));
    });

    expect(screen.getByLabelText(/パスワード/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('確認コードの入力時間が過ぎました');
  });

  it('says an expired temporary password needs a new one from an administrator', async () => {
    signInMock.mockResolvedValue(reply('temporary_password_expired'));
    const onSignedIn = jest.fn();
    render(<LoginForm callbackPath="/cases" onSignedIn={onSignedIn} />);
    await signInWithPassword();

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('仮パスワードの有効期限が切れています');
    expect(alert).toHaveTextContent('Ask an administrator for a new one');
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('answers a wrong password and the back-off alike, without speaking of a lock', async () => {
    signInMock.mockResolvedValue(reply('bad_credentials'));
    render(<LoginForm callbackPath="/cases" onSignedIn={jest.fn()} />);
    await signInWithPassword();

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('パスワードが違います');
    expect(alert).not.toHaveTextContent('ロック');
  });
});
