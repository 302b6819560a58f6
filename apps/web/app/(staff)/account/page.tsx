import type { Metadata } from 'next';

import { requireStaff } from '../../../lib/auth';
import { readAccount } from '../../../modules/auth/account-state';
import { ChangePasswordForm } from '../../../modules/auth/change-password-form';
import { TwoFactorSettings } from '../../../modules/auth/two-factor-settings';
import { ErrorState } from '../../../modules/dashboard/page-states';
import { ROLE_LABELS } from '../../../modules/dashboard/roles';

export const metadata: Metadata = { title: 'アカウント / Account' };

/** Every role's own account: who they are, the password, two-factor authentication. */
export default async function AccountPage() {
  const session = await requireStaff();
  const me = await readAccount(session);
  const role = ROLE_LABELS[session.role];
  return (
    <div className="stack account">
      <h1>
        アカウント{' '}
        <span lang="en" className="en">
          Account
        </span>
      </h1>
      <section className="panel" aria-labelledby="account-who">
        <h2 id="account-who">
          ログイン中のアカウント <span lang="en">/ Signed in as</span>
        </h2>
        <dl className="account-facts">
          <div>
            <dt>
              名前 <span lang="en">/ Name</span>
            </dt>
            <dd>{session.name}</dd>
          </div>
          <div>
            <dt>
              メールアドレス <span lang="en">/ E-mail</span>
            </dt>
            <dd className="wrap-anywhere">{session.email}</dd>
          </div>
          <div>
            <dt>
              役割 <span lang="en">/ Role</span>
            </dt>
            <dd>
              {role.ja} <span lang="en">/ {role.en}</span>
            </dd>
          </div>
        </dl>
      </section>
      <section className="panel" id="password" aria-labelledby="account-password">
        <h2 id="account-password">
          パスワードの変更 <span lang="en">/ Change password</span>
        </h2>
        <p className="muted">
          変更すると、ほかの端末でのログインは終了します。
          <span lang="en" className="en en--block">
            Changing it signs you out on your other devices.
          </span>
        </p>
        <ChangePasswordForm email={session.email} forced={false} />
      </section>
      <section className="panel" id="two-factor" aria-labelledby="account-two-factor">
        <h2 id="account-two-factor">
          二要素認証 <span lang="en">/ Two-factor authentication</span>
        </h2>
        {me.ok ? (
          <TwoFactorSettings
            state={{
              totpEnabled: me.data.totpEnabled,
              recoveryCodesLeft: me.data.recoveryCodesLeft,
              totpRequiredForRole: me.data.totpRequiredForRole,
            }}
          />
        ) : (
          <ErrorState message={me.error.message} retryHref="/account" />
        )}
      </section>
    </div>
  );
}
