'use client';

import {
  CONSENT_GIVERS,
  DISCLOSURE_FIELDS,
  formatFileSize,
  isEligible,
  REFERRAL_METHOD_LABELS,
  REFERRAL_METHODS,
  type TIntakePerson,
  type TLocalized,
  type TRecommendation,
  type TStaffEvidenceFile,
} from '@madoguchi/shared';
import { type FormEvent, useId, useMemo, useState } from 'react';

import { ActionFeedback } from '../dashboard/action-feedback';
import type { TWindowView } from '@madoguchi/shared';
import { useStaffAction } from '../dashboard/use-staff-action';
import { createReferral } from './case-actions';
import { DISCLOSURE_FIELD_LABELS } from './labels';
import { OpenState } from './open-state';

const GIVER_LABELS: Readonly<Record<(typeof CONSENT_GIVERS)[number], TLocalized>> = {
  client: { ja: '本人', en: 'The person' },
  guardian: { ja: '保護者', en: 'A guardian' },
};

type TReferralFormProps = {
  caseId: string;
  windows: TWindowView[];
  recommendations: TRecommendation[];
  person: TIntakePerson;
  closed: boolean;
  /** The case's evidence files scanned clean: the ones the person may agree to hand to the window. */
  evidence: TStaffEvidenceFile[];
};

/**
 * A referral to an outside window: pick the window (triage's recommendations first, with why; open
 * now or not; whether the person fits its eligibility), record the consent field by field. Behind a
 * disclosure 「紹介を作成」, closed until the counselor opens it.
 */
