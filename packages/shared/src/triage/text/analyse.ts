import { toHiragana } from 'wanakana';

import type { TTroubleCategory } from '../../category';
import { findAmounts, findLifeStageCues, type TLifeStageCue } from './cues';
import { LEXICON_COMBOS } from './lexicon';
import type { TLexiconTarget, TTextSignalCode } from './lexicon.types';
import { findTerms, lexiconMatcher, type TTermHit } from './matcher';

/** Longest text analysed; the intake schema allows 5,000 characters, previews and tests may send more. */
export const MAX_ANALYSED_LENGTH = 20_000;

/*
 * Japanese typed in Latin letters (line nottorareta, sagi saito de kaimono shita), as people without a Japanese
 * keyboard write: nearly every word is a run of romaji syllables, while in English about half the words are not
 * (the, my, with). Measured on the corpus: romaji messages ≥ 0.94, English ≤ 0.57.
 */
const ROMAJI_SHARE = 0.8;
const ROMAJI_MIN_WORDS = 4;

/**
 * Longer Latin runs are not romaji words (and wanakana recurses once per character: a whole 5,000-character
 * text overflows the stack), so each word is read on its own and long runs are left as written.
 */
const MAX_ROMAJI_WORD = 40;
const LATIN_WORD = /[a-z]+/g;

function readingsOfWords(words: readonly string[]): Map<string, string | undefined> {
  const readings = new Map<string, string | undefined>();
  for (const word of words) {
    if (!readings.has(word)) {
      readings.set(
        word,
        word.length <= MAX_ROMAJI_WORD ? toHiragana(word, { passRomaji: false }) : undefined,
      );
    }
  }
  return readings;
}

/** A kana reading of a description written in romaji, or undefined when it is not one. */
export function romajiReading(text: string): string | undefined {
  const lower = text.toLowerCase();
  const words = lower.match(LATIN_WORD) ?? [];
  if (words.length < ROMAJI_MIN_WORDS) {
    return undefined;
  }
  // Each distinct word is read once: a long body repeats its words.
  const readings = readingsOfWords(words);
  const syllables = words.filter((word) => {
    const reading = readings.get(word);
    return reading !== undefined && !/[a-z]/.test(reading);
  });
  if (syllables.length / words.length < ROMAJI_SHARE) {
    return undefined;
  }
  return lower.replace(LATIN_WORD, (word) => readings.get(word) ?? word);
}

export type TTextEvidence = { weight: number; phrase: string };
export type TTextSignal = { code: TTextSignalCode; phrase: string; amountYen?: number };

export type TTextAnalysis = {
  /** Evidence per category: each distinct phrase once, with its weight. */
  categories: ReadonlyMap<TTroubleCategory, readonly TTextEvidence[]>;
  /** Signals with the first phrase that stated each one. */
  signals: ReadonlyMap<TTextSignalCode, TTextSignal>;
  lifeStage: readonly TLifeStageCue[];
};

/** Warms the matcher (building it takes a few tens of ms); the API calls this at start-up. */
export function prepareTextAnalysis(): void {
  lexiconMatcher();
}

function comboHits(hits: readonly TTermHit[]): { comboIndex: number; phrase: string; start: number }[] {
  const { parts } = lexiconMatcher();
  const found: { comboIndex: number; phrase: string; start: number }[] = [];
  LEXICON_COMBOS.forEach((combo, comboIndex) => {
    const bySentence = new Map<number, TTermHit[][]>();
    for (const hit of hits) {
      const place = parts[hit.part]?.combo;
      if (place?.index !== comboIndex) {
        continue;
      }
      const where = combo.scope === 'message' ? 0 : hit.sentence;
      const slots = bySentence.get(where) ?? combo.allOf.map(() => []);
      slots[place.part]?.push(hit);
      bySentence.set(where, slots);
    }
    for (const slots of bySentence.values()) {
      if (slots.every((slot) => slot.length > 0)) {
        const first = slots.map((slot) => slot[0] as TTermHit);
        found.push({
          comboIndex,
          phrase: first.map((hit) => hit.phrase).join('…'),
          start: Math.min(...first.map((hit) => hit.start)),
        });
        break;
      }
    }
  });
  return found;
}

