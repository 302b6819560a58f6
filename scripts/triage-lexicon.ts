/*
 * Writes the kana readings of the triage lexicon (packages/shared/src/triage/text/lexicon-readings.json).
 *
 * Run after changing lexicon.ts: `npm run triage:lexicon`. kuromoji (a morphological analyser with its IPA
 * dictionary) is a development tool only: at run time it would cost ~300 MB and up to a minute on long inputs, so
 * the API reads these precomputed readings instead and only folds kana in the input.
 *
 * For each term, every word may be written in kanji or in kana, so 乗っ取られ gives 乗っ取られ, のっ取られ,
 * 乗っとられ, のっとられ… Kana-only forms shorter than three characters are dropped (さぎ would match うさぎ).
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

const HAS_KANJI = /\p{Script=Han}/u;
const KANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

function toHiragana(katakana: string): string {
  return foldTerm(katakana);
}

function variantsOf(tokens: readonly kuromoji.IpadicFeatures[]): string[] {
  let variants = [''];
  for (const token of tokens) {
    const options = new Set([foldTerm(token.surface_form)]);
    if (HAS_KANJI.test(token.surface_form) && token.reading && token.reading !== '*') {
      options.add(toHiragana(token.reading));
    }
    variants = variants
      .flatMap((prefix) => [...options].map((option) => prefix + option))
      .slice(0, MAX_VARIANTS);
  }
  return variants;
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
