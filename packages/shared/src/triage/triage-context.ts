import { TROUBLE_CATEGORY_CODES, type TTroubleCategory } from '../category';
import type { TIntake, TIntakeAnswers } from '../intake.schema';
import { nfkc } from '../normalize';
import {
  CATEGORY_COMBOS,
  CATEGORY_KEYWORDS,
  CREDENTIALS_GIVEN_PATTERN,
  DV_TERMS,
  MONEY_LOST_PATTERN,
  ONE_CLICK_WARE_TERMS,
  PHONE_DEMAND_PATTERN,
  SELF_HARM_TERMS,
  WEAK,
} from './keywords';
import type { TCategoryMatch, TTriageContext, TTriageSignals } from './triage.types';

/** Confidence from which a category drives rules. */
export const CATEGORY_THRESHOLD = 0.5;
const PICKED_WEIGHT = 0.9;
const OTHER_WHEN_NOTHING_MATCHED = 0.5;
const CHILD_MAX_AGE = 18;

type TEvidence = { weight: number; because: string };

/** Answers that point at a category, with how strongly. */
const ANSWER_EVIDENCE: readonly {
  answer: keyof TIntakeAnswers;
  code: TTroubleCategory;
  weight: number;
}[] = [
  { answer: 'courtPapersReceived', code: 'court_notice', weight: 0.9 },
  { answer: 'installedSoftware', code: 'malware_unauthorized_access', weight: 0.8 },
  { answer: 'billingScreenPersists', code: 'malware_unauthorized_access', weight: 0.8 },
  { answer: 'billingScreenPersists', code: 'fictitious_billing', weight: 0.6 },
  { answer: 'threatened', code: 'sns_threat_stalking', weight: 0.85 },
  { answer: 'stalked', code: 'sns_threat_stalking', weight: 0.85 },
  { answer: 'inDangerNow', code: 'sns_threat_stalking', weight: WEAK },
];

/** Text the rules and the keyword tables match against: NFKC, lower-case Latin. */
export function foldForMatching(description: string): string {
  return nfkc(description).toLowerCase();
}

const latinTermPatterns = new Map<string, RegExp>();

/**
 * Japanese terms match as substrings (there are no spaces between words); purely Latin terms must stand alone,
 * so "line" does not fire inside "online" nor "dv" inside "dvd".
 */
export function containsTerm(text: string, term: string): boolean {
  if (!/^[a-z0-9]+$/.test(term)) {
    return text.includes(term);
  }
  let pattern = latinTermPatterns.get(term);
  if (!pattern) {
    pattern = new RegExp(`(?<![a-z0-9])${term}(?![a-z0-9])`);
    latinTermPatterns.set(term, pattern);
  }
  return pattern.test(text);
}

function containsAny(text: string, terms: readonly string[]): boolean {
  return terms.some((term) => containsTerm(text, term));
}

function collectEvidence(intake: TIntake, text: string): Map<TTroubleCategory, TEvidence[]> {
  const evidence = new Map<TTroubleCategory, TEvidence[]>();
  const add = (code: TTroubleCategory, item: TEvidence) => {
    const list = evidence.get(code) ?? [];
    // A term listed in two groups (e.g. 偽サイト) must not count twice for one category.
    if (!list.some((existing) => existing.because === item.because)) {
      list.push(item);
    }
    evidence.set(code, list);
  };

  if (intake.category) {
    add(intake.category, { weight: PICKED_WEIGHT, because: 'picked by the person' });
  }
  const answers = intake.answers ?? {};
  for (const { answer, code, weight } of ANSWER_EVIDENCE) {
    if (answers[answer] === true) {
      add(code, { weight, because: `answer: ${answer}` });
    }
  }
  if (answers.demandVia && answers.demandVia.length > 0) {
    add('fictitious_billing', { weight: WEAK, because: 'answer: demandVia' });
  }
  for (const group of CATEGORY_KEYWORDS) {
    for (const term of group.terms) {
      if (containsTerm(text, term)) {
        add(group.code, { weight: group.weight, because: `keyword: ${term}` });
      }
    }
  }
  for (const combo of CATEGORY_COMBOS) {
    if (combo.allOf.every((alternatives) => containsAny(text, alternatives))) {
      add(combo.code, { weight: combo.weight, because: `phrase: ${combo.label}` });
    }
  }
  return evidence;
}

function combine(weights: readonly number[]): number {
  const remaining = weights.reduce((product, weight) => product * (1 - weight), 1);
  return Math.round((1 - remaining) * 100) / 100;
}

/**
 * Categories from the person's pick, their answers and the wording of the description, most confident first.
 * When nothing reaches the threshold, `other` is added so the result always names at least one category.
 */
export function inferCategories(intake: TIntake): TCategoryMatch[] {
  const evidence = collectEvidence(intake, foldForMatching(intake.description));
  const matches: TCategoryMatch[] = [...evidence.entries()].map(([code, items]) => ({
    code,
    confidence: combine(items.map((item) => item.weight)),
    because: items.map((item) => item.because),
  }));
  if (!matches.some((match) => match.confidence >= CATEGORY_THRESHOLD)) {
    const other = matches.find((match) => match.code === 'other');
    if (other) {
      other.confidence = Math.max(other.confidence, OTHER_WHEN_NOTHING_MATCHED);
    } else {
      matches.push({
        code: 'other',
        confidence: OTHER_WHEN_NOTHING_MATCHED,
        because: ['nothing matched clearly'],
      });
    }
  }
  const order = (code: TTroubleCategory) => TROUBLE_CATEGORY_CODES.indexOf(code);
  return matches.sort((a, b) => b.confidence - a.confidence || order(a.code) - order(b.code));
}

function deriveSignals(
  intake: TIntake,
  text: string,
  has: (code: TTroubleCategory) => boolean,
): TTriageSignals {
  const answers = intake.answers ?? {};
  return {
    inDangerNow: answers.inDangerNow === true,
    courtPapers: answers.courtPapersReceived === true || has('court_notice'),
    oneClickWare:
      answers.installedSoftware === true ||
      answers.billingScreenPersists === true ||
      containsAny(text, ONE_CLICK_WARE_TERMS),
    moneyLost: answers.paid === true || (answers.amountPaidYen ?? 0) > 0 || MONEY_LOST_PATTERN.test(text),
    credentialsGiven: answers.personalInfoGiven === true || CREDENTIALS_GIVEN_PATTERN.test(text),
    phoneDemand:
      (answers.demandVia?.includes('phone') ?? false) ||
      (intake.identifiers?.phones?.length ?? 0) > 0 ||
      PHONE_DEMAND_PATTERN.test(text),
    selfHarm: containsAny(text, SELF_HARM_TERMS),
    dvContext: containsAny(text, DV_TERMS),
  };
}

export function buildTriageContext(intake: TIntake): TTriageContext {
  const text = foldForMatching(intake.description);
  const categories = inferCategories(intake);
  const established = new Set(
    categories.filter((match) => match.confidence >= CATEGORY_THRESHOLD).map((match) => match.code),
  );
  const has = (code: TTroubleCategory) => established.has(code);
  const age = intake.person?.age;
  return {
    intake,
    text,
    answers: intake.answers ?? {},
    age,
    isChild: age !== undefined && age <= CHILD_MAX_AGE,
    categories,
    has,
    signals: deriveSignals(intake, text, has),
  };
}
