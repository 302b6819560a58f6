import { GENERAL_RULES } from './general.rules';
import { MONEY_RULES } from './money.rules';
import { SAFETY_RULES } from './safety.rules';
import type { TTriageRule } from './triage.types';

/** Bump when a rule's behaviour changes, so stored results can be traced to the rules that produced them. */
export const RULE_SET_VERSION = '2026.12.7';

/**
 * The whole rule table. Position is the tie-breaker after urgency: among rules of equal urgency, an earlier rule's
 * recommendations come first and its reason wins when two rules point at the same window.
 */
export const TRIAGE_RULES: readonly TTriageRule[] = [...SAFETY_RULES, ...MONEY_RULES, ...GENERAL_RULES];
