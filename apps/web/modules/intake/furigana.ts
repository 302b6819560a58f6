// Read by the intake server action only: the readings never reach the browser bundle, only those a receipt uses.
import { FURIGANA_MAX_AGE, type TIntakeStatus, type TTriageResult } from '@madoguchi/shared';

import readings from './furigana-readings.json';
import type { TFuriganaMap, TRubySegment } from './furigana-types';
import { STATUS_TEXTS } from '../status/status-texts';
import { RECEIPT_TEXTS } from './receipt-texts';

const READINGS = readings.readings as unknown as Readonly<Record<string, readonly TRubySegment[]>>;

/** The readings of the given texts that have any (texts without kanji, or not generated, are left out). */
export function furiganaFor(texts: Iterable<string>): TFuriganaMap {
  const map: Record<string, readonly TRubySegment[]> = {};
  for (const text of texts) {
    const segments = READINGS[text];
    if (segments) {
      map[text] = segments;
    }
  }
  return map;
}

/**
 * The receipt's texts with readings, when a child will read it; undefined for everyone else. The age given
 * decides; without one, the triage's reading of the text as a child's (a 16-year-old also writes as a
 * "child" for the triage, which offers Childline up to 18, but reads kanji).
 */
export function receiptFurigana(age: number | undefined, triage: TTriageResult): TFuriganaMap | undefined {
  const child = age !== undefined ? age <= FURIGANA_MAX_AGE : triage.lifeStage?.writer === 'child';
  if (!child) {
    return undefined;
  }
  return furiganaFor([
    ...Object.values(RECEIPT_TEXTS),
    ...triage.safetyAlerts.map((alert) => alert.message.ja),
    ...triage.recommendations.map((recommendation) => recommendation.reason.ja),
    ...[...triage.advice.doNot, ...triage.advice.do, ...triage.advice.evidence].map((item) => item.ja),
  ]);
}

/** The status page's texts with readings (its own sentences and the status shown); the desk's messages are not. */
export function statusFurigana(result: TIntakeStatus): TFuriganaMap {
  return furiganaFor([...Object.values(STATUS_TEXTS), result.statusLabel.ja]);
}
