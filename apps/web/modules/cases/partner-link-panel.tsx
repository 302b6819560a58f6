'use client';

import { PARTNER_LINK_ACTION_LABELS, PARTNER_LINK_STATE_LABELS, type TReferral } from '@madoguchi/shared';
import { useId } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { formatDate, formatDateTime } from '../dashboard/format';
import { useStaffAction } from '../dashboard/use-staff-action';
import { emailPartnerLink, reissuePartnerLink, revokePartnerLink } from './partner-link-actions';

/** Statuses in which the window can still answer, so a new link is worth issuing. */
const REISSUABLE = new Set(['sent', 'acknowledged']);

/**
 * The referral's partner link as the desk sees it: whether it works, until when, what the window answered (with its
 * note), and the buttons to revoke it, issue a new one, or e-mail it to the window's referral address (when an
 * admin set one). The token itself is only ever on the letter and in that e-mail.
 */
export function PartnerLinkPanel({ caseId, referral }: { caseId: string; referral: TReferral }) {
  const id = useId();
  const revoke = useStaffAction(revokePartnerLink);
  const reissue = useStaffAction(reissuePartnerLink);
  const email = useStaffAction(emailPartnerLink);
  const link = referral.partnerLink;
  if (!link) {
    return null;
  }
  const state = PARTNER_LINK_STATE_LABELS[link.state];
  const pending = revoke.pending || reissue.pending || email.pending;
  const windowEmail = referral.window.referralEmail;
  const canEmail = link.state === 'active' && REISSUABLE.has(referral.status);
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
      {canEmail && windowEmail ? (
        <p className="small" id={`${id}-email`}>
          窓口の紹介用アドレス <span lang="en">Window&apos;s referral address</span>:{' '}
          <code>{windowEmail}</code>
        </p>
      ) : null}
      {canEmail && !windowEmail ? (
        <p className="small muted" data-testid="partner-link-no-email">
          この窓口には紹介用のメールアドレスがありません。管理者が窓口の設定で追加できます(相手先と取り決めた場合のみ)。
          <span lang="en">
            {' '}
            This window has no referral e-mail address; an admin can add one in the window settings (only
            where agreed with the window).
          </span>
        </p>
      ) : null}
      <div className="button-row">
        {canEmail && windowEmail ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={pending}
            aria-describedby={`${id}-email`}
            onClick={() => void email.run({ caseId, referralId: referral.id })}
          >
            リンクをメールで送る <span lang="en">/ E-mail the link to the window</span>
          </button>
        ) : null}
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
      <ActionFeedback result={email.result} />
    </section>
  );
}
