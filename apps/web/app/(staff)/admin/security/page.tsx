import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { JobsHealthPanel } from '../../../../modules/admin/jobs-health';
import { BackoffTable, SecurityPolicyForm } from '../../../../modules/admin/security-admin';
import { backoffRows } from '../../../../modules/admin/security-view';
import { Bi } from '../../../../modules/dashboard/bi';
import { ErrorState } from '../../../../modules/dashboard/page-states';

export const metadata: Metadata = { title: 'セキュリティ / Security' };

/** Admins: which roles must use two-factor, the back-off after repeated failed attempts, background jobs. */
export default async function SecurityPage() {
  const session = await requireStaff();
  if (!can(session.role, 'security.manage')) {
    forbidden();
  }
  const [policy, backoff, jobs] = await Promise.all([
    staffCall(contract.security.getPolicy, {}),
    staffCall(contract.security.listBackoff, {}),
    can(session.role, 'jobs.read') ? staffCall(contract.jobs.health, {}) : undefined,
  ]);
  return (
    <div className="stack">
      <h1>
        セキュリティ{' '}
        <span lang="en" className="en">
          Security
        </span>
      </h1>
      <section className="panel">
        {policy.ok ? (
          <SecurityPolicyForm policy={policy.data} />
        ) : (
          <ErrorState message={policy.error.message} retryHref="/admin/security" />
        )}
      </section>
      <section className="panel stack-sm" aria-labelledby="backoff-title">
        <h2 id="backoff-title">
          失敗が続いた試み <span lang="en">/ Repeated failed attempts</span>
        </h2>
        <p className="muted">
          <Bi
            text={{
              ja: 'ログインや相談状況の確認に続けて失敗すると、その入力と接続元の組み合わせだけが、少しずつ長く待たされます(ほかの場所からの本人のログインは妨げません)。本人が困っているときは解除できます。解除は監査ログに記録されます。',
              en: 'Repeated failures at sign-in or the case status look-up make that value from that address wait longer each time (the real person elsewhere is never blocked). Clear an entry when the person needs it; clearing is recorded in the audit log.',
            }}
            block
          />
        </p>
        {backoff.ok ? (
          <BackoffTable rows={backoffRows(backoff.data.items)} />
        ) : (
          <ErrorState message={backoff.error.message} retryHref="/admin/security" />
        )}
      </section>
      {jobs && (
        <section className="panel stack-sm" aria-labelledby="jobs-title">
          <h2 id="jobs-title">
            バックグラウンド処理 <span lang="en">/ Background jobs</span>
          </h2>
          {jobs.ok ? (
            <JobsHealthPanel health={jobs.data} />
          ) : (
            <ErrorState message={jobs.error.message} retryHref="/admin/security" />
          )}
        </section>
      )}
    </div>
  );
}
