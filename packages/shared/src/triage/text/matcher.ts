// The package ships no types; the reference lets every workspace that compiles this file see them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./wink-porter2-stemmer.d.ts" />
import stem from 'wink-porter2-stemmer';

import { expandAlternatives } from './expand';
import { foldTerm, foldText, originalSlice } from './fold';
import { LEXICON, LEXICON_COMBOS } from './lexicon';
import readingsFile from './lexicon-readings.json';
import type { TLexiconTarget } from './lexicon.types';
import { CodeUnitTrie } from './trie';

/*
 * Finds every lexicon term in a text: Japanese with a code-unit trie over the folded text (about linear in its length,
 * however many terms), English word by word over stems. Built once, on first use, from the lexicon and its precomputed
 * readings; holds a few MB.
 */

/** One place a lexicon group (or one part of a combo) matched. Offsets are in the original text. */
export type TTermHit = { part: number; start: number; end: number; phrase: string; sentence: number };

/** A lexicon group or one part of a combo: what a hit means and how it is checked. */
export type TLexiconPart = {
  target: TLexiconTarget;
  /** Set for combo parts: the combo's index in LEXICON_COMBOS and the part's position. */
  combo?: { index: number; part: number };
  notFollowedBy: readonly string[];
  negatable: boolean;
};

/**
 * Short katakana words (スレ, デマ, サクラ, クラス) folded to hiragana would match everyday hiragana (すれば, でました,
 * さくら, くらす): they only match where the person wrote katakana. Longer ones (メール, リンク) are safe in kana.
 */
type TJapanesePattern = { parts: number[]; katakanaOnly: boolean };
const SHORT_KATAKANA = /^(?:[\p{Script=Katakana}ー]{1,2}|クラス|サクラ|ライン|ホーム|ドコモ)$/u;
const KATAKANA_TEXT = /^[\p{Script=Katakana}ー･ﾞﾟ]+$/u;

type TEnglishPhrase = { words: readonly string[]; part: number };

/**
 * The Japanese patterns' data, packed: pattern n (the trie's data) means the parts
 * partList[partStart[n] .. partStart[n + 1]) and is katakana-only when katakanaOnly[n] is 1. Tens of thousands
 * of patterns (terms × readings) as an array and an object each took about 7 MB of the API's heap.
 */
type TJapaneseData = { partStart: Int32Array; partList: Int32Array; katakanaOnly: Uint8Array };

type TMatcher = {
  parts: readonly TLexiconPart[];
  japanese: CodeUnitTrie<number>;
  japaneseData: TJapaneseData;
  english: ReadonlyMap<string, readonly TEnglishPhrase[]>;
};

const READINGS: Readonly<Record<string, readonly string[]>> = readingsFile.readings;
const LATIN_ONLY = /^[a-z0-9]+$/;
const LATIN_CHAR = /[a-z0-9]/;
const ENGLISH_WORD = /[a-z0-9]+(?:'[a-z]+)?/g;
const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  "didn't",
  "don't",
  "haven't",
  "hasn't",
  "wasn't",
  "won't",
  "can't",
  'didnt',
  'dont',
  'havent',
  'without',
]);
const NEGATION_WINDOW = 3;
const MAX_PLACES_PER_TERM = 3;
const SENTENCE_END = /[。．.!！?？\n]/g;

/** Counts sentence ends before an offset: hits in one sentence share the number. */
function sentenceIndex(text: string): (offset: number) => number {
  const ends = [...text.matchAll(SENTENCE_END)].map((match) => match.index);
  return (offset) => {
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((ends[middle] ?? 0) < offset) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  };
}

let matcher: TMatcher | undefined;

