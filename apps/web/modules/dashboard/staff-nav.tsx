'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

import type { TLocalized } from '@madoguchi/shared';

export type TNavItem = { href: string; label: TLocalized };

function isCurrent(pathname: string, href: string): boolean {
  if (href === '/cases') {
    // /cases/new has its own item.
    return pathname === '/cases' || (pathname.startsWith('/cases/') && pathname !== '/cases/new');
  }
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function StaffNav({ items }: { items: TNavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="職員メニュー / Staff menu" className="staff-nav">
      <ul>
        {items.map((item) => {
          const current = isCurrent(pathname, item.href);
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={current ? 'page' : undefined}>
                {item.label.ja}
                <span lang="en" className="staff-nav__en">
                  {item.label.en}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
