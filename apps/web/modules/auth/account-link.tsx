'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The header's way to one's own account (password, two-factor), for every role. */
export function AccountLink() {
  const current = usePathname() === '/account';
  return (
    <Link href="/account" className="staff-header__account" aria-current={current ? 'page' : undefined}>
      アカウント <span lang="en">/ Account</span>
    </Link>
  );
}