function buildMatcher(): TMatcher {
  const parts: TLexiconPart[] = [];
  const japanese = new Map<string, TJapanesePattern>();
  const english = new Map<string, TEnglishPhrase[]>();

  const addTerms = (part: number, ja: readonly string[] | undefined, en: readonly string[] | undefined) => {
    for (const written of ja ?? []) {
      for (const term of expandAlternatives(written)) {
        const shortKatakana = SHORT_KATAKANA.test(term);
        for (const variant of [foldTerm(term), ...(READINGS[term] ?? [])]) {
          const entry = japanese.get(variant) ?? { parts: [], katakanaOnly: shortKatakana };
          if (!entry.parts.includes(part)) {
            entry.parts.push(part);
          }
          entry.katakanaOnly &&= shortKatakana;
          japanese.set(variant, entry);
        }
      }
    }
    for (const phrase of en ?? []) {
      const words = englishWords(phrase.toLowerCase()).map((word) => word.stem);
      const first = words[0];
      if (first === undefined) {
        continue;
      }
      const list = english.get(first) ?? [];
      list.push({ words, part });
      english.set(first, list);
    }
  };

  LEXICON.forEach((group) => {
    const part = parts.length;
    parts.push({
      target: group.target,
      notFollowedBy: (group.notFollowedBy ?? []).map(foldTerm),
      negatable: group.negatable ?? false,
    });
    addTerms(part, group.ja, group.en);
  });
  LEXICON_COMBOS.forEach((combo, index) => {
    combo.allOf.forEach((alternatives, position) => {
      const part = parts.length;
      parts.push({
        target: combo.target,
        combo: { index, part: position },
        notFollowedBy: [],
        negatable: combo.negatable ?? false,
      });
      addTerms(part, alternatives.ja, alternatives.en);
    });
  });

  const entries = [...japanese];
  const japaneseData: TJapaneseData = {
    partStart: new Int32Array(entries.length + 1),
    partList: new Int32Array(entries.reduce((sum, [, entry]) => sum + entry.parts.length, 0)),
    katakanaOnly: new Uint8Array(entries.length),
  };
  let at = 0;
  entries.forEach(([, entry], index) => {
    japaneseData.partStart[index] = at;
    japaneseData.partList.set(entry.parts, at);
    at += entry.parts.length;
    japaneseData.katakanaOnly[index] = entry.katakanaOnly ? 1 : 0;
  });
  japaneseData.partStart[entries.length] = at;
  return {
    parts,
    japanese: new CodeUnitTrie(entries.map(([pattern], index) => ({ pattern, data: index }))),
    japaneseData,
    english,
  };
}

export function lexiconMatcher(): TMatcher {
  matcher ??= buildMatcher();
  return matcher;
}

type TWord = { stem: string; start: number; end: number };

