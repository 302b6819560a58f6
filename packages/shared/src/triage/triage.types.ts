import { z } from 'zod';

import {
  type TLocalized,
  type TTroubleCategory,
  type TUrgency,
  ZLocalized,
  ZTroubleCategory,
  ZUrgency,
} from '../category';
import type { TIntake, TIntakeAnswers } from '../intake.schema';
import { type TKnownWindowSlug, ZWindowSlug } from '../windows';

export const ZCategoryMatch = z.strictObject({
  code: ZTroubleCategory,
  confidence: z.number().min(0).max(1),
  /** Evidence for the counselor: 'picked by the person', 'answer: paid', or the phrase as written: '「退会料」'. */
  because: z.array(z.string()),
});
export type TCategoryMatch = z.infer<typeof ZCategoryMatch>;

export const ZSafetyAlert = z.strictObject({ code: z.string().min(1), message: ZLocalized });
export type TSafetyAlert = z.infer<typeof ZSafetyAlert>;

export const ZRecommendation = z.strictObject({
  windowSlug: ZWindowSlug,
  ruleId: z.string().min(1),
  reason: ZLocalized,
  /** null when the window's hours are unknown or it has no live hours (report-only, web directory). */
  openNow: z.boolean().nullable(),
  /** ISO instant of the earliest moment at or after `now` when it is open: equals `now` while open; see nextOpenAt. */
  nextOpenAt: z.iso.datetime().nullable(),
});
export type TRecommendation = z.infer<typeof ZRecommendation>;

export const ZAdvice = z.strictObject({
  doNot: z.array(ZLocalized),
  do: z.array(ZLocalized),
  evidence: z.array(ZLocalized),
});
export type TAdvice = z.infer<typeof ZAdvice>;

/** Safety-relevant facts triage read, from the answers or the text (with the phrase as the person wrote it). */
export const TRIAGE_SIGNAL_CODES = [
  'danger_now',
  'threat_to_life',
  'intimate_images',
  'self_harm',
  'money_paid',
  'credentials_given',
  'app_installed',
  'court_papers',
  'fake_court_notice',
  'contacted_them',
  'phone_demand',
  'dv_context',
  'wants_poster_identified',
  'ransomware',
] as const;
export const ZTriageSignalCode = z.enum(TRIAGE_SIGNAL_CODES);
export type TTriageSignalCode = z.infer<typeof ZTriageSignalCode>;

export const ZTriageSignal = z.strictObject({
  code: ZTriageSignalCode,
  source: z.enum(['answer', 'text']),
  /** The words that stated it, as written (text signals only). */
  phrase: z.string().max(300).optional(),
  /** For money_paid: the amount written next to it, in yen. */
  amountYen: z.number().int().nonnegative().optional(),
});
export type TTriageSignal = z.infer<typeof ZTriageSignal>;

/**
 * What a disagreement is about: a signal, or who is writing (`caller_relation`: the caller block says "about
 * myself" while the text speaks of the writer's child, or a parent/teacher while the text reads as a child's own).
 */
export const TRIAGE_DISAGREEMENT_CODES = [...TRIAGE_SIGNAL_CODES, 'caller_relation'] as const;
export const ZTriageDisagreementCode = z.enum(TRIAGE_DISAGREEMENT_CODES);
export type TTriageDisagreementCode = z.infer<typeof ZTriageDisagreementCode>;

/** An answer and the text that say opposite things: both are shown to the counselor. */
export const ZTriageDisagreement = z.strictObject({
  code: ZTriageDisagreementCode,
  answer: z.string(),
  answered: z.boolean(),
  phrase: z.string().max(300),
});
export type TTriageDisagreement = z.infer<typeof ZTriageDisagreement>;

/** The signals that raise a flag on the queue row and the case page: they must never be missed. */
export const SAFETY_FLAG_CODES = ['danger_now', 'self_harm', 'threat_to_life', 'intimate_images'] as const;
export type TSafetyFlag = (typeof SAFETY_FLAG_CODES)[number];
export const ZSafetyFlag = z.enum(SAFETY_FLAG_CODES);

/** The flags a triage result raises (from the answers or the text). */
export function safetyFlagsOf(result: Pick<TTriageResult, 'signals'>): TSafetyFlag[] {
  const codes = new Set((result.signals ?? []).map((signal) => signal.code));
  return SAFETY_FLAG_CODES.filter((code) => codes.has(code));
}

