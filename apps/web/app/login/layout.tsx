import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import '../staff.css';

export const metadata: Metadata = {
  title: '職員ログイン / Staff sign-in',
  // Staff pages are never for search engines.
  robots: { index: false, follow: false },
};

export default function LoginLayout({ children }: Readonly<{ children: ReactNode }>) {
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
