/*
 * Writes the kana readings of the triage lexicon (packages/shared/src/triage/text/lexicon-readings.json).
 *
 * Run after changing lexicon.ts: `npm run triage:lexicon`. kuromoji (a morphological analyser with its IPA
 * dictionary) is a development tool only: at run time it would cost ~300 MB and up to a minute on long inputs, so
 * the API reads these precomputed readings instead and only folds kana in the input.
 *
 * For each term, every word may be written in kanji or in kana, so 乗っ取られ gives 乗っ取られ, のっ取られ,
 * 乗っとられ, のっとられ… Kana-only forms shorter than three characters are dropped (さぎ would match うさぎ).
 * A kanji whose reading is one kana is spelt in kana only where that reading can be trusted, or inside a longer
 * run of kanji spelt in kana: a conjugated verb (来ない → こない, 出て → でて) or a word of its own followed by more of
 * the term (身に → みに, 火を → ひを) may stand alone; affixes (家, 化, 子, 費, 自, 非, 度), stems cut off at the end
 * of a term (持, 使, 死) and compounds the dictionary splits into single kanji (盗撮 → 盗 + 撮) may not. Otherwise
 * the readings make forms nobody writes that match everyday text: と撮 in 友達と撮った, いまからし in
 * いまからしゅくだい, 暗号か in 暗号かな (何度も → なんども and 暗号化 → あんごうか are kept).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import kuromoji from 'kuromoji';

import { foldTerm } from '../packages/shared/src/triage/text/fold';
import { japaneseLexiconTerms, termsDigest } from '../packages/shared/src/triage/text/lexicon-terms';

const OUTPUT = join(__dirname, '../packages/shared/src/triage/text/lexicon-readings.json');
const DICTIONARY = join(require.resolve('kuromoji'), '../../dict');
const MAX_VARIANTS = 32;
const MIN_KANA_ONLY_LENGTH = 3;

/**
 * Kana-only readings that are, or begin, everyday words a child writes in kana: matching them would raise a
 * safety signal on ordinary text. The kanji forms and longer phrases still match.
 */
const EVERYDAY_KANA = new Set([
  'おしい', // 押し入(る) — おしい (惜しい)
  'いしよ', // 遺書 — さいしょ (最初)
  'ほうか', // 放火 — ほうかご (放課後)
  'おそう', // 襲う — おそうじ (掃除)
  'とびこみ', // 飛び込(む) — プールにとびこみ
  'かつた', // 買った, folded (small っ → つ) — しゃべらなかった, よかった; the lexicon spells で/をかった out
]);

const HAS_KANJI = /\p{Script=Han}/u;
const KANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

function toHiragana(katakana: string): string {
  return foldTerm(katakana);
}

/**
 * lone: a one-kana reading that cannot stand alone was chosen and no neighbouring kanji was spelt in kana yet;
 * kana: the previous word was a kanji spelt in kana.
 */
type TVariant = { text: string; lone: boolean; kana: boolean };

function trustedOneKanaReading(token: kuromoji.IpadicFeatures, last: boolean): boolean {
  if (token.pos === '動詞') {
    return !token.conjugated_form.startsWith('体言接続');
  }
  return token.pos === '名詞' && token.pos_detail_1 === '一般' && !last;
}

function variantsOf(tokens: readonly kuromoji.IpadicFeatures[]): string[] {
  let variants: TVariant[] = [{ text: '', lone: false, kana: false }];
  for (const [index, token] of tokens.entries()) {
    const surface = foldTerm(token.surface_form);
    const reading =
      HAS_KANJI.test(token.surface_form) && token.reading && token.reading !== '*'
        ? toHiragana(token.reading)
        : undefined;
    const needsNeighbour =
      reading !== undefined &&
      [...reading].length === 1 &&
      !trustedOneKanaReading(token, index === tokens.length - 1);
    variants = variants
      .flatMap((prefix): TVariant[] => {
        // Spelling this word as written ends any run of kana readings: a lone reading before it stays lone.
        const asWritten = prefix.lone ? [] : [{ text: prefix.text + surface, lone: false, kana: false }];
        if (reading === undefined) {
          return asWritten;
        }
        const asRead = {
          text: prefix.text + reading,
          lone: needsNeighbour && !prefix.kana,
          kana: true,
        };
        return [...asWritten, asRead];
      })
      .slice(0, MAX_VARIANTS);
  }
  return variants.filter((variant) => !variant.lone).map((variant) => variant.text);
}

kuromoji.builder({ dicPath: DICTIONARY }).build((error, tokenizer) => {
  if (error) {
    throw error;
  }
  const terms = japaneseLexiconTerms();
  const readings: Record<string, string[]> = {};
  for (const term of terms) {
    const surface = foldTerm(term);
    const extra = variantsOf(tokenizer.tokenize(term)).filter(
      (variant) =>
        variant !== surface &&
        !EVERYDAY_KANA.has(variant) &&
        (!KANA_ONLY.test(variant) || KANA_ONLY.test(surface) || variant.length >= MIN_KANA_ONLY_LENGTH),
    );
    if (extra.length > 0) {
      readings[term] = [...new Set(extra)].sort();
    }
  }
  const body = { digest: termsDigest(terms), terms: terms.length, readings };
  writeFileSync(OUTPUT, `${JSON.stringify(body, null, 1)}\n`);
  console.log(`${terms.length} terms, ${Object.keys(readings).length} with readings → ${OUTPUT}`);
});
