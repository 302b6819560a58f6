import { can, contract, type TDeskIdentityPlaceholderField, type TRole } from '@madoguchi/shared';
import Link from 'next/link';

import { staffCall } from '../../lib/staff-api';

const FIELD_LABELS: Readonly<Record<TDeskIdentityPlaceholderField, { ja: string; en: string }>> = {
  name: { ja: '名称', en: 'name' },
  address: { ja: '住所', en: 'address' },
  phone: { ja: '電話番号', en: 'phone' },
};

/**
 * For admins, while the desk's own name, address or phone is still Madoguchi's example: every referral letter
 * would name a desk that does not exist. Nothing for other roles, and nothing once the desk has set its own.
 */
export async function DeskIdentityNotice({ role }: { role: TRole }) {
  if (!can(role, 'desk.manage')) {
    return null;
  }
  const view = await staffCall(contract.desk.getIdentity, {});
  if (!view.ok || view.data.placeholders.length === 0) {
    return null;
  }
  const fields = view.data.placeholders.map((field) => FIELD_LABELS[field]);
  return (
    <div className="notice notice--warning no-print" role="note" data-testid="desk-identity-notice">
      <p>
        <strong>紹介状の差出人がまだ仮の値です</strong>({fields.map((f) => f.ja).join('・')})。
        この窓口の名称・住所・電話番号を設定してください。
        <span lang="en" className="en en--block">
          The sender on referral letters is still the example ({fields.map((f) => f.en).join(', ')}). Set this
          desk&apos;s own name, address and phone.
        </span>
      </p>
      <Link href="/admin/desk#desk-identity">
        窓口の名称と連絡先を設定する <span lang="en">/ Set the desk&apos;s details</span>
      </Link>
    </div>
  );
}
