/*
 * Server-only entry point (`@madoguchi/shared/triage`): the triage engine and its text analysis. The lexicon and
 * its matcher cost a few MB and tens of milliseconds to build, so they must never reach a browser bundle; client
 * components import the result types from `@madoguchi/shared` instead (a spec checks that the main entry never
 * loads this folder's engine).
 */
export { triage, FALLBACK_RULE_ID } from './triage';
export { RULE_SET_VERSION, TRIAGE_RULES } from './triage.rules';
export {
  buildTriageContext,
  CATEGORY_THRESHOLD,
  FOUND_THRESHOLD,
  inferCategories,
  routedCategories,
} from './triage-context';
export { analyseText, prepareTextAnalysis, MAX_ANALYSED_LENGTH, type TTextAnalysis } from './text/analyse';
