'use client';

import {
  REFERRAL_METHOD_LABELS,
  REFERRAL_STATUS_LABELS,
  REFERRAL_TRANSITIONS,
  type TReferral,
  type TReferralStatus,
} from '@madoguchi/shared';
import { type FormEvent, useId, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import { formatDate, formatDateTime } from '../dashboard/format';
import { useStaffAction } from '../dashboard/use-staff-action';
import { changeReferralStatus } from './case-actions';
import { DISCLOSURE_FIELD_LABELS } from './labels';
import { NoResponseConfirm } from './no-response-confirm';
import { PartnerLinkPanel } from './partner-link-panel';

function ReferralStatusForm({ caseId, referral }: { caseId: string; referral: TReferral }) {
  const id = useId();
  const next = REFERRAL_TRANSITIONS[referral.status];
  const [to, setTo] = useState<TReferralStatus | ''>('');
  const { run, result, pending } = useStaffAction(changeReferralStatus);
  if (next.length === 0) {
    return null;
  }
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (to === '') {
      return;
    }
    const form = event.currentTarget;
    const note = String(new FormData(form).get('note') ?? '');
    const outcome = await run({ caseId, referralId: referral.id, version: referral.version, to, note });
    if (outcome.ok) {
      form.reset();
      setTo('');
    }
  }
  return (
    <form className="inline-form inline-form--wrap" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-to`}>
        紹介の状態を変更 <span lang="en">/ Update referral</span>
      </label>
      <select
        id={`${id}-to`}
        value={to}
        onChange={(event) => setTo(event.target.value as TReferralStatus | '')}
      >
        <option value="">選んでください / Choose</option>
        {next.map((status) => (
          <option key={status} value={status}>
            {REFERRAL_STATUS_LABELS[status].ja} / {REFERRAL_STATUS_LABELS[status].en}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-note`} className="visually-hidden">
        メモ / Note
      </label>
      <input
        id={`${id}-note`}
        name="note"
        type="text"
        placeholder="メモ(任意) / Note (optional)"
        maxLength={1000}
      />
      <button className="btn btn--small" type="submit" disabled={pending || to === ''}>
        変更 / Update
      </button>
      <ActionFeedback result={result} />
    </form>
  );
}

/** The case's referrals with their loop status, consent, history and the two PDFs. */
export function ReferralList({ caseId, referrals }: { caseId: string; referrals: TReferral[] }) {
  if (referrals.length === 0) {
    return (
      <p className="muted">
        まだ紹介はありません。 <span lang="en">No referrals yet.</span>
      </p>
    );
  }
  return (
    <ul className="referral-list">
      {referrals.map((referral) => (
        <li key={referral.id} className="referral" data-testid="referral">
          <div className="referral__head">
            <strong>{referral.window.name.ja}</strong> <span lang="en">{referral.window.name.en}</span>
            <span className={`badge referral-status referral-status--${referral.status}`}>
              {REFERRAL_STATUS_LABELS[referral.status].ja}{' '}
              <span lang="en">{REFERRAL_STATUS_LABELS[referral.status].en}</span>
            </span>
          </div>
          <dl className="meta-list">
            <div>
              <dt>番号 / No.</dt>
              <dd>{referral.referralNumber}</dd>
            </div>
            <div>
              <dt>方法 / Method</dt>
              <dd>{REFERRAL_METHOD_LABELS[referral.method].ja}</dd>
            </div>
            <div>
              <dt>作成 / Created</dt>
              <dd>{formatDateTime(referral.createdAt)}</dd>
            </div>
            {referral.sentAt ? (
              <div>
                <dt>送付 / Sent</dt>
                <dd>{formatDateTime(referral.sentAt)}</dd>
              </div>
            ) : null}
            {referral.followUpDueAt ? (
              <div>
                <dt>フォロー期限 / Follow-up due</dt>
                <dd>{formatDate(referral.followUpDueAt)}</dd>
              </div>
            ) : null}
            <div>
              <dt>同意 / Consent</dt>
              <dd>
                {referral.consent.fields.length === 0
                  ? '伝える項目なし / nothing to share'
                  : referral.consent.fields.map((field) => DISCLOSURE_FIELD_LABELS[field].ja).join('、')}
              </dd>
            </div>
          </dl>
          <p className="small">
            理由 <span lang="en">Reason</span>: {referral.reason}
          </p>
          {referral.warnings.length > 0 ? (
            <p className="small warning-text">
              ⚠ 確認済みの注意: {referral.warnings.map((warning) => warning.ja).join(' / ')}
            </p>
          ) : null}
          <div className="button-row">
            <a className="btn btn--small" href={`/api/staff/referrals/${referral.id}/letter`} download>
              紹介状 PDF <span lang="en">/ Referral letter</span>
            </a>
            <a className="btn btn--small" href={`/api/staff/referrals/${referral.id}/client-copy`} download>
              相談者用控え PDF <span lang="en">/ Client copy</span>
            </a>
          </div>
          {referral.outcomeNote ? (
            <p className="small" data-testid="referral-outcome">
              結果メモ <span lang="en">Outcome</span>: {referral.outcomeNote}
            </p>
          ) : null}
          <PartnerLinkPanel caseId={caseId} referral={referral} />
          <NoResponseConfirm caseId={caseId} referral={referral} />
          <ReferralStatusForm caseId={caseId} referral={referral} />
          {referral.history.length > 0 ? (
            <details>
              <summary>
                経過 <span lang="en">/ History</span> ({referral.history.length})
              </summary>
              <ol className="history">
                {referral.history.map((change) => (
                  <li key={`${change.at}-${change.to}`}>
                    {formatDateTime(change.at)}: {change.from ? REFERRAL_STATUS_LABELS[change.from].ja : '—'}{' '}
                    → {REFERRAL_STATUS_LABELS[change.to].ja}
                    {change.actorId === null ? ' — 先方(リンク) / partner (link)' : ''}
                    {change.note ? ` (${change.note})` : ''}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
