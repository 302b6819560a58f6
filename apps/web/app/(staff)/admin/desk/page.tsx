import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { DeskSettingsForm } from '../../../../modules/admin/desk-settings-form';
import { Bi } from '../../../../modules/dashboard/bi';
import { AccessDenied, ErrorState } from '../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: '受付時間と対応目標 / Desk hours and targets' };

/** Admins: the desk's own opening hours and the response target per urgency (the queue's time left). */
export default async function DeskSettingsPage() {
  const session = await requireStaff();
  if (!can(session.role, 'desk.manage')) {
    return <AccessDenied />;
  }
  const settings = await staffCall(contract.desk.getSettings, {});
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
