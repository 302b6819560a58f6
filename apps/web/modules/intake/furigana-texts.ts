import { CASE_STATUS_LABELS } from '@madoguchi/shared';
import { TRIAGE_RULES } from '@madoguchi/shared/triage';

import { STATUS_TEXTS } from '../status/status-texts';
import { RECEIPT_TEXTS } from './receipt-texts';

/*
 * The Japanese texts a child reads after sending (the receipt, then the status page), which get furigana
 * (ruby) when the person is 15 or younger or writes as a child (the status page: when they consulted
 * themselves, or when anyone asks for it). Their readings are generated at development time by
 * `npm run furigana` (kuromoji, as the triage lexicon's) into furigana-readings.json, so no
 * morphological analyser runs on the server; furigana.test.ts fails when a text changes without it.
 */

/** The triage's fixed guidance (reasons, alerts, advice), as the receipt shows it. */
function triageTexts(): string[] {
  const texts: string[] = [];
  for (const rule of TRIAGE_RULES) {
    for (const recommendation of [...(rule.recommend ?? []), ...(rule.whenClosed ?? [])]) {
      texts.push(recommendation.reason.ja);
    }
    for (const alert of rule.alerts ?? []) {
      texts.push(alert.message.ja);
    }
    const { doNot = [], do: toDo = [], evidence = [] } = rule.advice ?? {};
    for (const item of [...doNot, ...toDo, ...evidence]) {
      texts.push(item.ja);
    }
  }
  return texts;
}

/** Every text that gets furigana, once each, sorted (the generator's input and the digest's). */
export function furiganaTexts(): string[] {
  const statusTexts = [
    ...Object.values(STATUS_TEXTS),
    ...Object.values(CASE_STATUS_LABELS).map((label) => label.ja),
  ];
  return [...new Set([...Object.values(RECEIPT_TEXTS), ...statusTexts, ...triageTexts()])].sort();
}
