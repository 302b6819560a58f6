/*
 * Folding makes one written word match however it was typed: NFKC (full-width ＳＭＳ, half-width ｶﾀｶﾅ), lower case,
 * katakana as hiragana, small kana as full-size (ウィルス = ウイルス, のつとられた = のっとられた), and no whitespace
 * (a child writes 「とうろく かんりょう」). Kanji stay kanji: their kana readings are added to the lexicon at build
 * time (scripts/triage-lexicon.ts), so 乗っ取られた, のっとられた and 乗っとられた all meet one entry.
 *
 * Every folded character remembers where it came from, so a match can be shown to the counselor exactly as the
 * person wrote it.
 */

export type TFoldedText = {
  /** The folded characters, one UTF-16 unit each (folding never produces astral characters we keep). */
  text: string;
  /** For each folded character, the start offset of its source in the original string. */
  origin: Int32Array;
  /** For each folded character, the end offset (exclusive) of its source in the original string. */
  originEnd: Int32Array;
};

const KATAKANA_START = 0x30a1; // ァ
const KATAKANA_END = 0x30f6; // ヶ
const KATAKANA_TO_HIRAGANA = 0x60;

// Small kana and their full-size forms (after katakana became hiragana).
const SMALL_KANA: Readonly<Record<string, string>> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
};

/** One character as the matcher sees it: '' for characters that carry no meaning for matching. */
export function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (char.length === 1 && code >= KATAKANA_START && code <= KATAKANA_END) {
    const hiragana = String.fromCharCode(code - KATAKANA_TO_HIRAGANA);
    return SMALL_KANA[hiragana] ?? hiragana;
  }
  if (SMALL_KANA[char]) {
    return SMALL_KANA[char];
  }
  if (/^[\s\p{Cf}\p{Cc}\p{Mn}]$/u.test(char)) {
    // Whitespace, zero-width and direction marks, controls, stray combining marks.
    return '';
  }
  if (char === 'ヴ') {
    return 'ゔ';
  }
  return char.toLowerCase();
}

/*
 * The long-vowel mark after kana is that kana's vowel (カード = かあど, パスワード = ぱすわあど): romaji typed without a
 * Japanese keyboard spells it out (kaado, pasuwaado), and kana writers mix both (かーど, かあど).
 */
const LONG_VOWEL = 'ー';
const VOWEL_ROWS: readonly [string, string][] = [
  ['あかさたなはまやらわがざだばぱ', 'あ'],
  ['いきしちにひみりぎじぢびぴ', 'い'],
  ['うくすつぬふむゆるぐずづぶぷゔ', 'う'],
  ['えけせてねへめれげぜでべぺ', 'え'],
  ['おこそとのほもよろをごぞどぼぽ', 'お'],
];
const VOWEL_OF: Readonly<Record<string, string>> = Object.fromEntries(
  VOWEL_ROWS.flatMap(([row, vowel]) => [...row].map((kana) => [kana, vowel])),
);

// A base character and the marks that belong to it (dakuten typed separately, ﾞ after half-width kana).
// eslint-disable-next-line no-misleading-character-class -- the marks are listed on purpose, each on its own
const CLUSTER = /[\s\S](?:[\u3099\u309a\uff9e\uff9f\u0300-\u036f])*/gu;

/**
 * Folds a whole text for matching. Lone UTF-16 surrogates (invalid text from a broken client) are dropped rather
 * than allowed to break normalisation. Linear in the input.
 */
export function foldText(input: string): TFoldedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const match of input.matchAll(CLUSTER)) {
    const cluster = match[0];
    const start = match.index;
    const code = cluster.charCodeAt(0);
    if (cluster.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      continue;
    }
    for (const normalised of cluster.normalize('NFKC')) {
      for (const unit of foldCharSequence(normalised)) {
        const folded = unit === LONG_VOWEL ? (VOWEL_OF[chars[chars.length - 1] ?? ''] ?? unit) : unit;
        chars.push(folded);
        starts.push(start);
        ends.push(start + cluster.length);
      }
    }
  }
  return { text: chars.join(''), origin: Int32Array.from(starts), originEnd: Int32Array.from(ends) };
}

function foldCharSequence(char: string): string[] {
  // toLowerCase can lengthen a character (İ → i̇); keep each resulting unit so offsets stay one per unit.
  const folded = foldChar(char);
  return folded.length <= 1 ? (folded ? [folded] : []) : [...folded].filter((unit) => foldChar(unit) !== '');
}

/** Folds a lexicon term the same way as the text (terms never contain lone surrogates). */
export function foldTerm(term: string): string {
  return foldText(term).text;
}

/** The original text of a folded range, trimmed, as the person typed it. */
export function originalSlice(input: string, folded: TFoldedText, start: number, end: number): string {
  const from = folded.origin[start] ?? 0;
  const to = folded.originEnd[end - 1] ?? from;
  return input.slice(from, to).trim();
}
