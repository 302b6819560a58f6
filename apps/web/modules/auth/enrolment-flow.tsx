'use client';

import { useState, useTransition } from 'react';

import { Bi } from '../dashboard/bi';
import { refreshAccountState, type TRecoveryCodes } from './account-actions';
import { EnrolTotp } from './enrol-totp';
import { RecoveryCodes } from './recovery-codes';

function goTo(path: string): void {
  // A full load: the proxy and the next page read the rewritten session cookie from the first byte.
  window.location.assign(path);
}

/**
 * The enrolment page's flow: enrol, then the recovery codes once, then on to the dashboard. The codes
 * live in this component's state only; the page renders it in the same place whatever the account's
 * state, so the re-render that follows the session cookie's change keeps them on screen.
 */
export function EnrolmentFlow({
  needsEnrolmentCode,
  alreadyEnrolled,
  canSkip,
  onNext = goTo,
}: {
  /** The role requires TOTP and the session is held until it enrols (the enrolment code is needed). */
  needsEnrolmentCode: boolean;
  alreadyEnrolled: boolean;
  /** The cookie still holds the session here although the API no longer requires enrolment. */
  canSkip: boolean;
  onNext?: (path: string) => void;
}) {
  const [enrolled, setEnrolled] = useState<TRecoveryCodes | null>(null);
  if (enrolled) {
    return (
      <RecoveryCodes
        codes={enrolled.recoveryCodes}
        message={{
          ja: '二要素認証を登録しました。次回から、ログインのときに認証アプリのコードを入力します。',
          en: 'Two-factor authentication is on. From now on, signing in asks for the code from your app.',
        }}
        continueLabel={{ ja: 'ダッシュボードへ進む', en: 'Continue to the dashboard' }}
        onContinue={() => onNext(enrolled.next)}
      />
    );
  }
  if (alreadyEnrolled) {
    return (
      <>
        <p className="notice notice--success">
          <Bi
            text={{ ja: '二要素認証は登録済みです。', en: 'Two-factor authentication is already set up.' }}
          />
        </p>
        <ContinueButton label={{ ja: 'ダッシュボードへ', en: 'To the dashboard' }} />
      </>
    );
  }
  return (
    <>
      <p>
        <Bi
          text={
            needsEnrolmentCode
              ? {
                  ja: 'あなたの役割では、パスワードに加えて認証アプリの確認コードが必要です。続けるには、はじめに登録してください。',
                  en: 'Your role needs a code from an authenticator app as well as the password. Set it up to continue.',
                }
              : {
                  ja: '二要素認証を登録すると、パスワードが知られてもアカウントを守れます。',
                  en: 'Two-factor authentication keeps your account safe even if your password becomes known.',
                }
          }
          block
        />
      </p>
      <EnrolTotp needsEnrolmentCode={needsEnrolmentCode} onEnrolled={setEnrolled} />
      {canSkip ? <ContinueButton label={{ ja: '登録せずに続ける', en: 'Continue without it' }} /> : null}
    </>
  );
}

/** "Continue": brings the session in step with the account first, then goes where it may go now. */
export function ContinueButton({ label }: { label: { ja: string; en: string } }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      className="btn btn--primary"
      type="button"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const { next } = await refreshAccountState();
          goTo(next);
        })
      }
    >
      {label.ja} / {label.en}
    </button>
  );
}
