/*
 * Writes the furigana (kana readings over kanji) of the texts a child reads after sending a consultation
 * (apps/web/modules/intake/furigana-readings.json). Run after changing one of those texts (furigana-texts.ts,
 * or the triage's guidance): `npm run furigana`; furigana.test.ts fails until then.
 *
 * kuromoji (a morphological analyser with its IPA dictionary, as for the triage lexicon) is a development tool
 * only: at run time it would cost ~300 MB on the server, so the web app reads these precomputed readings.
 * Each word's reading is aligned with its spelling so only the kanji get ruby: 受け付け → 受(う)け付(つ)け.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import kuromoji from 'kuromoji';

import { furiganaDigest } from '../apps/web/modules/intake/furigana-digest';
import { furiganaTexts } from '../apps/web/modules/intake/furigana-texts';
import type { TRubySegment } from '../apps/web/modules/intake/furigana-types';

const OUTPUT = join(__dirname, '../apps/web/modules/intake/furigana-readings.json');
const DICTIONARY = join(require.resolve('kuromoji'), '../../dict');

/**
 * The few words the IPA dictionary reads otherwise than a child would: 夜中 is よなか, not やちゅう. Checked by
 * eye on the generated file; add one here when a reading is wrong. 他 alone is ほか ("other", 他の窓口).
 */
const CORRECTIONS: Readonly<Record<string, string>> = { 夜中: 'よなか', 他: 'ほか' };

const KANJI = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;

function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A word's spelling against its reading: each run of kanji takes the part of the reading between the kana
 * around it (付け + つけ → 付 = つ). When they do not line up (digits, irregular spellings) the whole word
 * gets the whole reading.
 */
function alignWord(surface: string, reading: string): TRubySegment[] {
  const runs = surface.match(RUNS) ?? [surface];
  const pattern = runs.map((run) => (KANJI.test(run) ? '(.+?)' : `(${escapeRegExp(toHiragana(run))})`));
  const match = new RegExp(`^${pattern.join('')}$`, 'u').exec(reading);
  if (!match) {
    return [[surface, reading]];
  }
  return runs.map((run, index) => (KANJI.test(run) ? [run, match[index + 1] ?? ''] : run));
}

function segmentsOf(tokens: readonly kuromoji.IpadicFeatures[]): TRubySegment[] {
  const segments: TRubySegment[] = [];
  const push = (segment: TRubySegment) => {
    const last = segments.at(-1);
    if (typeof segment === 'string' && typeof last === 'string') {
      segments[segments.length - 1] = last + segment;
    } else {
      segments.push(segment);
    }
  };
  for (const token of tokens) {
    const surface = token.surface_form;
    const reading =
      CORRECTIONS[surface] ??
      (token.reading && token.reading !== '*' ? toHiragana(token.reading) : undefined);
    if (!KANJI.test(surface) || reading === undefined) {
      push(surface);
      continue;
    }
    for (const segment of alignWord(surface, reading)) {
      push(segment);
    }
  }
  return segments;
}

kuromoji.builder({ dicPath: DICTIONARY }).build((error, tokenizer) => {
  if (error) {
    throw error;
  }
  const texts = furiganaTexts();
  const readings: Record<string, TRubySegment[]> = {};
  for (const text of texts) {
    if (KANJI.test(text)) {
      readings[text] = segmentsOf(tokenizer.tokenize(text));
    }
  }
  const body = { digest: furiganaDigest(texts), texts: texts.length, readings };
  writeFileSync(OUTPUT, `${JSON.stringify(body, null, 1)}\n`);
  console.log(`${texts.length} texts, ${Object.keys(readings).length} with kanji → ${OUTPUT}`);
});
