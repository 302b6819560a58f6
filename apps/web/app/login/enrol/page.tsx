import type { Metadata } from 'next';

import { requireStaff } from '../../../lib/auth';
import { readAccount } from '../../../modules/auth/account-state';
import { EnrolmentFlow } from '../../../modules/auth/enrolment-flow';
import { SignOutButton } from '../../../modules/auth/sign-out-button';
import { Bi } from '../../../modules/dashboard/bi';

export const metadata: Metadata = { title: '二要素認証の登録 / Set up two-factor authentication' };

type TEnrolPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The one page of a session held until it enrols TOTP (its role requires it). A full session that comes
 * here (from a link, or sent by an API refusal the cookie did not know of yet) sees where it stands. No
 * redirect once enrolled: the enrolment's own re-render must keep the recovery codes on screen.
 */
export default async function EnrolPage({ searchParams }: TEnrolPageProps) {
  const session = await requireStaff({ during: 'mfa_enrolment' });
  const passwordChanged = (await searchParams).passwordChanged === '1';
  // The account as the API sees it now: the cookie may be behind a policy change.
  const me = await readAccount(session);
  const totpEnabled = me.ok ? me.data.totpEnabled : session.totpEnabled;
  const required = me.ok ? me.data.mfaEnrolmentRequired : session.mfaEnrolmentRequired;

  return (
    <div className="login-card stack-sm">
      <h1>
        二要素認証の登録
        <span lang="en" className="en">
          Set up two-factor authentication
        </span>
      </h1>
      <p className="muted">
        {session.name}({session.email})
      </p>
      {passwordChanged ? (
        <p className="notice notice--success" role="status">
          <Bi text={{ ja: 'パスワードを変更しました。', en: 'Your password has been changed.' }} />
        </p>
      ) : null}
      <EnrolmentFlow
        needsEnrolmentCode={required}
        alreadyEnrolled={totpEnabled}
        canSkip={!required && session.mfaEnrolmentRequired}
      />
      <SignOutButton />
    </div>
  );
}
