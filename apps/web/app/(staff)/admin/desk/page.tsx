import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { DeskIdentityForm } from '../../../../modules/admin/desk-identity-form';
import { DeskSettingsForm } from '../../../../modules/admin/desk-settings-form';
import { Bi } from '../../../../modules/dashboard/bi';
import { ErrorState } from '../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: '受付時間と対応目標 / Desk hours and targets' };

/** Admins: the desk's own opening hours and the response target per urgency (the queue's time left). */
export default async function DeskSettingsPage() {
  const session = await requireStaff();
  if (!can(session.role, 'desk.manage')) {
    forbidden();
  }
  const [settings, identity] = await Promise.all([
    staffCall(contract.desk.getSettings, {}),
    staffCall(contract.desk.getIdentity, {}),
  ]);
  return (
    <div className="stack">
      <h1>
        受付時間と対応目標{' '}
        <span lang="en" className="en">
          Desk hours and response targets
        </span>
      </h1>
      <p className="muted">
        <Bi
          text={{
            ja: '相談一覧の「残り」と「期限超過」、期限前と期限切れの通知、統計の「目標内の対応」は、この設定で計算されます。変更は監査ログに記録されます。',
            en: 'The queue’s time left and overdue, the due-soon and overdue notifications and the statistics’ share answered on time are computed from these settings. Changes are recorded in the audit log.',
          }}
          block
        />
      </p>
      <section className="panel" id="desk-identity" aria-labelledby="desk-identity-title">
        <h2 id="desk-identity-title">
          窓口の名称と連絡先 <span lang="en">/ The desk&apos;s name and contact details</span>
        </h2>
        <p className="muted">
          <Bi
            text={{
              ja: '紹介状と相談者用の控えに差出人として印字されます。保存するまでは環境変数 CENTRE_* の値を使います。',
              en: 'Printed as the sender on referral letters and the person’s copy. Until saved here, the CENTRE_* environment variables are used.',
            }}
            block
          />
        </p>
        {identity.ok ? (
          <DeskIdentityForm view={identity.data} />
        ) : (
          <ErrorState message={identity.error.message} retryHref="/admin/desk" />
        )}
      </section>
      <section className="panel">
        {settings.ok ? (
          <DeskSettingsForm settings={settings.data} />
        ) : (
          <ErrorState message={settings.error.message} retryHref="/admin/desk" />
        )}
      </section>
    </div>
  );
}
