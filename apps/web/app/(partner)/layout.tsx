import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { En } from '../../modules/ui/en';

export const metadata: Metadata = {
  // As on the public pages: same-origin keeps the forms working without JavaScript (see (public)/layout.tsx).
  referrer: 'same-origin',
  // A partner link is addressed to one window: never indexed, never followed.
  robots: { index: false, follow: false },
};

/**
 * The receiving window's pages (/p/<token>): no staff navigation, no sign-in link and no emergency banner meant for
 * people in distress; only the desk's name and the page.
 */
export default function PartnerLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <>
      <header className="site-header">
        <div className="container">
          <span className="site-header__name">
            ネットトラブル相談窓口
            <En>Help desk for internet trouble</En>
          </span>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