function englishWords(text: string): TWord[] {
  return [...text.matchAll(ENGLISH_WORD)].map((match) => ({
    stem: stem(match[0]),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

function isNegated(words: readonly TWord[], index: number): boolean {
  for (let back = Math.max(0, index - NEGATION_WINDOW); back < index; back++) {
    const word = words[back]?.stem ?? '';
    if (NEGATIONS.has(word) || word.endsWith("n't")) {
      return true;
    }
  }
  return false;
}

// What makes "…たら" a condition rather than a narrative "when I did…": a question, advice, or words reported.
// Folded like the text they are looked for in (NFKC turns ？ into ?, small っ becomes つ).
const HYPOTHETICAL_CUES = ['?', 'か', 'いい', 'べき', 'どう', 'と言われ', 'といわれ', 'と言って'].map(
  foldTerm,
);
const SENTENCE_END_CHARS = /[。.!?\n]/;

/** Whether the rest of the (folded) sentence after a "…たら" asks or reports rather than tells what happened. */
function isHypothetical(text: string, from: number): boolean {
  const rest = text.slice(from, from + 80);
  const end = rest.search(SENTENCE_END_CHARS);
  const sentence = end < 0 ? rest : rest.slice(0, end + 1);
  return HYPOTHETICAL_CUES.some((cue) => sentence.includes(cue));
}

/*
 * A trouble word the person denies right after writing it: 「乗っ取りとかではなく、自分が忘れただけ」, 「詐欺では
 * なさそう」, 「架空請求かと思ったけど、自分が買ったアプリの分でした」. Questions stay evidence: 「詐欺じゃないですか?」
 * and 「詐欺ではないでしょうか」 mean the person suspects it. Folded text (じゃ → じや, っ → つ).
 */
const DENIED_AFTER_TERM = new RegExp(
  [
    // "not X (but …)", "does not look like X", "was not X", "I think it is not X" (after the rest of the word: 乗っ取[り]とかではなく)
    '^[ぁ-ん]{0,3}?(とか|など|なんか|なんて)?(では|でも|じや)(なく[、,て]|なさそう|なかつた|ありませんでした|ないと(思|おも))',
    // "I thought it was X, but …" (乗っ取られ[た]かと思ったけど)
    '^[ぁ-ん]{0,3}?(か|かな)?(と|つて)(思|おも)(つた|いました)(けど|が|ら|のですが|んですが|んだけど)',
  ].join('|'),
);
const DENIAL_LOOKAHEAD = 20;

function isDenied(folded: string, end: number): boolean {
  return DENIED_AFTER_TERM.test(folded.slice(end, end + DENIAL_LOOKAHEAD));
}

/** Every term of the lexicon found in `input`, with the phrase as the person wrote it. */
export function findTerms(input: string): TTermHit[] {
  const { parts, japanese, japaneseData, english } = lexiconMatcher();
  const hits: TTermHit[] = [];

  const folded = foldText(input);
  const japaneseSentence = sentenceIndex(input);
  // A term repeated a thousand times is evidence once: keep its first few places only, so a pathological text
  // (one word pasted 2,500 times) costs no more than an ordinary one.
  const seen = new Map<string, number>();
  for (const match of japanese.search(folded.text)) {
    const count = seen.get(match.pattern) ?? 0;
    if (count >= MAX_PLACES_PER_TERM) {
      continue;
    }
    seen.set(match.pattern, count + 1);
    if (LATIN_ONLY.test(match.pattern)) {
      // Latin terms in the Japanese table (sms, au, id) must stand alone: not "au" inside "because".
      const before = folded.text[match.start - 1] ?? '';
      const after = folded.text[match.end] ?? '';
      if (LATIN_CHAR.test(before) || LATIN_CHAR.test(after)) {
        continue;
      }
    }
    const following = folded.text.slice(match.end, match.end + 6);
    const phrase = originalSlice(input, folded, match.start, match.end);
    if (japaneseData.katakanaOnly[match.data] === 1 && !KATAKANA_TEXT.test(phrase.replace(/\s/g, ''))) {
      continue;
    }
    const hypothetical = following.startsWith('ら') && isHypothetical(folded.text, match.end);
    const denied = isDenied(folded.text, match.end);
    const partEnd = japaneseData.partStart[match.data + 1] ?? 0;
    for (let at = japaneseData.partStart[match.data] ?? 0; at < partEnd; at++) {
      const part = japaneseData.partList[at] ?? 0;
      const info = parts[part];
      if (info && info.notFollowedBy.some((blocker) => following.startsWith(blocker))) {
        continue;
      }
      if (info?.notFollowedBy.length && hypothetical) {
        continue;
      }
      if (denied && info?.target.kind === 'category') {
        continue;
      }
      const start = folded.origin[match.start] ?? 0;
      hits.push({
        part,
        start,
        end: folded.originEnd[match.end - 1] ?? 0,
        phrase,
        sentence: japaneseSentence(start),
      });
    }
  }

  const lower = input.normalize('NFKC').toLowerCase().replace(/[’‘`]/g, "'");
  // NFKC can change lengths (ligatures); English offsets are only used for sentence grouping, so that is fine.
  const words = englishWords(lower);
  const englishSentence = sentenceIndex(lower);
  const sameLength = lower.length === input.length;
  const seenPhrases = new Map<TEnglishPhrase, number>();
  words.forEach((word, index) => {
    for (const phrase of english.get(word.stem) ?? []) {
      const count = seenPhrases.get(phrase) ?? 0;
      if (count >= MAX_PLACES_PER_TERM) {
        continue;
      }
      if (!phrase.words.every((expected, offset) => words[index + offset]?.stem === expected)) {
        continue;
      }
      const info = parts[phrase.part];
      if (info?.negatable && isNegated(words, index)) {
        continue;
      }
      seenPhrases.set(phrase, count + 1);
      const last = words[index + phrase.words.length - 1] ?? word;
      hits.push({
        part: phrase.part,
        start: word.start,
        end: last.end,
        phrase: (sameLength ? input : lower).slice(word.start, last.end),
        sentence: englishSentence(word.start),
      });
    }
  });
  return hits;
}
