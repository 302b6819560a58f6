import type { TLocalized, TRole } from '@madoguchi/shared';

import type { TNavItem } from './staff-nav';

export const ROLE_LABELS: Readonly<Record<TRole, TLocalized>> = {
  counselor: { ja: '相談員', en: 'Counselor' },
  supervisor: { ja: 'スーパーバイザー', en: 'Supervisor' },
  admin: { ja: '管理者', en: 'Administrator' },
};

/** The menu a role sees; the pages check the role again (and the API a third time). */
export function navItemsFor(role: TRole): TNavItem[] {
  const items: TNavItem[] = [
    { href: '/cases', label: { ja: '相談一覧', en: 'Cases' } },
    { href: '/cases/new', label: { ja: '電話受付', en: 'Phone intake' } },
    { href: '/admin/registry', label: { ja: '詐欺情報リスト', en: 'Scam registry' } },
  ];
  if (role === 'supervisor' || role === 'admin') {
    items.push(
      { href: '/stats', label: { ja: '統計', en: 'Statistics' } },
      { href: '/admin/audit', label: { ja: '監査ログ', en: 'Audit log' } },
    );
  }
  if (role === 'admin') {
    items.push(
      { href: '/admin/users', label: { ja: '職員', en: 'Users' } },
      { href: '/admin/windows', label: { ja: '相談窓口', en: 'Windows' } },
      { href: '/admin/security', label: { ja: 'セキュリティ', en: 'Security' } },
    );
  }
  return items;
}
