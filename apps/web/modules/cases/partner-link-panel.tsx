'use client';

import { PARTNER_LINK_ACTION_LABELS, PARTNER_LINK_STATE_LABELS, type TReferral } from '@madoguchi/shared';
import { useId } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { formatDate, formatDateTime } from '../dashboard/format';
import { useStaffAction } from '../dashboard/use-staff-action';
import { reissuePartnerLink, revokePartnerLink } from './partner-link-actions';

/** Statuses in which the window can still answer, so a new link is worth issuing. */
const REISSUABLE = new Set(['sent', 'acknowledged']);

/**
 * The referral's partner link as the desk sees it: whether it works, until when, what the window answered (with its
 * note), and the buttons to revoke it or issue a new one. The token itself is only ever on the letter.
 */
export function PartnerLinkPanel({ caseId, referral }: { caseId: string; referral: TReferral }) {
  const id = useId();
  const revoke = useStaffAction(revokePartnerLink);
  const reissue = useStaffAction(reissuePartnerLink);
  const link = referral.partnerLink;
  if (!link) {
    return null;
  }
  const state = PARTNER_LINK_STATE_LABELS[link.state];
  const pending = revoke.pending || reissue.pending;
  return (
    <section className="partner-link" aria-labelledby={`${id}-title`} data-testid="partner-link">
      <p id={`${id}-title`} className="small">
        <strong>
          先方確認リンク <span lang="en">/ Partner link</span>
        </strong>{' '}
        <span className={`badge partner-link-state partner-link-state--${link.state}`}>
          {state.ja} <span lang="en">{state.en}</span>
        </span>{' '}
        <span className="muted">
          発行 <span lang="en">Issued</span> {formatDateTime(link.issuedAt)} ・ 期限{' '}
          <span lang="en">Expires</span> {formatDate(link.expiresAt)}
          {link.revokedAt ? (
            <>
              {' '}
              ・ 取り消し <span lang="en">Revoked</span> {formatDateTime(link.revokedAt)}
            </>
          ) : null}
        </span>
      </p>
      {link.uses.length > 0 ? (
        <ul className="partner-link__uses small">
          {link.uses.map((use) => (
            <li key={use.action}>
              {formatDateTime(use.at)}: 先方が「{PARTNER_LINK_ACTION_LABELS[use.action].ja}」
              <span lang="en"> (partner: {PARTNER_LINK_ACTION_LABELS[use.action].en})</span>
              {use.note ? (
                <blockquote className="partner-link__note" data-testid="partner-note">
                  {use.note}
                </blockquote>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="button-row">
        {link.state === 'active' ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={pending}
            onClick={() => void revoke.run({ caseId, referralId: referral.id })}
          >
            リンクを取り消す <span lang="en">/ Revoke link</span>
          </button>
        ) : null}
        {link.state !== 'active' && link.state !== 'closed' && REISSUABLE.has(referral.status) ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={pending}
            onClick={() => void reissue.run({ caseId, referralId: referral.id })}
          >
            新しいリンクを発行 <span lang="en">/ Issue a new link</span>
          </button>
        ) : null}
      </div>
      <ActionFeedback result={revoke.result} />
      <ActionFeedback result={reissue.result} />
    </section>
  );
}
