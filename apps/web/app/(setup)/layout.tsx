import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { StepShell } from '../../modules/auth/step-shell';
import '../staff.css';

export const metadata: Metadata = {
  title: { default: 'アカウント / Account', template: '%s | Madoguchi 職員用' },
  robots: { index: false, follow: false },
};

/**
 * Pages a restricted session may see (the forced password change), outside the staff layout: that one
 * sends every restricted session away and shows a menu of pages that are not open to it yet.
 */
export default function SetupLayout({ children }: Readonly<{ children: ReactNode }>) {
  return <StepShell>{children}</StepShell>;
}
