'use client';

import { type FormEvent, useId, useState } from 'react';

import { Bi } from '../dashboard/bi';
import { useStaffAction } from '../dashboard/use-staff-action';
import { disableTotp, regenerateRecoveryCodes, type TRecoveryCodes } from './account-actions';
import { AccountField, errorFor, FormErrors, FormSuccess, type TFormField } from './account-form';
import { EnrolTotp } from './enrol-totp';
import { RecoveryCodes } from './recovery-codes';

export type TTwoFactorState = {
  totpEnabled: boolean;
  recoveryCodesLeft: number;
  /** The role's policy: two-factor cannot be turned off. */
  totpRequiredForRole: boolean;
};

/** Fewer than this many recovery codes left: suggest a new set. */
export const RECOVERY_CODES_LOW = 3;

type TShownCodes = TRecoveryCodes & { kind: 'enrolled' | 'regenerated' };

/** A form that needs a current code from the app: new recovery codes, turning two-factor off. */
function CodeForm({
  label,
  submitLabel,
  danger,
  confirmText,
  onSubmit,
  result,
  pending,
}: {
  label: { ja: string; en: string };
  submitLabel: string;
  danger?: boolean;
  confirmText?: string;
  onSubmit: (code: string) => Promise<unknown>;
  result: Parameters<typeof FormErrors>[0]['result'];
  pending: boolean;
}) {
  const id = useId();
  const field: TFormField = {
    name: 'code',
    id: `${id}-code`,
    label: { ja: '確認コード(6桁)', en: '6-digit code' },
  };
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirmText && !window.confirm(confirmText)) {
      return;
    }
    const form = event.currentTarget;
    const code = String(new FormData(form).get('code') ?? '');
    await onSubmit(code);
    form.reset();
  }
  return (
    <form
      className="form-stack"
      onSubmit={(event) => void submit(event)}
      aria-label={`${label.ja} / ${label.en}`}
      noValidate
    >
      <FormErrors result={result} fields={[field]} />
      <AccountField
        field={field}
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={12}
        hint={{
          ja: '認証アプリに表示されている、いまのコード。',
          en: 'The code your authenticator app shows now.',
        }}
        error={errorFor(result, 'code')}
      />
      <div>
        <button
          className={`btn${danger ? ' btn--danger' : ''}`}
          type="submit"
          disabled={pending}
          aria-disabled={pending}
        >
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/**
 * The account page's two-factor section: the state, enrolment (no enrolment code: this is a full
 * session), new recovery codes, and turning it off when the role allows. Recovery codes just issued are
 * held here, above the parts that change when the page refreshes with the new state.
 */
export function TwoFactorSettings({ state }: { state: TTwoFactorState }) {
  const [shown, setShown] = useState<TShownCodes | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const regenerate = useStaffAction(regenerateRecoveryCodes);
  const disable = useStaffAction(disableTotp);

  if (shown) {
    return (
      <RecoveryCodes
        codes={shown.recoveryCodes}
        message={
          shown.kind === 'enrolled'
            ? { ja: '二要素認証を登録しました。', en: 'Two-factor authentication is on.' }
            : {
                ja: '新しい回復コードを発行しました。前の回復コードはもう使えません。',
                en: 'New recovery codes have been issued. The previous ones no longer work.',
              }
        }
        continueLabel={{ ja: '保管したので閉じる', en: 'Stored, close' }}
        onContinue={() => {
          setShown(null);
          setEnrolling(false);
        }}
      />
    );
  }

  if (!state.totpEnabled) {
    return (
      <div className="stack-sm">
        <p>
          状態: <strong>未登録</strong> <span lang="en">/ Status: off</span>
        </p>
        {state.totpRequiredForRole ? (
          <p className="notice notice--warning">
            <Bi
              text={{
                ja: 'あなたの役割では二要素認証が必須です。登録してください。',
                en: 'Two-factor authentication is required for your role. Please set it up.',
              }}
            />
          </p>
        ) : null}
        {enrolling ? (
          <EnrolTotp
            needsEnrolmentCode={false}
            onEnrolled={(result) => setShown({ ...result, kind: 'enrolled' })}
          />
        ) : (
          <div>
            <button className="btn btn--primary" type="button" onClick={() => setEnrolling(true)}>
              二要素認証を登録する / Set up two-factor authentication
            </button>
          </div>
        )}
        <FormSuccess result={disable.result} />
      </div>
    );
  }

  const low = state.recoveryCodesLeft <= RECOVERY_CODES_LOW;
  return (
    <div className="stack">
      <dl className="meta-list">
        <dt>
          状態 <span lang="en">/ Status</span>
        </dt>
        <dd>
          <strong>登録済み</strong> <span lang="en">/ On</span>
        </dd>
        <dt>
          残りの回復コード <span lang="en">/ Recovery codes left</span>
        </dt>
        <dd data-testid="recovery-codes-left">
          <strong>{state.recoveryCodesLeft}</strong>
        </dd>
      </dl>
      {low ? (
        <p className="notice notice--warning">
          <Bi
            text={{
              ja: '回復コードが残り少なくなっています。新しい回復コードを発行してください。',
              en: 'Few recovery codes are left. Please issue a new set.',
            }}
          />
        </p>
      ) : null}
      <section className="stack-sm" aria-labelledby="regenerate-title">
        <h3 id="regenerate-title">
          新しい回復コード <span lang="en">/ New recovery codes</span>
        </h3>
        <p>
          <Bi
            text={{
              ja: '新しい回復コードを10個発行します。いま持っている回復コードは使えなくなります。',
              en: 'Issues ten new recovery codes. The ones you have now stop working.',
            }}
          />
        </p>
        <CodeForm
          label={{ ja: '新しい回復コードを発行', en: 'Issue new recovery codes' }}
          submitLabel="新しい回復コードを発行 / Issue new recovery codes"
          result={regenerate.result?.ok ? null : regenerate.result}
          pending={regenerate.pending}
          onSubmit={async (code) => {
            const outcome = await regenerate.run({ code });
            if (outcome.ok) {
              setShown({ ...outcome.data, kind: 'regenerated' });
            }
          }}
        />
      </section>
      <section className="stack-sm" aria-labelledby="disable-title">
        <h3 id="disable-title">
          二要素認証の解除 <span lang="en">/ Turn off two-factor authentication</span>
        </h3>
        {state.totpRequiredForRole ? (
          <p className="muted">
            <Bi
              text={{
                ja: 'あなたの役割では二要素認証が必須のため、解除できません。スマートフォンを替えるときは、管理者に再登録を依頼してください。',
                en: 'Your role requires two-factor authentication, so it cannot be turned off. When you change phones, ask an administrator to reset it.',
              }}
            />
          </p>
        ) : (
          <CodeForm
            label={{ ja: '二要素認証を解除', en: 'Turn off two-factor authentication' }}
            submitLabel="二要素認証を解除 / Turn off"
            danger
            confirmText="二要素認証を解除しますか?アカウントの安全性が下がります。 / Turn off two-factor authentication?"
            result={disable.result?.ok ? null : disable.result}
            pending={disable.pending}
            onSubmit={(code) => disable.run({ code })}
          />
        )}
      </section>
    </div>
  );
}