export const ZLifeStage = z.strictObject({
  /** Who is writing: decides Childline (children only) and the wording. */
  writer: z.enum(['child', 'adult', 'unknown']),
  /** Whether the trouble happened to a child (the writer or a child they write about). */
  childAffected: z.boolean(),
  /** The cues read from the text, as written (e.g. '40代', '小4', '娘(中2)が'). */
  cues: z.array(z.string().max(100)).max(20),
});
export type TLifeStage = z.infer<typeof ZLifeStage>;

export const ZTriageResult = z.strictObject({
  ruleSetVersion: z.string().min(1),
  urgency: ZUrgency,
  categories: z.array(ZCategoryMatch),
  safetyAlerts: z.array(ZSafetyAlert),
  // Empty only if the directory has no active window the person is eligible for (a setup error, never a rule outcome).
  recommendations: z.array(ZRecommendation),
  advice: ZAdvice,
  /** Ids of the rules that fired, in priority order; kept with the case so a later review can see why. */
  matchedRuleIds: z.array(z.string()),
  // Added in rule set 2026.12.1; results stored before lack them.
  signals: z.array(ZTriageSignal).default([]),
  disagreements: z.array(ZTriageDisagreement).default([]),
  lifeStage: ZLifeStage.optional(),
});
export type TTriageResult = z.infer<typeof ZTriageResult>;

/** Facts derived once from an intake (answers and text), so rules stay one-line predicates. */
export type TTriageSignals = {
  inDangerNow: boolean;
  threatToLife: boolean;
  intimateImages: boolean;
  selfHarm: boolean;
  /** Real court papers reported by answer or by wording (特別送達, 訴状, 支払督促…), not the known fakes. */
  courtPapers: boolean;
  /** The well-known fake court notices (法務省管轄支局, 訴訟最終告知…). */
  fakeCourtNotice: boolean;
  /** Something was installed from a site or a billing screen keeps coming back. */
  oneClickWare: boolean;
  moneyLost: boolean;
  credentialsGiven: boolean;
  contactedThem: boolean;
  /** The other party demands by phone, or the person noted a phone number. */
  phoneDemand: boolean;
  /** Partner / ex-partner / DV wording. */
  dvContext: boolean;
  wantsPosterIdentified: boolean;
  /** Files encrypted and a ransom demanded. */
  ransomware: boolean;
  /** The description is written (mostly) in English. */
  english: boolean;
};

export type TTriageContext = {
  intake: TIntake;
  answers: TIntakeAnswers;
  age: number | undefined;
  /** A child is writing (age field, or the text's own cues): Childline is for them, never for adults. */
  childWriting: boolean;
  /** The trouble happened to a child: the writer, or a child the writer speaks of (娘が, my son). */
  childAffected: boolean;
  lifeStage: TLifeStage;
  categories: readonly TCategoryMatch[];
  /** Whether a category is established firmly enough (confidence >= 0.5) for rules to act on it. */
  has: (code: TTroubleCategory) => boolean;
  /** The category's confidence, routed or not (0 when there is no evidence). */
  confidence: (code: TTroubleCategory) => number;
  signals: TTriageSignals;
  /** The signals with their source and phrase, for the result. */
  signalList: readonly TTriageSignal[];
  disagreements: readonly TTriageDisagreement[];
};

export type TRuleRecommendation = { windowSlug: TKnownWindowSlug; reason: TLocalized };

export type TTriageRule = {
  /** Stable id, stored with each recommendation; never reuse an id for different guidance. */
  id: string;
  /** The guidance the rule encodes, in one line. */
  comment: string;
  when: (ctx: TTriageContext) => boolean;
  /** In order of fit: the first is the best match for this rule. */
  recommend?: readonly TRuleRecommendation[];
  /**
   * Crisis lines: the ones open at that moment are listed first, and `whenClosed` is added when none of
   * `recommend` is open (a child at night gets the 24-hour line, not a card saying "closed until 16:00").
   */
  preferOpenNow?: boolean;
  whenClosed?: readonly TRuleRecommendation[];
  /** Raises the result's urgency and ranks this rule's recommendations (default 'normal'). */
  urgencyAtLeast?: TUrgency;
  alerts?: readonly TSafetyAlert[];
  advice?: Partial<TAdvice>;
};
