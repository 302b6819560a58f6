import {
  SAFETY_FLAG_CODES,
  type TCaseDetail,
  type TLifeStage,
  type TLocalized,
  type TTriageDisagreement,
  type TTriageSignal,
  URGENCY_LABELS,
} from '@madoguchi/shared';

import type { TWindowView } from '@madoguchi/shared';
import { formatDateTime, formatNumber } from '../dashboard/format';
import { UrgencyBadge } from '../dashboard/urgency-badge';
import {
  categoryLabel,
  LIFE_STAGE_WRITER_LABELS,
  SIGNAL_SOURCE_LABELS,
  TRIAGE_SIGNAL_LABELS,
  YES_NO_ANSWER_LABELS,
} from './labels';
import { OpenState } from './open-state';

const isFlag = (code: string) => (SAFETY_FLAG_CODES as readonly string[]).includes(code);

/** The caller block read as a yes/no: "about myself" is yes, a parent, teacher or professional is no. */
const ABOUT_THEMSELF: TLocalized = {
  ja: '本人のことか(相談者の続柄)',
  en: 'About the writer themself (caller)',
};

/** The question an answer key stands for ('paid' → すでに支払った); the signal's name for keys not asked as yes/no. */
function answerLabel(disagreement: TTriageDisagreement): TLocalized {
  if (disagreement.code === 'caller_relation') {
    return ABOUT_THEMSELF;
  }
  return Object.hasOwn(YES_NO_ANSWER_LABELS, disagreement.answer)
    ? YES_NO_ANSWER_LABELS[disagreement.answer as keyof typeof YES_NO_ANSWER_LABELS]
    : TRIAGE_SIGNAL_LABELS[disagreement.code];
}

/** What triage read, where from, and the words as the person wrote them. */
function SignalTable({ signals }: { signals: readonly TTriageSignal[] }) {
  if (signals.length === 0) {
    return <p className="muted">なし / none</p>;
  }
  return (
    // In its own scrolling box: on a phone the table may be wider than the screen, the page must not be.
    <div className="table-wrap">
      <table className="data-table data-table--compact signal-table">
        <thead>
          <tr>
            <th scope="col">内容 / Signal</th>
            <th scope="col">出どころ / Source</th>
            <th scope="col">書かれた言葉 / As written</th>
          </tr>
        </thead>
        <tbody>
          {signals.map((signal, index) => (
            <tr key={`${signal.code}-${signal.source}-${index}`} data-testid="triage-signal">
              <th scope="row">
                {isFlag(signal.code) ? (
                  <span aria-hidden="true" className="signal-table__flag">
                    ⚠{' '}
                  </span>
                ) : null}
                {TRIAGE_SIGNAL_LABELS[signal.code].ja}{' '}
                <span lang="en">{TRIAGE_SIGNAL_LABELS[signal.code].en}</span>
                {isFlag(signal.code) ? (
                  <span className="visually-hidden"> (安全フラグ / safety flag)</span>
                ) : null}
              </th>
              <td>
                {SIGNAL_SOURCE_LABELS[signal.source].ja}{' '}
                <span lang="en">{SIGNAL_SOURCE_LABELS[signal.source].en}</span>
              </td>
              <td>
                {signal.phrase ? (
                  <span className="phrase">「{signal.phrase}」</span>
                ) : (
                  <span className="muted">—</span>
                )}
                {signal.amountYen !== undefined ? (
                  <span className="small"> ({formatNumber(signal.amountYen)}円)</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An answer and the text saying opposite things: both shown, so the counselor asks rather than guesses. */
function Disagreements({ disagreements }: { disagreements: readonly TTriageDisagreement[] }) {
  if (disagreements.length === 0) {
    return null;
  }
  return (
    <div className="notice notice--warning" data-testid="triage-disagreements">
      <h3>
        回答と本文が食い違っています <span lang="en">/ The answers and the text disagree</span>
      </h3>
      <p className="small">
        どちらが正しいか、相談者にたしかめてください。 <span lang="en">Ask the person which is right.</span>
      </p>
      <ul>
        {disagreements.map((disagreement, index) => {
          const question = answerLabel(disagreement);
          return (
            <li key={`${disagreement.code}-${index}`}>
              <strong>
                {question.ja} <span lang="en">{question.en}</span>
              </strong>
              : 回答: {disagreement.answered ? 'はい' : 'いいえ'} / 本文: 『{disagreement.phrase}』{' '}
              <span lang="en">
                (answer: {disagreement.answered ? 'yes' : 'no'}; text: &ldquo;{disagreement.phrase}&rdquo;)
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Who seems to be writing and whether a child is affected, with the words that suggested it. */
function LifeStage({ lifeStage }: { lifeStage: TLifeStage | undefined }) {
  if (!lifeStage) {
    return <p className="muted">記録なし(以前の判定) / not recorded (earlier rule set)</p>;
  }
  const writer = LIFE_STAGE_WRITER_LABELS[lifeStage.writer];
  return (
    <dl className="meta-list" data-testid="triage-life-stage">
      <div>
        <dt>書いた人 / Writer</dt>
        <dd>
          {writer.ja} <span lang="en">{writer.en}</span>
        </dd>
      </div>
      <div>
        <dt>子どもが被害に / Child affected</dt>
        <dd>{lifeStage.childAffected ? <strong>はい / Yes</strong> : 'いいえ / No'}</dd>
      </div>
      <div>
        <dt>手がかり / Cues</dt>
        <dd>
          {lifeStage.cues.length === 0 ? (
            <span className="muted">なし / none</span>
          ) : (
            lifeStage.cues.map((cue) => (
              <span key={cue} className="phrase">
                「{cue}」
              </span>
            ))
          )}
        </dd>
      </div>
    </dl>
  );
}

/**
 * Why triage said what it said: the rules that fired, each category's evidence (because[]) and each
 * recommendation's rule and reason. Counselors check this before confirming or overriding.
 */
export function TriageExplanation({
  triage,
  windows,
}: {
  triage: TCaseDetail['triage'];
  windows: TWindowView[];
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

      <Disagreements disagreements={result.disagreements ?? []} />

      <h3>
        読み取った事実 <span lang="en">/ Signals (from the answers or the text)</span>
      </h3>
      <SignalTable signals={result.signals ?? []} />

      <h3>
        書いた人と子どもへの影響 <span lang="en">/ Writer and children</span>
      </h3>
      <LifeStage lifeStage={result.lifeStage} />

      <h3>
        種類の判定と根拠 <span lang="en">/ Categories and evidence</span>
      </h3>
      {result.categories.length === 0 ? (
        <p className="muted">候補なし / none</p>
      ) : (
        <div className="table-wrap">
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
        </div>
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
