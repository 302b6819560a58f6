'use client';

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

import { Bi } from '../dashboard/bi';
import { useStaffAction } from '../dashboard/use-staff-action';
import {
  confirmTotpEnrolment,
  startTotpEnrolment,
  type TEnrolmentSecret,
  type TRecoveryCodes,
} from './account-actions';
import { AccountField, errorFor, FormErrors, type TFormField } from './account-form';
import { QrCodeImage } from './qr-code-image';
import { groupedSecret } from './totp-secret';

type TEnrolTotpProps = {
  /** The session is held until it enrols: the administrator's enrolment code is needed to start. */
  needsEnrolmentCode: boolean;
  onEnrolled: (result: TRecoveryCodes) => void;
};

/**
 * TOTP enrolment: (the enrolment code,) a QR code of the otpauth:// URI with the key as text for typing
 * by hand, then the first code from the app. The recovery codes go to `onEnrolled`, which shows them.
 */
export function EnrolTotp({ needsEnrolmentCode, onEnrolled }: TEnrolTotpProps) {
  const id = useId();
  const start = useStaffAction(startTotpEnrolment);
  const confirm = useStaffAction(confirmTotpEnrolment);
  const [secret, setSecret] = useState<TEnrolmentSecret | null>(null);
  // Also shown when the API asks for it (an admin made the role's two-factor required meanwhile).
  const askCode = needsEnrolmentCode || errorFor(start.result, 'enrolmentCode') !== undefined;
  const stepsHeading = useRef<HTMLHeadingElement>(null);

  const fields = {
    enrolmentCode: {
      name: 'enrolmentCode',
      id: `${id}-enrolment-code`,
      label: { ja: '登録コード', en: 'Enrolment code' },
    },
    code: { name: 'code', id: `${id}-code`, label: { ja: '確認コード(6桁)', en: '6-digit code' } },
  } satisfies Record<string, TFormField>;

  useEffect(() => {
    if (secret) {
      stepsHeading.current?.focus();
    }
  }, [secret]);

  async function begin(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const outcome = await start.run({ enrolmentCode: String(data.get('enrolmentCode') ?? '') });
    if (outcome.ok) {
      setSecret(outcome.data);
    }
  }

  async function finish(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const outcome = await confirm.run({ code: String(data.get('code') ?? '') });
    if (outcome.ok) {
      onEnrolled(outcome.data);
    }
  }

  if (!secret) {
    return (
      <form
        className="form-stack"
        onSubmit={(event) => void begin(event)}
        aria-label="二要素認証の登録をはじめる / Start two-factor set-up"
        noValidate
      >
        <FormErrors result={start.result} fields={[fields.enrolmentCode]} />
        <p>
          <Bi
            text={{
              ja: 'スマートフォンの認証アプリ(Google Authenticator、Microsoft Authenticator、IIJ SmartKey など)を用意してください。ログインのたびに、パスワードに加えてアプリの6桁のコードを入力します。',
              en: 'Have an authenticator app ready on your phone (Google Authenticator, Microsoft Authenticator, IIJ SmartKey…). Each sign-in then asks for its 6-digit code as well as your password.',
            }}
            block
          />
        </p>
        {askCode ? (
          <AccountField
            field={fields.enrolmentCode}
            type="text"
            autoComplete="off"
            maxLength={40}
            hint={{
              ja: '管理者から、仮パスワードとは別に受け取ったコードです(例: K7QP-4MZT-8WXY)。',
              en: 'The code an administrator gave you separately from the temporary password (e.g. K7QP-4MZT-8WXY).',
            }}
            error={errorFor(start.result, 'enrolmentCode')}
          />
        ) : null}
        <button
          className="btn btn--primary"
          type="submit"
          disabled={start.pending}
          aria-disabled={start.pending}
        >
          {start.pending ? '準備中… / Preparing…' : '登録をはじめる / Start set-up'}
        </button>
      </form>
    );
  }

  return (
    <div className="stack-sm">
      <h2 ref={stepsHeading} tabIndex={-1}>
        認証アプリに登録 <span lang="en">/ Add to your authenticator app</span>
      </h2>
      <ol className="steps">
        <li>
          <Bi
            text={{
              ja: '認証アプリで「QRコードをスキャン」を選び、次のQRコードを読み取ります。',
              en: 'In your authenticator app choose “scan a QR code” and scan this code.',
            }}
          />
          <div className="qr-code-wrap">
            <QrCodeImage
              qr={secret.qr}
              label={{
                ja: '認証アプリに登録するためのQRコード',
                en: 'QR code to add this account to an authenticator app',
              }}
            />
          </div>
          <p>
            <Bi
              text={{
                ja: '読み取れないときは「セットアップキーを入力」を選び、次のキーを入力します(種類は「時間ベース」)。',
                en: 'If scanning does not work, choose “enter a setup key” and type this key (type: time based).',
              }}
            />
          </p>
          <dl className="secret">
            <dt>
              キー <span lang="en">/ Key</span>
            </dt>
            <dd>
              <code data-testid="totp-secret" data-secret={secret.secret} className="wrap-anywhere">
                {groupedSecret(secret.secret)}
              </code>
            </dd>
          </dl>
          <details>
            <summary>
              URI を表示 <span lang="en">/ Show the URI</span>
            </summary>
            <code className="wrap-anywhere">{secret.otpauthUri}</code>
          </details>
        </li>
        <li>
          <Bi
            text={{
              ja: 'アプリに表示された6桁の数字を入力して、登録を完了します。',
              en: 'Enter the 6-digit code the app shows to finish.',
            }}
          />
        </li>
      </ol>
      <form
        className="form-stack"
        onSubmit={(event) => void finish(event)}
        aria-label="登録を完了する / Finish set-up"
        noValidate
      >
        <FormErrors result={confirm.result} fields={[fields.code]} />
        <AccountField
          field={fields.code}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={12}
          error={errorFor(confirm.result, 'code')}
        />
        <button
          className="btn btn--primary"
          type="submit"
          disabled={confirm.pending}
          aria-disabled={confirm.pending}
        >
          {confirm.pending ? '確認中… / Checking…' : '登録を完了する / Finish set-up'}
        </button>
      </form>
    </div>
  );
}
