import {
  SAFETY_FLAG_CODES,
  safetyFlagsOf,
  type TCaseDetail,
  type TSafetyFlag,
  type TTriageSignal,
} from '@madoguchi/shared';

import { SAFETY_FLAG_LABELS, SIGNAL_SOURCE_LABELS } from './labels';

/*
 * Danger now, self-harm, threats to life, intimate images: the flags a counselor must never miss. Each
 * is shown as words (Japanese and English) in a heavy bordered box with a warning symbol, so neither
 * colour nor the symbol carries the meaning alone, and screen readers read the words.
 */

/** The symbol in front of every flag (decorative: the words say it). */
const FLAG_SYMBOL = '⚠';

/**
 * The case page's flags: the latest triage result's signals, plus any the queue row shows (stored with
 * the case), so a flag seen on the row is never missing on the page. In the fixed order of the codes.
 */
export function caseSafetyFlags(detail: Pick<TCaseDetail, 'safetyFlags' | 'triage'>): TSafetyFlag[] {
  const flags = new Set<TSafetyFlag>([
    ...detail.safetyFlags,
    ...(detail.triage ? safetyFlagsOf(detail.triage.result) : []),
  ]);
  return SAFETY_FLAG_CODES.filter((code) => flags.has(code));
}

/** 回答 / Answer, or the phrase as written: 本文 / Text 「死にたい」. */
export function signalEvidence(signal: TTriageSignal): string {
  const source = SIGNAL_SOURCE_LABELS[signal.source];
  if (signal.source === 'text' && signal.phrase) {
    return `${source.ja} / ${source.en}「${signal.phrase}」`;
  }
  return `${source.ja} / ${source.en}`;
}

/** The words a screen reader and the j/k announcement use: 「安全フラグ: 危険が迫っている、性的画像」. */
export function describeFlags(flags: readonly TSafetyFlag[]): string {
  return flags.length === 0
    ? ''
    : `安全フラグ: ${flags.map((flag) => SAFETY_FLAG_LABELS[flag].ja).join('、')}`;
}

function FlagLabel({ flag }: { flag: TSafetyFlag }) {
  return (
    <>
      <span aria-hidden="true" className="safety-flag__symbol">
        {FLAG_SYMBOL}
      </span>
      {SAFETY_FLAG_LABELS[flag].ja}{' '}
      <span lang="en" className="safety-flag__en">
        {SAFETY_FLAG_LABELS[flag].en}
      </span>
    </>
  );
}

/** The flags on a queue row, one box each. */
export function SafetyFlagList({ flags, id }: { flags: readonly TSafetyFlag[]; id?: string }) {
  if (flags.length === 0) {
    return null;
  }
  return (
    <ul className="safety-flags" id={id} aria-label="安全フラグ / Safety flags">
      {flags.map((flag) => (
        <li key={flag} className={`safety-flag safety-flag--${flag}`} data-flag={flag}>
          <FlagLabel flag={flag} />
        </li>
      ))}
    </ul>
  );
}

/** At the top of the case page: each flag with what raised it (the answer, or the words as written). */
export function SafetyFlagBanner({
  flags,
  signals,
}: {
  flags: readonly TSafetyFlag[];
  signals: readonly TTriageSignal[];
}) {
  if (flags.length === 0) {
    return null;
  }
  return (
    <section className="flag-banner" aria-labelledby="flag-banner-title">
      <h2 id="flag-banner-title" className="flag-banner__title">
        安全フラグ: 最初に確認してください <span lang="en">/ Safety flags: check these first</span>
      </h2>
      <ul className="flag-banner__list">
        {flags.map((flag) => {
          const evidence = signals.filter((signal) => signal.code === flag).map(signalEvidence);
          return (
            <li key={flag} className="flag-banner__item">
              <strong className={`safety-flag safety-flag--${flag}`} data-flag={flag}>
                <FlagLabel flag={flag} />
              </strong>
              {evidence.length > 0 ? (
                <span className="flag-banner__evidence">{[...new Set(evidence)].join('、')}</span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
