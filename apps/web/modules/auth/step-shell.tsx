import type { ReactNode } from 'react';

/**
 * The frame of the sign-in pages and of the steps a first sign-in must finish (password change, TOTP
 * enrolment): the name of the app and nothing to navigate to, since nothing else is open yet.
 */
export function StepShell({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <div className="staff-app">
      <header className="staff-header">
        <div className="staff-header__inner">
          <span className="staff-header__name">
            Madoguchi <span className="staff-header__sub">職員用 / Staff</span>
          </span>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="staff-main staff-main--narrow">
        {children}
      </main>
    </div>
  );
}
