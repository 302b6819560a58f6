import { can, contract } from '@madoguchi/shared';
import type { Metadata } from 'next';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { AccessDenied, ErrorState } from '../../../../modules/dashboard/page-states';
import { WorkloadTable } from '../../../../modules/supervision/workload-table';

export const metadata: Metadata = { title: '担当状況 / Workload' };

/** Supervisors balance assignments here: who holds how many open cases, how urgent and how old. */
export default async function WorkloadPage() {
  const session = await requireStaff();
  if (!can(session.role, 'cases.supervise')) {
    return <AccessDenied />;
  }
  const workload = await staffCall(contract.supervision.workload, {});
  return (
    <div className="stack">
      <h1>
        担当状況{' '}
        <span lang="en" className="en">
          Workload
        </span>
      </h1>
      <p className="small">
        担当者ごとの未終了の相談です。件数の多い人・緊急や長く続く相談を抱える人から、担当の割り振りを見直してください。
        <span lang="en" className="en en--block">
          Open cases per assignee. Rebalance from those with the most, the most urgent or the longest-running
          cases.
        </span>
      </p>
      {workload.ok ? (
        <WorkloadTable workload={workload.data} />
      ) : (
        <ErrorState message={workload.error.message} retryHref="/stats/workload" />
      )}
    </div>
  );
}
