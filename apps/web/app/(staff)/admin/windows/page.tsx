import type { Metadata } from 'next';
import { can, contract, openingHoursLine, tokyoMidnight } from '@madoguchi/shared';
import { forbidden } from 'next/navigation';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { WindowEditor } from '../../../../modules/admin/window-editor';
import { formatDate } from '../../../../modules/dashboard/format';
import { EmptyState, ErrorState } from '../../../../modules/dashboard/page-states';
import { OpenState } from '../../../../modules/cases/open-state';

export const metadata: Metadata = { title: '相談窓口の管理 / Windows' };

/** Facts about a window older than this should be checked again (phone numbers and hours change). */
const STALE_AFTER_DAYS = 180;

function daysSince(date: string): number {
  return Math.floor((Date.now() - tokyoMidnight(date).getTime()) / (24 * 60 * 60 * 1000));
}

export default async function WindowsAdminPage() {
  const session = await requireStaff();
  if (!can(session.role, 'windows.manage')) {
    forbidden();
  }
  const windows = await staffCall(contract.windows.list, {});
  return (
    <div className="stack">
      <h1>
        相談窓口の管理{' '}
        <span lang="en" className="en">
          Referral windows
        </span>
      </h1>
      <p>
        受付時間・休業日・対象者・電話番号は、相談者への案内と自動判定にそのまま使われます。公式情報で確かめてから変更し、確認日を更新してください。
        <span lang="en" className="en en--block">
          Hours, closures, eligibility and numbers go straight to the public directory and triage: check them
          against the official source and update the verification date.
        </span>
      </p>
      {!windows.ok ? (
        <ErrorState message={windows.error.message} retryHref="/admin/windows" />
      ) : windows.data.length === 0 ? (
        <EmptyState>
          <p>窓口が登録されていません。 / No windows.</p>
        </EmptyState>
      ) : (
        <ul className="window-admin-list">
          {windows.data.map((window) => {
            const age = daysSince(window.lastVerifiedAt);
            return (
              <li key={window.slug} className="panel" data-testid={`window-${window.slug}`}>
                <details>
                  <summary>
                    <span className="window-admin__name">
                      {window.name.ja} <span lang="en">{window.name.en}</span>
                    </span>
                    <span className="small muted block">{openingHoursLine(window)}</span>
                    <span className="small block">
                      <OpenState window={window} /> 最終確認 {formatDate(window.lastVerifiedAt)}
                      {age > STALE_AFTER_DAYS ? (
                        <strong className="warning-text">
                          {' '}
                          ⚠ {age}日前 — 再確認してください{' '}
                          <span lang="en">({age} days ago: check again)</span>
                        </strong>
                      ) : null}
                      {!window.verified ? (
                        <span className="badge badge--soft">
                          未確認の情報あり <span lang="en">partly unverified</span>
                        </span>
                      ) : null}
                    </span>
                  </summary>
                  <WindowEditor window={window} />
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
