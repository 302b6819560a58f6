import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TROUBLE_CATEGORY_CODES, type TTroubleCategory, urgencyRank } from '../../category';
import { ZIntake } from '../../intake.schema';
import { tokyo } from '../../testing/seed-windows';
import type { TReferralWindow } from '../../windows';
import { triage } from '../triage';
import { routedCategories } from '../triage-context';
import type { TTriageResult } from '../triage.types';
import { CORPUS_SIGNAL_CODES, type TCorpusMessage, ZCorpusFile } from './corpus.schema';

/**
 * The figures `npm run triage:eval` checks on each split (the "done when"). Safety targets (no missed
 * danger, self-harm or real court papers, no adult sent to Childline) and macro-F1 fail the run on either split.
 */
export const EVAL_TARGETS = {
  macroF1: 0.9,
  /** Signals that may never be missed. */
  perfectRecall: ['danger_now', 'self_harm', 'court_papers'] as const,
  adultsToChildline: 0,
};

export const CORPUS_DIR = __dirname;
const DEFAULT_AT = '2026-11-04T10:30'; // a Wednesday morning

export type TSplit = 'dev' | 'heldout';

export function loadCorpus(split: TSplit): TCorpusMessage[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.startsWith(`${split}-`) && name.endsWith('.json'))
    .sort()
    .flatMap((name) => ZCorpusFile.parse(JSON.parse(readFileSync(join(CORPUS_DIR, name), 'utf8'))));
}

export type TMessageOutcome = {
  id: string;
  text: string;
  expected: readonly TTroubleCategory[];
  predicted: readonly TTroubleCategory[];
  urgency: string;
  windows: readonly string[];
  problems: string[];
};

type TCount = { tp: number; fp: number; fn: number };
export type TCategoryScore = {
  code: TTroubleCategory;
  precision: number;
  recall: number;
  f1: number;
  support: number;
};
export type TSignalScore = {
  code: string;
  recall: number;
  precision: number;
  expected: number;
  found: number;
};

export type TSplitReport = {
  split: TSplit;
  messages: number;
  macroF1: number;
  categories: TCategoryScore[];
  signals: TSignalScore[];
  urgencyFloorMet: number;
  requiredWindowsMet: number;
  forbiddenWindowViolations: number;
  alertsMet: number;
  adultsToChildline: number;
  /** expected (first label) → predicted (top routed category) → count */
  confusion: Record<string, Record<string, number>>;
  failures: TMessageOutcome[];
  /** Gated targets missed: any of these fails `npm run triage:eval`. */
  meetsTargets: boolean;
  missedTargets: string[];
};

function runMessage(message: TCorpusMessage, windows: readonly TReferralWindow[]): TTriageResult {
  const intake = ZIntake.parse({ description: message.text, ...message.input });
  return triage(intake, windows, tokyo(message.at ?? DEFAULT_AT));
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 1 : numerator / denominator);
const round = (value: number) => Math.round(value * 1000) / 1000;

