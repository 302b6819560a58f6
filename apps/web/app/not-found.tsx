import type { Metadata } from 'next';
import Link from 'next/link';

import { EmergencyBanner } from '../modules/ui/emergency-banner';
import { En } from '../modules/ui/en';

export const metadata: Metadata = { title: 'ページが見つかりません / Page not found' };

// Renders inside the root layout only (not the public one), so it brings its own banner and <main>:
// someone who followed a wrong link may still be in trouble.
export default function NotFound() {
  return (
    <>
      <EmergencyBanner />
      <main id="main" tabIndex={-1}>
        <div className="container stack">
          <h1>
            ページが見つかりません
            <En>Page not found</En>
          </h1>
          <p>お探しのページは、移動したか、まだ用意されていません。</p>
          <En as="p">The page you are looking for has moved or is not available yet.</En>
          <Link className="button button--primary" href="/">
            トップページへ
            <En>Go to the top page</En>
          </Link>
        </div>
      </main>
    </>
  );
}
