'use client';

import { type FormEvent, useEffect, useRef, useState, useTransition } from 'react';

import type { TLocalized } from '@madoguchi/shared';

import type { TEnrolConfirm, TEnrolStart } from './enrol-actions';

type TEnrolTotpProps = {
  alreadyEnrolled: boolean;
  start: () => Promise<TEnrolStart>;
  confirm: (code: string) => Promise<TEnrolConfirm>;
};

type TSecret = { secret: string; otpauthUri: string };

/** The secret in groups of four, as authenticator apps ask for it when typed by hand. */
function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

function Message({ message, error }: { message: TLocalized; error?: boolean }) {
  return (
    <p className={`notice ${error ? 'notice--error' : 'notice--success'}`} role={error ? 'alert' : 'status'}>
      {message.ja}
      <span lang="en" className="en">
        {message.en}
      </span>
    </p>
  );
}

/**
 * TOTP enrolment: show the secret (as text: no QR library), check the first code, then show the
 * recovery codes exactly once. The codes live only in this component's state.
 */
export function EnrolTotp({ alreadyEnrolled, start, confirm }: TEnrolTotpProps) {
  const [secret, setSecret] = useState<TSecret | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<TLocalized | null>(null);
  const [stored, setStored] = useState(false);
  const [pending, startTransition] = useTransition();
  const codesHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (codes) {
      codesHeading.current?.focus();
    }
  }, [codes]);

  if (codes) {
    return (
      <section aria-labelledby="recovery-title" className="stack-sm">
        <h2 id="recovery-title" ref={codesHeading} tabIndex={-1}>
          回復コード <span lang="en">/ Recovery codes</span>
        </h2>
        <Message
          message={{
            ja: '二要素認証を登録しました。下の回復コードは今しか表示されません。印刷するか、安全な場所に書き写してください。スマートフォンをなくしたときに、1つずつ使えます。',
            en: 'Two-factor authentication is on. These recovery codes are shown only now: print them or copy them somewhere safe. Each one lets you sign in once without your phone.',
          }}
        />
        <ol className="recovery-codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <div className="button-row">
          <button className="btn" type="button" onClick={() => window.print()}>
            印刷 / Print
          </button>
        </div>
        <label className="check">
          <input type="checkbox" checked={stored} onChange={(event) => setStored(event.target.checked)} />
          回復コードを保管しました <span lang="en">/ I have stored the recovery codes</span>
        </label>
        {stored ? (
          <a className="btn btn--primary" href="/cases">
            ダッシュボードへ進む / Continue to the dashboard
          </a>
        ) : null}
      </section>
    );
  }

  if (alreadyEnrolled) {
    return (
      <div className="stack-sm">
        <Message
          message={{ ja: '二要素認証は登録済みです。', en: 'Two-factor authentication is already set up.' }}
        />
        <a className="btn btn--primary" href="/cases">
          ダッシュボードへ / To the dashboard
        </a>
      </div>
    );
  }

  function begin() {
    setError(null);
    startTransition(async () => {
      const result = await start();
      if (result.ok) {
        setSecret({ secret: result.secret, otpauthUri: result.otpauthUri });
      } else {
        setError(result.message);
      }
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    setError(null);
    startTransition(async () => {
      const result = await confirm(code);
      if (result.ok) {
        setCodes(result.recoveryCodes);
      } else {
        setError(result.message);
      }
    });
  }

  return (
    <div className="stack-sm">
      <div aria-live="assertive">{error ? <Message message={error} error /> : null}</div>
      {!secret ? (
        <>
          <p>
            管理者のアカウントには、パスワードに加えて認証アプリ(Google Authenticator、Microsoft Authenticator
            など)の確認コードが必要です。はじめに登録してください。
            <span lang="en" className="en">
              Administrator accounts need a code from an authenticator app as well as the password. Set it up
              first.
            </span>
          </p>
          <button className="btn btn--primary" type="button" onClick={begin} disabled={pending}>
            登録をはじめる / Start set-up
          </button>
        </>
      ) : (
        <>
          <ol className="steps">
            <li>
              認証アプリで「キーを入力」を選び、次のキーを入力します(または下の URI
              を読み込めるアプリに貼り付けます)。
              <span lang="en" className="en">
                In your authenticator app choose “enter a setup key” and type this key (or paste the URI into
                an app that accepts it).
              </span>
              <dl className="secret">
                <dt>
                  キー <span lang="en">/ Key</span>
                </dt>
                <dd>
                  <code data-testid="totp-secret" data-secret={secret.secret}>
                    {grouped(secret.secret)}
                  </code>
                </dd>
                <dt>URI</dt>
                <dd>
                  <code className="wrap-anywhere">{secret.otpauthUri}</code>
                </dd>
              </dl>
            </li>
            <li>
              アプリに表示された6桁の数字を入力して、登録を完了します。
              <span lang="en" className="en">
                Enter the 6-digit code the app shows to finish.
              </span>
            </li>
          </ol>
          <form className="form-stack" onSubmit={submit}>
            <div className="field">
              <label htmlFor="enrol-code">
                確認コード(6桁) <span lang="en">/ 6-digit code</span>
              </label>
              <input
                id="enrol-code"
                name="code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                required
              />
            </div>
            <button className="btn btn--primary" type="submit" disabled={pending}>
              登録を完了する / Finish set-up
            </button>
          </form>
        </>
      )}
    </div>
  );
}
