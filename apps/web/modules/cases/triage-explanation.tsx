import { type TCaseDetail, URGENCY_LABELS } from '@madoguchi/shared';

import type { TWindowWithOpening } from '../dashboard/api-schemas';
import { formatDateTime } from '../dashboard/format';
import { UrgencyBadge } from '../dashboard/urgency-badge';
import { categoryLabel } from './labels';
import { OpenState } from './open-state';

/**
 * Why triage said what it said: the rules that fired, each category's evidence (because[]) and each
 * recommendation's rule and reason. Counselors check this before confirming or overriding.
 */
export function TriageExplanation({
  triage,
  windows,
}: {
  triage: TCaseDetail['triage'];
  windows: TWindowWithOpening[];
}) {
  if (!triage) {
    return (
      <p className="muted">
        自動判定の記録がありません。 <span lang="en">No triage run.</span>
      </p>
    );
  }
  const { result } = triage;
  const windowBySlug = new Map(windows.map((window) => [window.slug, window]));
  return (
    <div className="stack-sm">
      <p>
        判定した緊急度: <UrgencyBadge urgency={result.urgency} />{' '}
        <span className="muted small">
          ルールセット {triage.ruleSetVersion}・{formatDateTime(triage.createdAt)}
          <span lang="en"> (rule set, run at)</span>
        </span>
      </p>
      {result.safetyAlerts.length > 0 ? (
        <div className="notice notice--danger">
          <h3>
            安全上の注意 <span lang="en">/ Safety alerts</span>
          </h3>
          <ul>
            {result.safetyAlerts.map((alert) => (
              <li key={alert.code}>
                {alert.message.ja} <span lang="en">{alert.message.en}</span>{' '}
                <code className="rule-id">{alert.code}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <h3>
        種類の判定と根拠 <span lang="en">/ Categories and evidence</span>
      </h3>
      {result.categories.length === 0 ? (
        <p className="muted">候補なし / none</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">種類 / Category</th>
              <th scope="col">確からしさ / Confidence</th>
              <th scope="col">根拠 / Because</th>
            </tr>
          </thead>
          <tbody>
            {result.categories.map((category) => (
              <tr key={category.code}>
                <th scope="row">
                  {categoryLabel(category.code).ja} <span lang="en">{categoryLabel(category.code).en}</span>
                </th>
                <td>{Math.round(category.confidence * 100)}%</td>
                <td>
                  <ul className="plain-list">
                    {category.because.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>
        推奨された窓口 <span lang="en">/ Recommended windows</span>
      </h3>
      {result.recommendations.length === 0 ? (
        <p className="muted">なし / none</p>
      ) : (
        <ol className="recommendations">
          {result.recommendations.map((rec) => {
            const window = windowBySlug.get(rec.windowSlug);
            return (
              <li key={`${rec.ruleId}-${rec.windowSlug}`}>
                <strong>{window ? window.name.ja : rec.windowSlug}</strong>{' '}
                {window ? <OpenState window={window} /> : null}
                <div className="small">
                  ルール <code className="rule-id">{rec.ruleId}</code>: {rec.reason.ja}{' '}
                  <span lang="en">{rec.reason.en}</span>
                </div>
              </li>
            );
          })}
        </ol>
      )}

      <details>
        <summary>
          働いたルールと助言 <span lang="en">/ Rules that fired and advice</span>
        </summary>
        <p className="small">
          ルール / Rules:{' '}
          {result.matchedRuleIds.map((ruleId) => (
            <code key={ruleId} className="rule-id">
              {ruleId}
            </code>
          ))}
        </p>
        <h4>しないこと / Do not</h4>
        <ul>
          {result.advice.doNot.map((item) => (
            <li key={item.ja}>{item.ja}</li>
          ))}
        </ul>
        <h4>すること / Do</h4>
        <ul>
          {result.advice.do.map((item) => (
            <li key={item.ja}>{item.ja}</li>
          ))}
        </ul>
        <h4>残しておく証拠 / Evidence to keep</h4>
        <ul>
          {result.advice.evidence.map((item) => (
            <li key={item.ja}>{item.ja}</li>
          ))}
        </ul>
        <p className="small muted">
          判定時の緊急度 {URGENCY_LABELS[triage.urgency].ja} <span lang="en">(stored urgency)</span>
        </p>
      </details>
    </div>
  );
}