export function evaluateSplit(
  split: TSplit,
  messages: readonly TCorpusMessage[],
  windows: readonly TReferralWindow[],
): TSplitReport {
  const counts = new Map<TTroubleCategory, TCount>(
    TROUBLE_CATEGORY_CODES.map((code) => [code, { tp: 0, fp: 0, fn: 0 }]),
  );
  const signalCounts = new Map<string, { expected: number; hit: number; found: number }>(
    CORPUS_SIGNAL_CODES.map((code) => [code, { expected: 0, hit: 0, found: 0 }]),
  );
  const confusion: Record<string, Record<string, number>> = {};
  const outcomes: TMessageOutcome[] = [];
  let urgencyMet = 0;
  let requiredMet = 0;
  let requiredTotal = 0;
  let forbiddenViolations = 0;
  let alertsMet = 0;
  let alertsTotal = 0;
  let adultsToChildline = 0;

  for (const message of messages) {
    const result = runMessage(message, windows);
    const predicted = routedCategories(result.categories);
    const expected = message.expect.categories;
    const windowSlugs = result.recommendations.map((r) => r.windowSlug);
    const problems: string[] = [];

    for (const code of TROUBLE_CATEGORY_CODES) {
      const count = counts.get(code) as TCount;
      const inExpected = expected.includes(code);
      const inPredicted = predicted.includes(code);
      if (inExpected && inPredicted) {
        count.tp += 1;
      } else if (inPredicted) {
        count.fp += 1;
        problems.push(`extra category ${code}`);
      } else if (inExpected) {
        count.fn += 1;
        problems.push(`missed category ${code}`);
      }
    }
    const row = (confusion[expected[0] ?? 'other'] ??= {});
    const top = predicted[0] ?? 'other';
    row[top] = (row[top] ?? 0) + 1;

    if (urgencyRank(result.urgency) >= urgencyRank(message.expect.urgencyAtLeast)) {
      urgencyMet += 1;
    } else {
      problems.push(`urgency ${result.urgency} < ${message.expect.urgencyAtLeast}`);
    }
    for (const slug of message.expect.windowsRequired) {
      requiredTotal += 1;
      if (windowSlugs.includes(slug)) {
        requiredMet += 1;
      } else {
        problems.push(`missing window ${slug}`);
      }
    }
    for (const group of message.expect.windowsAnyOf) {
      requiredTotal += 1;
      if (group.some((slug) => windowSlugs.includes(slug))) {
        requiredMet += 1;
      } else {
        problems.push(`missing one of ${group.join('|')}`);
      }
    }
    for (const slug of message.expect.windowsForbidden) {
      if (windowSlugs.includes(slug)) {
        forbiddenViolations += 1;
        problems.push(`forbidden window ${slug}`);
      }
    }
    const alertCodes = result.safetyAlerts.map((alert) => alert.code);
    for (const alert of message.expect.alerts) {
      alertsTotal += 1;
      // The child variant of the self-harm alert meets a "self-harm" label.
      if (alertCodes.includes(alert) || (alert === 'self-harm' && alertCodes.includes('self-harm-child'))) {
        alertsMet += 1;
      } else {
        problems.push(`missing alert ${alert}`);
      }
    }
    const foundSignals = new Set(result.signals.map((s) => s.code));
    for (const code of CORPUS_SIGNAL_CODES) {
      const count = signalCounts.get(code)!;
      const isExpected = message.expect.signals.includes(code);
      const isFound = foundSignals.has(code);
      count.expected += isExpected ? 1 : 0;
      count.found += isFound ? 1 : 0;
      if (isExpected && isFound) {
        count.hit += 1;
      } else if (isExpected) {
        problems.push(`missed signal ${code}`);
      }
    }
    if (message.writer === 'adult' && windowSlugs.includes('childline')) {
      adultsToChildline += 1;
      problems.push('adult sent to childline');
    }
    if (problems.length > 0) {
      outcomes.push({
        id: message.id,
        text: message.text,
        expected,
        predicted,
        urgency: result.urgency,
        windows: windowSlugs,
        problems,
      });
    }
  }

  const categories: TCategoryScore[] = TROUBLE_CATEGORY_CODES.map((code) => {
    const { tp, fp, fn } = counts.get(code) as TCount;
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { code, precision: round(precision), recall: round(recall), f1: round(f1), support: tp + fn };
  });
  const scored = categories.filter((score) => score.support > 0);
  const macroF1 = round(scored.reduce((sum, score) => sum + score.f1, 0) / Math.max(1, scored.length));
  const signals: TSignalScore[] = [...signalCounts].map(([code, c]) => ({
    code,
    recall: round(ratio(c.hit, c.expected)),
    precision: round(ratio(c.hit, c.found)),
    expected: c.expected,
    found: c.found,
  }));

  const missedTargets: string[] = [];
  if (macroF1 < EVAL_TARGETS.macroF1) {
    // Gated on both splits (the "done when"). A held-out miss is answered with new blind development
    // messages of the kind that fails (corpus/README.md), never by tuning on the held-out messages.
    missedTargets.push(`${split} macro-F1 ${macroF1} < ${EVAL_TARGETS.macroF1}`);
  }
  for (const code of EVAL_TARGETS.perfectRecall) {
    const score = signals.find((s) => s.code === code);
    if (score && score.recall < 1) {
      missedTargets.push(`${code} recall ${score.recall} < 1`);
    }
  }
  if (adultsToChildline > EVAL_TARGETS.adultsToChildline) {
    missedTargets.push(`${adultsToChildline} adults sent to Childline`);
  }

  return {
    split,
    messages: messages.length,
    macroF1,
    categories,
    signals,
    urgencyFloorMet: round(ratio(urgencyMet, messages.length)),
    requiredWindowsMet: round(ratio(requiredMet, requiredTotal)),
    forbiddenWindowViolations: forbiddenViolations,
    alertsMet: round(ratio(alertsMet, alertsTotal)),
    adultsToChildline,
    confusion,
    failures: outcomes,
    meetsTargets: missedTargets.length === 0,
    missedTargets,
  };
}
