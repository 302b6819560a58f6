import { TROUBLE_CATEGORIES, TROUBLE_CATEGORY_CODES, type TTroubleCategory } from './category';
import { canonicalReceiptNumber } from './receipt';
import { normalizeSearchText } from './search';

/**
 * What a search term means besides the text it is looked up in (search.ts): the name of a category
 * (「架空請求」, 「いじめ」, "phishing") also finds the cases of that category, and a receipt number typed
 * without its hyphen (`k7qp4mzt`, full-width too) also finds the case with that number. Both are
 * worked out here from the labels and the receipt format as they are now, so nothing is stored in
 * the cases' search documents and a renamed label needs no migration.
 */

// A label's parts: 「架空請求・ワンクリック詐欺」 is named by 「架空請求」 as much as by the whole label.
const PART_SEPARATOR = /\s*[・/／]\s*/;
/** English label words too common to name a category on their own ("papers from a court", "not sure"). */
const ENGLISH_STOP_WORDS = new Set(['from', 'not']);
const LATIN_TERM = /^[a-z0-9'"-]+$/;

type LabelIndex = {
  code: TTroubleCategory;
  jaParts: string[];
  enWords: { at: number; word: string }[];
  en: string;
};

const LABELS: readonly LabelIndex[] = TROUBLE_CATEGORY_CODES.map((code) => {
  const { label } = TROUBLE_CATEGORIES[code];
  const en = normalizeSearchText(label.en);
  const ja = normalizeSearchText(label.ja);
  return {
    code,
    jaParts: [ja, ...ja.split(PART_SEPARATOR).filter(Boolean)],
    en,
    enWords: [...en.matchAll(/[a-z0-9]+/g)].map((match) => ({ at: match.index, word: match[0] })),
  };
});

function namesJapanese(term: string, parts: readonly string[]): boolean {
  // A whole part names the category however short (「脅迫」, 「恐喝」). A fragment must be longer: two
  // characters such as 「詐欺」 or 「請求」 are in most descriptions anyway and would turn a text search
  // into "every fraud case", and two kana (「から」, 「ない」) are grammar, not a name.
  const long = Array.from(term).length >= 3;
  return parts.some((part) => part === term || (long && part.includes(term)));
}

function namesEnglish(term: string, label: LabelIndex): boolean {
  // The start of a word ("phish", "bully", "one-click"), at least three letters, not a stop word.
  if (term.length < 3) {
    return false;
  }
  return label.enWords.some(({ at, word }) => !ENGLISH_STOP_WORDS.has(word) && label.en.startsWith(term, at));
}

/**
 * The categories a search term names, in their code order: a term (normalised as searchTerms
 * makes it) that is a part of a category's Japanese label, or three or more characters of one, or
 * the start of a word of its English label.
 */
export function categoriesNamedBy(term: string): TTroubleCategory[] {
  const latin = LATIN_TERM.test(term);
  return LABELS.filter((label) =>
    latin ? namesEnglish(term, label) : namesJapanese(term, label.jaParts),
  ).map((label) => label.code);
}

/**
 * The receipt number a search term spells in another way (no hyphen, another dash, full-width,
 * lower case), as it is in the search documents (lower case, hyphenated); null when the term is
 * not a receipt number or is already written that way.
 */
export function receiptNumberSpelledBy(term: string): string | null {
  const canonical = canonicalReceiptNumber(term)?.toLowerCase();
  return canonical && canonical !== term ? canonical : null;
}