function sameTarget(a: TLexiconTarget | undefined, b: TLexiconTarget | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.code === b.code;
}

/** Reads a description: categories it points at, safety signals, who is writing. Never throws. */
export function analyseText(description: string): TTextAnalysis {
  const written =
    description.length > MAX_ANALYSED_LENGTH ? description.slice(0, MAX_ANALYSED_LENGTH) : description;
  // Romaji is read twice: as written (English words, names) and in kana, on a line of its own.
  const reading = romajiReading(written);
  const text = reading === undefined ? written : `${written}\n${reading}`;
  const { parts } = lexiconMatcher();
  const hits = findTerms(text).sort((a, b) => a.start - b.start);

  const categories = new Map<TTroubleCategory, TTextEvidence[]>();
  const signals = new Map<TTextSignalCode, TTextSignal & { start: number }>();

  const addCategory = (code: TTroubleCategory, weight: number, phrase: string) => {
    const list = categories.get(code) ?? [];
    const known = list.find((item) => item.phrase === phrase);
    if (known) {
      known.weight = Math.max(known.weight, weight);
    } else {
      list.push({ weight, phrase });
    }
    categories.set(code, list);
  };
  const addSignal = (code: TTextSignalCode, phrase: string, start: number) => {
    if (!signals.has(code)) {
      signals.set(code, { code, phrase, start });
    }
  };

  // A term inside a longer term of the same meaning counts once (身に覚えのない contains 覚えのない).
  const covered = (hit: TTermHit) =>
    hits.some(
      (other) =>
        other !== hit &&
        other.end - other.start > hit.end - hit.start &&
        other.start <= hit.start &&
        other.end >= hit.end &&
        sameTarget(parts[other.part]?.target, parts[hit.part]?.target) &&
        !parts[other.part]?.combo,
    );
  // Words inside the person's own words about wanting to die (死ね in 「楽に死ねる方法」) are that wish, not a
  // threat or an insult from someone else.
  const selfHarm = hits.filter((hit) => {
    const target = parts[hit.part]?.target;
    return target?.kind === 'signal' && target.code === 'self_harm' && !parts[hit.part]?.combo;
  });
  const insideSelfHarm = (hit: TTermHit) =>
    selfHarm.some((wish) => hit.start < wish.end && wish.start < hit.end);
  for (const hit of hits) {
    const part = parts[hit.part];
    if (!part || part.combo || covered(hit)) {
      continue;
    }
    if (part.target.kind === 'category' && insideSelfHarm(hit)) {
      continue;
    }
    if (part.target.kind === 'category') {
      addCategory(part.target.code, part.target.weight, hit.phrase);
    } else {
      addSignal(part.target.code, hit.phrase, hit.start);
    }
  }
  for (const combo of comboHits(hits)) {
    const target = LEXICON_COMBOS[combo.comboIndex]?.target;
    if (target?.kind === 'category') {
      addCategory(target.code, target.weight, combo.phrase);
    } else if (target) {
      addSignal(target.code, combo.phrase, combo.start);
    }
  }

  const paid = signals.get('money_paid');
  if (paid) {
    // The amount written closest to "paid" is the amount paid (within one short sentence).
    const nearest = findAmounts(text)
      .map((amount) => ({ amount, distance: Math.abs(amount.start - paid.start) }))
      .filter(({ distance }) => distance <= 60)
      .sort((a, b) => a.distance - b.distance)[0];
    if (nearest) {
      paid.amountYen = nearest.amount.yen;
    }
  }

  return {
    categories,
    signals: new Map([...signals].map(([code, { start: _start, ...rest }]) => [code, rest])),
    lifeStage: findLifeStageCues(text),
  };
}
