'use client';

import { PASSWORD_MIN_LENGTH } from '@madoguchi/shared';
import { type FormEvent, useId } from 'react';

import { useStaffAction } from '../dashboard/use-staff-action';
import { changePassword } from './account-actions';
import { AccountField, errorFor, FormErrors, FormSuccess, type TFormField } from './account-form';

type TChangePasswordFormProps = {
  /** The account's e-mail, for password managers (a hidden username field). */
  email: string;
  /** A first sign-in with a temporary password: the current password is that one, and success moves on. */
  forced: boolean;
  /** Replaces the full page load to the next step; tests pass a spy. */
  onNext?: (path: string) => void;
};

function goTo(path: string): void {
  // A full load, so the proxy and the next page read the rewritten session cookie from the first byte.
  window.location.assign(path);
}

/** Change of password: the current one, the new one twice. After a forced change, on to the next step. */
export function ChangePasswordForm({ email, forced, onNext = goTo }: TChangePasswordFormProps) {
  const id = useId();
  const { run, result, pending } = useStaffAction(changePassword);
  const fields = {
    currentPassword: {
      name: 'currentPassword',
      id: `${id}-current`,
      label: forced
        ? { ja: '仮パスワード', en: 'Temporary password' }
        : { ja: '今のパスワード', en: 'Current password' },
    },
    newPassword: {
      name: 'newPassword',
      id: `${id}-new`,
      label: { ja: '新しいパスワード', en: 'New password' },
    },
    confirmPassword: {
      name: 'confirmPassword',
      id: `${id}-confirm`,
      label: { ja: '新しいパスワード(確認)', en: 'New password again' },
    },
  } satisfies Record<string, TFormField>;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      currentPassword: String(data.get('currentPassword') ?? ''),
      newPassword: String(data.get('newPassword') ?? ''),
      confirmPassword: String(data.get('confirmPassword') ?? ''),
    });
    if (outcome.ok) {
      form.reset();
      if (outcome.data.next) {
        onNext(outcome.data.next);
      }
    }
  }

  return (
    <form
      className="form-stack"
      onSubmit={(event) => void submit(event)}
      aria-label="パスワードの変更 / Change password"
      noValidate
    >
      <FormErrors result={result} fields={Object.values(fields)} />
      {/* Lets a password manager store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <AccountField
        field={fields.currentPassword}
        type="password"
        autoComplete="current-password"
        hint={
          forced
            ? {
                ja: '管理者から受け取った仮パスワードです。',
                en: 'The temporary password you received from an administrator.',
              }
            : undefined
        }
        error={errorFor(result, 'currentPassword')}
      />
      <AccountField
        field={fields.newPassword}
        type="password"
        autoComplete="new-password"
        hint={{
          ja: `${PASSWORD_MIN_LENGTH}文字以上。文章のように長いもの(パスフレーズ)がおすすめです。よく使われるパスワードや、メールアドレスを含むものは使えません。`,
          en: `At least ${PASSWORD_MIN_LENGTH} characters; a long phrase works well. Common passwords and ones containing your e-mail name are refused.`,
        }}
        error={errorFor(result, 'newPassword')}
      />
      <AccountField
        field={fields.confirmPassword}
        type="password"
        autoComplete="new-password"
        error={errorFor(result, 'confirmPassword')}
      />
      <button className="btn btn--primary" type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? '変更中… / Changing…' : 'パスワードを変更する / Change password'}
      </button>
      <FormSuccess result={result?.ok && !result.data.next ? result : null} />
    </form>
  );
}
