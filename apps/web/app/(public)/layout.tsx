import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { EmergencyBanner } from '../../modules/ui/emergency-banner';
import { En } from '../../modules/ui/en';

export const metadata: Metadata = {
  // The site-wide Referrer-Policy header is no-referrer, under which a browser sends `Origin: null`
  // with a plain form POST, and Next.js then refuses the server action as cross-site: the intake and
  // status forms would fail without JavaScript. same-origin still sends nothing to any other site.
  referrer: 'same-origin',
};

export default function PublicLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <>
      <EmergencyBanner />
      <header className="site-header">
        <div className="container">
          <Link className="site-header__name" href="/">
            ネットトラブル相談窓口
            <En>Help desk for internet trouble</En>
          </Link>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <Link className="site-footer__staff" href="/login">
            職員ログイン <span lang="en">/ Staff sign-in</span>
          </Link>
        </div>
      </footer>
    </>
  );
}
