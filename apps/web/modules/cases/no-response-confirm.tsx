'use client';

import type { TReferral } from '@madoguchi/shared';
import { useId } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { formatDate } from '../dashboard/format';
import { useStaffAction } from '../dashboard/use-staff-action';
import { changeReferralStatus } from './case-actions';

/**
 * A sent referral whose follow-up date is past by the grace period with no answer from the window: the
 * desk suspects no response, but only the counselor decides. The button marks it no_response through the
 * referral's ordinary status change (audited, with the note below).
 */
export function NoResponseConfirm({ caseId, referral }: { caseId: string; referral: TReferral }) {
  const id = useId();
  const { run, result, pending } = useStaffAction(changeReferralStatus);
  if (!referral.noResponseSuspected) {
    return null;
  }
  const due = referral.followUpDueAt ? formatDate(referral.followUpDueAt) : '—';
  return (
    <section className="notice notice--warning" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>
        <strong>
          ⚠ 返事なしの可能性 <span lang="en">No response suspected</span>
        </strong>
      </p>
      <p className="small">
        フォロー期限({due})を過ぎても紹介先から返事がありません。確認できたら「返事なし」にしてください。
        <span lang="en">
          {' '}
          The follow-up date ({due}) has passed with no answer from the window. Once you have checked, mark it
          &quot;No response&quot;.
        </span>
      </p>
      <button
        type="button"
        className="btn btn--small"
        disabled={pending}
        onClick={() =>
          void run({
            caseId,
            referralId: referral.id,
            version: referral.version,
            to: 'no_response',
            note: '期限後も返事がないことを相談員が確認 / Counselor confirmed no answer after the follow-up date',
          })
        }
      >
        返事なしを確認 <span lang="en">/ Confirm no response</span>
      </button>
      <ActionFeedback result={result} />
    </section>
  );
}
