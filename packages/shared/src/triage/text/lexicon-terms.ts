import { createHash } from 'node:crypto';

import { expandAlternatives } from './expand';
import { LEXICON, LEXICON_COMBOS } from './lexicon';

/** Every written Japanese term of the lexicon after `(a|b)` expansion, sorted and unique. */
export function japaneseLexiconTerms(): string[] {
  const terms = new Set<string>();
  const add = (list: readonly string[] | undefined) => {
    for (const term of list ?? []) {
      for (const expanded of expandAlternatives(term)) {
        terms.add(expanded);
      }
    }
  };
  for (const group of LEXICON) {
    add(group.ja);
  }
  for (const combo of LEXICON_COMBOS) {
    for (const part of combo.allOf) {
      add(part.ja);
    }
  }
  return [...terms].sort();
}

/** Identifies a term list, so a stale readings file is caught by a test rather than by a missed message. */
export function termsDigest(terms: readonly string[]): string {
  return createHash('sha256').update(terms.join('\n')).digest('hex').slice(0, 16);
}
