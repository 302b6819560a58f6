import type { Metadata } from 'next';
import Link from 'next/link';
import { type ReactNode, Suspense } from 'react';

import { requireStaff } from '../../lib/auth';
import { DeskIdentityNotice } from '../../modules/admin/desk-identity-notice';
import { AccountLink } from '../../modules/auth/account-link';
import { IdleWarning } from '../../modules/auth/idle-warning';
import { IDLE_TIMEOUT_MS, IDLE_WARNING_MS } from '../../modules/auth/session-token';
import { SignOutButton } from '../../modules/auth/sign-out-button';
import { navItemsFor, ROLE_LABELS } from '../../modules/dashboard/roles';
import { StaffNav } from '../../modules/dashboard/staff-nav';
import { NotificationBell } from '../../modules/notifications/notification-bell';
import { NotificationBellLoader } from '../../modules/notifications/notification-bell-loader';
import '../staff.css';

export const metadata: Metadata = {
  title: { default: '相談一覧 / Cases', template: '%s | Madoguchi 職員用' },
  robots: { index: false, follow: false },
};

/** Every staff page: signed in (checked here, in the proxy, and by the API). */
export default async function StaffLayout({ children }: Readonly<{ children: ReactNode }>) {
  const session = await requireStaff();
  const role = ROLE_LABELS[session.role];
  return (
    <div className="staff-app">
      <header className="staff-header">
        <div className="staff-header__inner">
          <Link className="staff-header__name" href="/cases">
            Madoguchi <span className="staff-header__sub">職員用 / Staff</span>
          </Link>
          <StaffNav items={navItemsFor(session.role)} />
          <div className="staff-header__user">
            <span>
              {session.name}
              <span className="staff-header__role">
                {role.ja} <span lang="en">/ {role.en}</span>
              </span>
            </span>
            <Suspense fallback={<NotificationBell unread={null} />}>
              <NotificationBellLoader />
            </Suspense>
            <AccountLink />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="staff-main">
        {/* Admins' first sight on signing in, while letters would carry the example sender. */}
        <Suspense>
          <DeskIdentityNotice role={session.role} />
        </Suspense>
        {children}
      </main>
      <Suspense>
        <IdleWarning idleTimeoutMs={IDLE_TIMEOUT_MS} warningMs={IDLE_WARNING_MS} />
      </Suspense>
    </div>
  );
}
