import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import './globals.css';

export const metadata: Metadata = {
  title: {
    default: 'ネットトラブル相談窓口 | Help desk for internet trouble',
    template: '%s | ネットトラブル相談窓口',
  },
  description:
    '詐欺・架空請求・フィッシング・脅し・ネットいじめなど、インターネットで困ったことを相談できる窓口です。' +
    ' A help desk for internet trouble: fraud, fake bills, phishing, threats and online bullying.',
  applicationName: 'Madoguchi',
  // Phone numbers are linked on purpose where they matter; stray digits (amounts, case numbers)
  // must not turn into call links on iOS.
  formatDetection: { telephone: false, email: false, address: false },
};

// Zoom stays allowed (no maximumScale): people with low vision need it.
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#0b4f8a',
  colorScheme: 'light',
};

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="ja">
      <body>
        {/* Every layout below renders <main id="main">. */}
        <a className="skip-link" href="#main">
          本文へ移動 <span lang="en">/ Skip to main content</span>
        </a>
        {children}
      </body>
    </html>
  );
}
