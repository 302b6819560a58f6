import type { TTroubleCategory } from '../../category';
import { TRIAGE_SIGNAL_CODES } from '../triage.types';

/** Facts about the person's situation that the text can state (the answers can state some of them too). */
export const TEXT_SIGNAL_CODES = TRIAGE_SIGNAL_CODES;
export type TTextSignalCode = (typeof TEXT_SIGNAL_CODES)[number];

/*
 * Weights combine as independent evidence (1 - Π(1 - w)); a category counts for the rules from 0.5 upwards:
 * one STRONG term is enough, one MEDIUM term is not, a MEDIUM plus a WEAK term is.
 */
export const STRONG = 0.6;
/**
 * A whole phrase that by itself tells the trouble (「消してほしければ…」 is extortion, 「勝手に俺のアカで」 is someone in
 * the account): enough to name it as a second trouble beside another one (SECOND_CATEGORY_THRESHOLD).
 */
export const DEFINITE = 0.7;
export const MEDIUM = 0.4;
export const WEAK = 0.25;

export type TLexiconTarget =
  { kind: 'category'; code: TTroubleCategory; weight: number } | { kind: 'signal'; code: TTextSignalCode };

/**
 * Terms with one meaning. Japanese terms are written once, in their usual form; `(a|b|)` writes alternatives
 * (an empty one makes the group optional). Their kana readings are generated at build time. English phrases are
 * matched word by word after stemming ("threatened" meets "threaten").
 */
export type TLexiconGroup = {
  target: TLexiconTarget;
  ja?: readonly string[];
  en?: readonly string[];
  /** Folded text right after a Japanese match that cancels it (question, condition: 払ったら, 払ったほうが). */
  notFollowedBy?: readonly string[];
  /** English: a negation within the three words before cancels the match ("didn't pay"). */
  negatable?: boolean;
};

/** Parts that only mean something together in one sentence, e.g. 「今」 and 「家の前にいる」. */
export type TLexiconCombo = {
  target: TLexiconTarget;
  label: string;
  allOf: readonly { ja?: readonly string[]; en?: readonly string[] }[];
  negatable?: boolean;
  /**
   * Where the parts must meet: one sentence (the default), or anywhere in the message, for facts people tell
   * across sentences (「動画がある。会わないならばらまく。」).
   */
  scope?: 'sentence' | 'message';
};
