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
  /** Human-readable evidence for the counselor, e.g. 'picked by the person', 'keyword: 退会料'. */
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
});
export type TTriageResult = z.infer<typeof ZTriageResult>;

/** Facts derived once from an intake, so rules stay one-line predicates. */
export type TTriageSignals = {
  inDangerNow: boolean;
  /** Court papers reported by answer or by wording (特別送達, 訴状, 支払督促…). */
  courtPapers: boolean;
  /** Something was installed from a site or a billing screen keeps coming back. */
  oneClickWare: boolean;
  moneyLost: boolean;
  credentialsGiven: boolean;
  /** The other party demands by phone, or the person noted a phone number. */
  phoneDemand: boolean;
  selfHarm: boolean;
  /** Partner / ex-partner / DV wording. */
  dvContext: boolean;
};

export type TTriageContext = {
  intake: TIntake;
  /** NFKC-folded, lower-cased description: what keyword rules match against. */
  text: string;
  answers: TIntakeAnswers;
  age: number | undefined;
  /** Only a known age of 18 or less counts; an unknown age is not assumed to be a child's. */
  isChild: boolean;
  categories: readonly TCategoryMatch[];
  /** Whether a category is established firmly enough (confidence >= 0.5) for rules to act on it. */
  has: (code: TTroubleCategory) => boolean;
  signals: TTriageSignals;
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
  /** Raises the result's urgency and ranks this rule's recommendations (default 'normal'). */
  urgencyAtLeast?: TUrgency;
  alerts?: readonly TSafetyAlert[];
  advice?: Partial<TAdvice>;
};