export function ReferralForm({
  caseId,
  windows,
  recommendations,
  person,
  closed,
  evidence,
}: TReferralFormProps) {
  const id = useId();
  const [slug, setSlug] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const { run, result, pending } = useStaffAction(createReferral);

  const recommended = useMemo(() => {
    const bySlug = new Map(windows.map((window) => [window.slug, window]));
    return recommendations.flatMap((rec) => {
      const window = bySlug.get(rec.windowSlug);
      return window ? [{ window, rec }] : [];
    });
  }, [windows, recommendations]);
  const others = windows.filter((window) => !recommendations.some((rec) => rec.windowSlug === window.slug));
  const selected = windows.find((window) => window.slug === slug);
  const warnings: TLocalized[] = selected ? isEligible(selected, person).reasons : [];
  const apiWarnings =
    result && !result.ok && result.reason === 'eligibility_warning' ? (result.warnings ?? []) : [];
  const shownWarnings = warnings.length > 0 ? warnings : apiWarnings;

  if (closed) {
    return (
      <p className="notice notice--info">
        終了した相談からは紹介できません。紹介するときは、先に相談を再開してください。
        <span lang="en" className="en en--block">
          A closed case cannot be referred. Reopen it first.
        </span>
      </p>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const outcome = await run({
      caseId,
      windowSlug: slug,
      reason: String(data.get('reason') ?? ''),
      method: String(data.get('method') ?? ''),
      givenBy: String(data.get('givenBy') ?? ''),
      fields: data.getAll('fields').map(String),
      evidenceFileIds: data.getAll('evidenceFileIds').map(String),
      acknowledgeWarnings: acknowledged,
    });
    if (outcome.ok) {
      form.reset();
      setSlug('');
      setAcknowledged(false);
    }
  }

  function windowOption(window: TWindowView, rec?: TRecommendation) {
    const reasons = isEligible(window, person).reasons;
    return (
      <label key={window.slug} className={`window-option${slug === window.slug ? ' is-selected' : ''}`}>
        <input
          type="radio"
          name="windowSlug"
          value={window.slug}
          checked={slug === window.slug}
          onChange={() => {
            setSlug(window.slug);
            setAcknowledged(false);
          }}
          required
        />
        <span className="window-option__body">
          <span className="window-option__name">
            {window.name.ja} <span lang="en">{window.name.en}</span>
          </span>
          <OpenState window={window} />
          {rec ? (
            <span className="window-option__why">
              推奨の理由: {rec.reason.ja} <span lang="en">({rec.reason.en})</span>{' '}
              <code className="rule-id">{rec.ruleId}</code>
            </span>
          ) : null}
          {reasons.length > 0 ? (
            <span className="window-option__warning">⚠ {reasons.map((reason) => reason.ja).join(' / ')}</span>
          ) : null}
        </span>
      </label>
    );
  }

  // Folded (a radio per window and a dozen consent boxes are most of a phone's page), so the case page stays
  // short; once opened it stays open while the counselor works in it, with its errors and its result.
  return (
    <details className="case-more referral-create" data-testid="referral-create">
      <summary id={`${id}-title`}>
        紹介を作成 <span lang="en">/ Create a referral</span>
      </summary>
      <form className="form-stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
        <fieldset className="window-picker">
          <legend>
            紹介先の窓口 <span lang="en">/ Window</span>
          </legend>
          {recommended.length > 0 ? (
            <div className="stack-xs">
              <p className="small strong">
                自動判定の推奨 <span lang="en">Recommended by triage</span>
              </p>
              {recommended.map(({ window, rec }) => windowOption(window, rec))}
            </div>
          ) : null}
          <details open={recommended.length === 0 || others.some((window) => window.slug === slug)}>
            <summary>
              ほかの窓口 <span lang="en">/ Other windows</span> ({others.length})
            </summary>
            <div className="stack-xs">{others.map((window) => windowOption(window))}</div>
          </details>
        </fieldset>

        {shownWarnings.length > 0 ? (
          <div className="notice notice--warning" role="alert">
            <p>
              この相談者は窓口の対象外の可能性があります:
              <span lang="en" className="en en--block">
                This person may not be eligible for this window:
              </span>
            </p>
            <ul>
              {shownWarnings.map((warning) => (
                <li key={warning.ja}>
                  {warning.ja} <span lang="en">{warning.en}</span>
                </li>
              ))}
            </ul>
            <label className="check">
              <input
                type="checkbox"
                name="acknowledgeWarnings"
                checked={acknowledged}
                onChange={(event) => setAcknowledged(event.target.checked)}
              />
              確認したうえで紹介する <span lang="en">/ I have checked and refer anyway</span>
            </label>
          </div>
        ) : null}

        <div className="field">
          <label htmlFor={`${id}-method`}>
            紹介の方法 <span lang="en">/ Method</span>
          </label>
          <select id={`${id}-method`} name="method" defaultValue="guided_client">
            {REFERRAL_METHODS.map((method) => (
              <option key={method} value={method}>
                {REFERRAL_METHOD_LABELS[method].ja} / {REFERRAL_METHOD_LABELS[method].en}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            紹介の理由・ご依頼事項 <span lang="en">/ Reason and request to the window</span>
          </label>
          <p className="hint" id={`${id}-reason-hint`}>
            紹介状に「ご依頼事項」として必ず印字されます。同意のない連絡先は伏せられます。
            <span lang="en"> Always printed on the letter; contact details without consent are blanked.</span>
          </p>
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={3}
            required
            maxLength={2000}
            aria-describedby={`${id}-reason-hint`}
          />
        </div>
        <fieldset className="check-group">
          <legend>
            同意した人 <span lang="en">/ Consent given by</span>
          </legend>
          {CONSENT_GIVERS.map((giver) => (
            <label key={giver} className="check">
              <input type="radio" name="givenBy" value={giver} defaultChecked={giver === 'client'} required />
              {GIVER_LABELS[giver].ja} <span lang="en">{GIVER_LABELS[giver].en}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="check-group check-group--columns">
          <legend>
            窓口に伝えることに同意を得た項目 <span lang="en">/ Fields the person agreed to share</span>
          </legend>
          <p className="hint">
            同意のない項目は紹介状に載りません。{' '}
            <span lang="en">Anything not ticked stays with the desk.</span>
          </p>
          {DISCLOSURE_FIELDS.map((field) => (
            <label key={field} className="check">
              <input type="checkbox" name="fields" value={field} />
              {DISCLOSURE_FIELD_LABELS[field].ja} <span lang="en">{DISCLOSURE_FIELD_LABELS[field].en}</span>
            </label>
          ))}
        </fieldset>
        {evidence.length > 0 ? (
          <fieldset className="check-group">
            <legend>
              窓口に渡すことに同意を得た証拠ファイル{' '}
              <span lang="en">/ Evidence files the person agreed to share</span>
            </legend>
            <p className="hint">
              紹介状にファイル名と SHA-256 が載り、窓口は紹介のリンクからダウンロードできます。{' '}
              <span lang="en">
                The letter lists their names and SHA-256; the window downloads them through its link.
              </span>
            </p>
            {evidence.map((file) => (
              <label key={file.id} className="check">
                <input type="checkbox" name="evidenceFileIds" value={file.id} />
                {file.name} <span lang="en">({formatFileSize(file.sizeBytes)})</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <button
          className="btn btn--primary"
          type="submit"
          disabled={pending || slug === '' || (shownWarnings.length > 0 && !acknowledged)}
        >
          紹介を作成 / Create referral
        </button>
        <ActionFeedback result={result} />
      </form>
    </details>
  );
}
