'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
  count?: number;
}

export function SiteNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // The most specific item containing this page is the current one (/requests/new over /requests).
  const current = items
    .map((item) => item.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav className="site-nav" aria-label="Main">
      <ul>
        {items.map((item) => {
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={item.href === current ? 'page' : undefined}>
                {item.label}
                {item.count !== undefined && (
                  <span className="count-badge">
                    {item.count}
                    <span className="visually-hidden"> waiting</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
