import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { StepShell } from '../../modules/auth/step-shell';
import '../staff.css';

export const metadata: Metadata = {
  title: '職員ログイン / Staff sign-in',
  // Staff pages are never for search engines.
  robots: { index: false, follow: false },
};

export default function LoginLayout({ children }: Readonly<{ children: ReactNode }>) {
  return <StepShell>{children}</StepShell>;
}
