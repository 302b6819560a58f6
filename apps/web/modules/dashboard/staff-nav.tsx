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
  // The most specific item wins: /stats/workload is "Workload", not "Statistics" as well.
  const currentHref = items
    .filter((item) => isCurrent(pathname, item.href))
    .reduce<string | undefined>(
      (best, item) => (best && best.length >= item.href.length ? best : item.href),
      undefined,
    );
  return (
    <nav aria-label="職員メニュー / Staff menu" className="staff-nav">
      <ul>
        {items.map((item) => {
          const current = item.href === currentHref;
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
