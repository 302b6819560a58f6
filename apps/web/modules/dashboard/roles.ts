import { can, type TLocalized, type TPermission, type TRole } from '@madoguchi/shared';

import type { TNavItem } from './staff-nav';

export const ROLE_LABELS: Readonly<Record<TRole, TLocalized>> = {
  counselor: { ja: '相談員', en: 'Counselor' },
  supervisor: { ja: 'スーパーバイザー', en: 'Supervisor' },
  admin: { ja: '管理者', en: 'Administrator' },
};

/** The menu, each item with the permission its page needs (the page checks again, and the API a third time). */
const NAV_ITEMS: readonly (TNavItem & { permission: TPermission })[] = [
  { href: '/cases', label: { ja: '相談一覧', en: 'Cases' }, permission: 'cases.work' },
  { href: '/cases/new', label: { ja: '電話受付', en: 'Phone intake' }, permission: 'cases.work' },
  {
    href: '/admin/registry',
    label: { ja: '詐欺情報リスト', en: 'Scam registry' },
    permission: 'registry.read',
  },
  { href: '/stats', label: { ja: '統計', en: 'Statistics' }, permission: 'reports.read' },
  { href: '/stats/workload', label: { ja: '担当状況', en: 'Workload' }, permission: 'cases.supervise' },
  { href: '/stats/reviews', label: { ja: 'レビュー待ち', en: 'Reviews' }, permission: 'cases.supervise' },
  {
    href: '/person-requests',
    label: { ja: 'ご本人からの請求', en: 'Requests from persons' },
    permission: 'cases.supervise',
  },
  { href: '/admin/audit', label: { ja: '監査ログ', en: 'Audit log' }, permission: 'audit.read' },
  { href: '/admin/users', label: { ja: '職員', en: 'Users' }, permission: 'users.manage' },
  { href: '/admin/windows', label: { ja: '相談窓口', en: 'Windows' }, permission: 'windows.manage' },
  { href: '/admin/desk', label: { ja: '受付時間・対応目標', en: 'Desk hours' }, permission: 'desk.manage' },
  {
    href: '/admin/privacy',
    label: { ja: '個人情報ファイル簿', en: 'Privacy register' },
    permission: 'privacy.manage',
  },
  { href: '/admin/templates', label: { ja: '定型文', en: 'Templates' }, permission: 'templates.manage' },
  { href: '/admin/security', label: { ja: 'セキュリティ', en: 'Security' }, permission: 'security.manage' },
  { href: '/admin/mail-outbox', label: { ja: '通知メール', en: 'Mail outbox' }, permission: 'mail.read' },
];

/** The menu a role sees. */
export function navItemsFor(role: TRole): TNavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.permission)).map(({ href, label }) => ({ href, label }));
}
