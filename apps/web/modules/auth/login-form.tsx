'use client';

import { signIn } from 'next-auth/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';

import type { TLocalized } from '@madoguchi/shared';

import { loginErrorMessage } from './login-messages';

type TStep = 'password' | 'totp';
type TSecondFactor = 'code' | 'recovery';

type TLoginFormProps = {
  /** Where to go once signed in (already checked by safeCallbackPath). */
  callbackPath: string;
  notice?: TLocalized;
  /** Replaces a full page load after sign-in; tests pass a spy. */
  onSignedIn?: (path: string) => void;
};

function goTo(path: string): void {
  // A full load, so the server renders the dashboard with the new session from the first byte.
  window.location.assign(path);
}

/**
 * Staff sign-in in two steps. Step 1 posts e-mail and password to next-auth's 'password' provider;
 * when the account has TOTP, it answers `mfa_required` (the API's step token stays in an httpOnly
 * cookie) and step 2 asks for the 6-digit code or a recovery code ('totp' provider).
 */
export function LoginForm({ callbackPath, notice, onSignedIn = goTo }: TLoginFormProps) {
  const [step, setStep] = useState<TStep>('password');
  const [factor, setFactor] = useState<TSecondFactor>('code');
  const [error, setError] = useState<TLocalized | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (step === 'totp') {
      codeRef.current?.focus();
    }
  }, [step, factor]);

  async function submitPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await signIn('password', {
        redirect: false,
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      if (result?.ok && !result.error) {
        onSignedIn(callbackPath);
        return;
      }
      if (result?.error === 'mfa_required') {
        setStep('totp');
        return;
      }
      setError(loginErrorMessage(result?.error));
    } catch {
      setError(loginErrorMessage('unavailable'));
    } finally {
      setBusy(false);
    }
  }

  async function submitSecondFactor(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = String(form.get('secondFactor') ?? '');
    setBusy(true);
    setError(null);
    try {
      const result = await signIn('totp', {
        redirect: false,
        ...(factor === 'code' ? { code: value } : { recoveryCode: value }),
      });
      if (result?.ok && !result.error) {
        onSignedIn(callbackPath);
        return;
      }
      if (result?.error === 'mfa_expired') {
        setStep('password');
        headingRef.current?.focus();
      }
      setError(loginErrorMessage(result?.error));
    } catch {
      setError(loginErrorMessage('unavailable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-card">
      <h1 ref={headingRef} tabIndex={-1}>
        {step === 'password' ? '職員ログイン' : '確認コードの入力'}
        <span lang="en" className="en">
          {step === 'password' ? 'Staff sign-in' : 'Enter your verification code'}
        </span>
      </h1>
      {notice && !error ? (
        <p className="notice notice--info" role="status">
          {notice.ja}
          <span lang="en" className="en">
            {notice.en}
          </span>
        </p>
      ) : null}
      <div aria-live="assertive" aria-atomic="true">
        {error ? (
          <p className="notice notice--error" role="alert">
            {error.ja}
            <span lang="en" className="en">
              {error.en}
            </span>
          </p>
        ) : null}
      </div>

      {step === 'password' ? (
        <form className="form-stack" onSubmit={(event) => void submitPassword(event)}>
          <div className="field">
            <label htmlFor="login-email">
              メールアドレス <span lang="en">/ E-mail</span>
            </label>
            <input id="login-email" name="email" type="email" autoComplete="username" required />
          </div>
          <div className="field">
            <label htmlFor="login-password">
              パスワード <span lang="en">/ Password</span>
            </label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
            />
          </div>
          <button className="btn btn--primary" type="submit" disabled={busy} aria-disabled={busy}>
            {busy ? 'ログイン中… / Signing in…' : 'ログイン / Sign in'}
          </button>
        </form>
      ) : (
        <form className="form-stack" onSubmit={(event) => void submitSecondFactor(event)}>
          <p>
            {factor === 'code'
              ? '認証アプリ(Google Authenticator など)に表示されている6桁の数字を入力してください。'
              : 'スマートフォンが使えないときは、登録時に保管した回復コードを1つ入力してください。1つのコードは1回だけ使えます。'}
            <span lang="en" className="en">
              {factor === 'code'
                ? 'Enter the 6-digit code shown in your authenticator app.'
                : 'Without your phone, enter one of the recovery codes you kept. Each code works once.'}
            </span>
          </p>
          <div className="field">
            <label htmlFor="login-second-factor">
              {factor === 'code' ? '確認コード(6桁)' : '回復コード'}{' '}
              <span lang="en">/ {factor === 'code' ? '6-digit code' : 'Recovery code'}</span>
            </label>
            <input
              key={factor}
              ref={codeRef}
              id="login-second-factor"
              name="secondFactor"
              type="text"
              required
              autoComplete={factor === 'code' ? 'one-time-code' : 'off'}
              inputMode={factor === 'code' ? 'numeric' : 'text'}
              pattern={factor === 'code' ? '[0-9０-９ ]{6,8}' : undefined}
              spellCheck={false}
            />
          </div>
          <button className="btn btn--primary" type="submit" disabled={busy} aria-disabled={busy}>
            {busy ? '確認中… / Checking…' : '確認してログイン / Verify and sign in'}
          </button>
          <button
            className="btn btn--link"
            type="button"
            onClick={() => {
              setFactor(factor === 'code' ? 'recovery' : 'code');
              setError(null);
            }}
          >
            {factor === 'code'
              ? '回復コードを使う / Use a recovery code'
              : '認証アプリのコードを使う / Use the app code'}
          </button>
          <button
            className="btn btn--link"
            type="button"
            onClick={() => {
              setStep('password');
              setError(null);
            }}
          >
            最初からやり直す / Start again
          </button>
        </form>
      )}
    </div>
  );
}
