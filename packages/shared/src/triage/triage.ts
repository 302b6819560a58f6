import { type TLocalized, type TUrgency, maxUrgency, urgencyRank } from '../category';
import type { TIntake } from '../intake.schema';
import { isOpenAt, nextOpenAt } from '../opening-hours';
import { isEligible, type TReferralWindow } from '../windows';
import { buildTriageContext } from './triage-context';
import { RULE_SET_VERSION, TRIAGE_RULES } from './triage.rules';
import type { TAdvice, TRecommendation, TSafetyAlert, TTriageResult, TTriageRule } from './triage.types';

type TCandidate = { windowSlug: string; ruleId: string; reason: TLocalized };

const DEFAULT_RULE_URGENCY: TUrgency = 'normal';

/** Used when every rule-picked window is missing, inactive or excludes the person. */
export const FALLBACK_RULE_ID = 'fallback';
const FALLBACK_TIERS: readonly (readonly string[])[] = [['police-9110', 'hotline-council'], ['police-110']];
const FALLBACK_REASON: TLocalized = {
  ja: 'ほかに合う窓口が見つからなかったため、ここを案内しています。相談員が一緒に合う窓口をさがします。',
  en: 'No better-matching window was available, so this one is suggested. A counselor will help find the right place.',
};

function ruleUrgency(rule: TTriageRule): TUrgency {
  return rule.urgencyAtLeast ?? DEFAULT_RULE_URGENCY;
}

/** Most urgent first; among equals, table order. Array#sort is stable, so the table order survives. */
function byPriority(rules: readonly TTriageRule[]): TTriageRule[] {
  return [...rules].sort((a, b) => urgencyRank(ruleUrgency(b)) - urgencyRank(ruleUrgency(a)));
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}

function collectAdvice(rules: readonly TTriageRule[]): TAdvice {
  const pick = (field: keyof TAdvice) =>
    uniqueBy(
      rules.flatMap((rule) => rule.advice?.[field] ?? []),
      (item) => item.ja,
    );
  return { doNot: pick('doNot'), do: pick('do'), evidence: pick('evidence') };
}

function toRecommendation(candidate: TCandidate, window: TReferralWindow, now: Date): TRecommendation {
  const next = nextOpenAt(window, now);
  return { ...candidate, openNow: isOpenAt(window, now), nextOpenAt: next ? next.toISOString() : null };
}

/**
 * Suggests where to go, how urgent it is and what to do now. Pure and deterministic: same intake, windows and
 * `now` give the same result. Windows that are inactive, missing from `windows` or exclude the person (age,
 * prefecture) are never recommended.
 */
export function triage(intake: TIntake, windows: readonly TReferralWindow[], now: Date): TTriageResult {
  const ctx = buildTriageContext(intake);
  const fired = byPriority(TRIAGE_RULES.filter((rule) => rule.when(ctx)));

  const usable = new Map(
    windows
      .filter((window) => window.active && isEligible(window, intake.person).eligible)
      .map((window) => [window.slug, window] as const),
  );

  let candidates: TCandidate[] = uniqueBy(
    fired.flatMap((rule) => ruleCandidates(rule, usable, now)),
    (candidate) => candidate.windowSlug,
  ).filter((candidate) => usable.has(candidate.windowSlug));

  if (candidates.length === 0) {
    candidates = fallbackCandidates(usable);
  }

  const recommendations = candidates.flatMap((candidate) => {
    const window = usable.get(candidate.windowSlug);
    return window ? [toRecommendation(candidate, window, now)] : [];
  });

  const safetyAlerts: TSafetyAlert[] = uniqueBy(
    fired.flatMap((rule) => rule.alerts ?? []),
    (alert) => alert.code,
  );

  return {
    ruleSetVersion: RULE_SET_VERSION,
    urgency: fired.map(ruleUrgency).reduce(maxUrgency, 'low'),
    categories: ctx.categories.map((match) => ({ ...match, because: [...match.because] })),
    safetyAlerts,
    recommendations,
    advice: collectAdvice(fired),
    matchedRuleIds: fired.map((rule) => rule.id),
    signals: [...ctx.signalList],
    disagreements: [...ctx.disagreements],
    lifeStage: ctx.lifeStage,
  };
}

/**
 * A rule's windows in its order; for crisis rules (`preferOpenNow`) the usable ones open at `now` come first, and
 * `whenClosed` is added when none of them is open, so a person in crisis always sees a line they can call now.
 */
function ruleCandidates(
  rule: TTriageRule,
  usable: ReadonlyMap<string, TReferralWindow>,
  now: Date,
): TCandidate[] {
  const toCandidate = (item: { windowSlug: string; reason: TLocalized }): TCandidate => ({
    windowSlug: item.windowSlug,
    ruleId: rule.id,
    reason: item.reason,
  });
  const listed = (rule.recommend ?? []).map(toCandidate);
  if (!rule.preferOpenNow) {
    return listed;
  }
  const openNow = (candidate: TCandidate) => {
    const window = usable.get(candidate.windowSlug);
    return window !== undefined && isOpenAt(window, now) === true;
  };
  const open = listed.filter(openNow);
  const closed = listed.filter((candidate) => !openNow(candidate));
  const fallback = open.length === 0 ? (rule.whenClosed ?? []).map(toCandidate) : [];
  return [...open, ...fallback, ...closed];
}

function fallbackCandidates(usable: ReadonlyMap<string, TReferralWindow>): TCandidate[] {
  const tier = FALLBACK_TIERS.map((slugs) => slugs.filter((slug) => usable.has(slug))).find(
    (slugs) => slugs.length > 0,
  );
  // Directory order is the admin's order; any active window beats telling a person there is nowhere to go.
  const slugs = tier ?? [...usable.keys()].slice(0, 1);
  return slugs.map((windowSlug) => ({ windowSlug, ruleId: FALLBACK_RULE_ID, reason: FALLBACK_REASON }));
}
