import type { Metadata } from 'next';
import Link from 'next/link';

import { requireStaff } from '../../../../lib/auth';
import { readAccount } from '../../../../modules/auth/account-state';
import { ChangePasswordForm } from '../../../../modules/auth/change-password-form';
import { ContinueButton } from '../../../../modules/auth/enrolment-flow';
import { SignOutButton } from '../../../../modules/auth/sign-out-button';
import { Bi } from '../../../../modules/dashboard/bi';

export const metadata: Metadata = { title: 'パスワードの変更 / Change your password' };

/**
 * The one page of a session signed in with a temporary password: the change of password and a sign-out.
 * Once changed (this page re-renders when the action rewrites the session cookie) it says so and leads
 * on; it never redirects by itself, so the form's own move to the next step is not overtaken.
 */
export default async function ForcedPasswordPage() {
  const session = await requireStaff({ during: 'password_change' });
  // The account as the API sees it now (the cookie may lag behind).
  const me = await readAccount(session);
  const forced = me.ok ? me.data.passwordChangeRequired : session.passwordChangeRequired;
  return (
    <div className="login-card stack-sm">
      <h1>
        パスワードの変更
        <span lang="en" className="en">
          Change your password
        </span>
      </h1>
      <p className="muted">
        {session.name}({session.email})
      </p>
      {forced ? (
        <>
          <p className="notice notice--info">
            <Bi
              text={{
                ja: '仮パスワードでログインしました。続けるには、自分だけが知っている新しいパスワードに変更してください。',
                en: 'You signed in with a temporary password. To continue, change it to a new password only you know.',
              }}
              block
            />
          </p>
          <ChangePasswordForm email={session.email} forced />
        </>
      ) : (
        <>
          <p className="notice notice--success" role="status">
            <Bi
              text={{
                ja: '仮パスワードではありません(変更済みです)。パスワードは、アカウントのページでいつでも変更できます。',
                en: 'This is not a temporary password (it has been changed). You can change your password on the account page at any time.',
              }}
              block
            />
          </p>
          <ContinueButton label={{ ja: '続ける', en: 'Continue' }} />
          <p>
            <Link href="/account#password">
              アカウントのページへ <span lang="en">/ To the account page</span>
            </Link>
          </p>
        </>
      )}
      <SignOutButton />
    </div>
  );
}
