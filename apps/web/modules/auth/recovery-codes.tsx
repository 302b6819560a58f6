'use client';

import type { TLocalized } from '@madoguchi/shared';
import { useEffect, useId, useRef, useState } from 'react';

import { Bi } from '../dashboard/bi';

type TRecoveryCodesProps = {
  codes: readonly string[];
  /** What just happened (enrolled, new set issued). */
  message: TLocalized;
  continueLabel: TLocalized;
  onContinue: () => void;
};

/**
 * Recovery codes, shown exactly once (the API keeps only hashes): advice to store them, print and copy,
 * and a way on only once the person says they are stored. The heading takes the focus when they appear.
 */
export function RecoveryCodes({ codes, message, continueLabel, onContinue }: TRecoveryCodesProps) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [stored, setStored] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);

  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby={titleId} className="stack-sm recovery">
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        回復コード <span lang="en">/ Recovery codes</span>
      </h2>
      <p className="notice notice--success" role="status">
        <Bi text={message} />
      </p>
      <p className="notice notice--warning">
        <Bi
          text={{
            ja: 'この回復コードは今しか表示されません。印刷するか、パスワード管理ソフトなど安全な場所に保管してください。スマートフォンをなくしたときや認証アプリが使えないときに、1つのコードで1回ログインできます。',
            en: 'These codes are shown only now. Print them or keep them somewhere safe, such as a password manager. Each one lets you sign in once when your phone or authenticator app is not at hand.',
          }}
        />
      </p>
      <ol className="recovery-codes" data-testid="recovery-codes">
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
        <button
          className="btn"
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(codes.join('\n')).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          コピー / Copy
        </button>
        <span role="status">
          {copied === true ? 'コピーしました / Copied' : ''}
          {copied === false ? 'コピーできませんでした / Could not copy' : ''}
        </span>
      </div>
      <label className="check">
        <input type="checkbox" checked={stored} onChange={(event) => setStored(event.target.checked)} />
        回復コードを保管しました <span lang="en">/ I have stored the recovery codes</span>
      </label>
      {stored ? (
        <div>
          <button className="btn btn--primary" type="button" onClick={onContinue}>
            {continueLabel.ja} / {continueLabel.en}
          </button>
        </div>
      ) : null}
    </section>
  );
}
