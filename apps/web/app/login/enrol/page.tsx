import type { Metadata } from 'next';

import { requireStaff } from '../../../lib/auth';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../../modules/auth/enrol-actions';
import { EnrolTotp } from '../../../modules/auth/enrol-totp';
import { SignOutButton } from '../../../modules/auth/sign-out-button';

export const metadata: Metadata = { title: '二要素認証の登録 / Set up two-factor authentication' };

export default async function EnrolPage() {
  const session = await requireStaff({ allowEnrolment: true });
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
      <EnrolTotp
        alreadyEnrolled={session.totpEnabled}
        start={startTotpEnrolment}
        confirm={confirmTotpEnrolment}
      />
      <SignOutButton />
    </div>
  );
}
