import { contract } from '@madoguchi/shared';
import type { Metadata } from 'next';

import { requireStaff } from '../../../lib/auth';
import { staffCall } from '../../../lib/staff-api';
import { readAccount } from '../../../modules/auth/account-state';
import { ChangePasswordForm } from '../../../modules/auth/change-password-form';
import { TwoFactorSettings } from '../../../modules/auth/two-factor-settings';
import { ErrorState } from '../../../modules/dashboard/page-states';
import { ROLE_LABELS } from '../../../modules/dashboard/roles';
import { NotificationPreferencesForm } from '../../../modules/notifications/notification-preferences-form';

export const metadata: Metadata = { title: 'アカウント / Account' };

/** Every role's own account: who they are, the password, two-factor authentication. */
export default async function AccountPage() {
  const session = await requireStaff();
  const [me, notifications] = await Promise.all([
    readAccount(session),
    staffCall(contract.notifications.getPreferences, {}),
  ]);
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
      <section className="panel" id="notifications" aria-labelledby="account-notifications">
        <h2 id="account-notifications">
          通知メール <span lang="en">/ E-mail notifications</span>
        </h2>
        <p className="muted">
          通知は画面右上のベルにいつも届きます。メールには相談の番号とリンクだけが書かれ、相談者の情報は書かれません。
          <span lang="en" className="en en--block">
            Notifications always reach the bell at the top of the page. E-mails carry only the case number and
            a link, never the person&apos;s details.
          </span>
        </p>
        {notifications.ok ? (
          <NotificationPreferencesForm preferences={notifications.data} />
        ) : (
          <ErrorState message={notifications.error.message} retryHref="/account" />
        )}
      </section>
    </div>
  );
}
