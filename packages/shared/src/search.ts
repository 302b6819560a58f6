import { nfkc } from './normalize';

/**
 * Case search without a tokenizer. Japanese has no spaces between words and the words that matter
 * are short (詐欺, 請求), and counselors search for fragments of phone numbers ("8765" of
 * 090-8765-4321), so neither full-text search nor trigrams fit. Instead every case keeps
 *
 *   search_text   its normalised text (NFKC, lower case, one space for any run of whitespace), and
 *   search_grams  the distinct character bigrams of that text, under a GIN index.
 *
 * A query term of two or more characters is looked up as `search_grams @> <its bigrams>` (served by
 * the index) and then confirmed with `search_text LIKE '%term%'` (bigrams only narrow the rows:
 * "詐欺" and "欺詐" share none, but "ab" + "bc" are also in "abxbc"). A one-character term has no
 * bigram, so it is only a LIKE over the rows the other filters leave.
 */

/** Search is for finding a case, not for reading one: a longer query is a mistake. */
export const MAX_SEARCH_QUERY_LENGTH = 100;
export const MAX_SEARCH_TERMS = 8;

/**
 * Digits joined by what people type between the groups of a phone number: spaces, hyphens (and the
 * dashes IMEs produce, incl. ー), parentheses. Each alternative consumes a digit, so no backtracking.
 */
const DIGIT_RUN = /\+?\d(?:[\s()\-\u2010-\u2015\u2212\u30FC]*\d)*/g;
// The separator between parts of a document: whitespace is collapsed to ' ', so no term can contain it.
const PART_SEPARATOR = '\n';

/** NFKC, lower case, whitespace collapsed: the same folding for documents and queries. */
export function normalizeSearchText(value: string): string {
  return nfkc(value).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** `090-8765 4321` → `09087654321`, `+81 90…` → `+8190…`; other text unchanged. */
function joinDigitRuns(text: string): string {
  return text.replace(DIGIT_RUN, (run) => (run.startsWith('+') ? '+' : '') + run.replace(/\D/g, ''));
}

function bigrams(part: string, into: Set<string>): void {
  const chars = Array.from(part); // code points: a surrogate pair is one character
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    // Query terms never contain whitespace (they are split on it), so such grams could never match.
    if (!/\s/.test(gram)) {
      into.add(gram);
    }
  }
}

export type TSearchIdentifier = { kind: string; value: string; display?: string | null };

export type TSearchSource = {
  receiptNumber?: string | null;
  description?: string | null;
  /** Internal notes and contact-log summaries. */
  notes?: readonly string[];
  identifiers?: readonly TSearchIdentifier[];
  /** The person's own contact details, so a repeat caller without the receipt number is found. */
  contact?: { name?: string | null; phone?: string | null; email?: string | null } | null;
};

export type TSearchDocument = { text: string; grams: string[] };

/** Every form a phone number is searched by: E.164, without the plus, and the national digits. */
function phoneForms(value: string): string[] {
  const digits = value.replace(/\D/g, '');
  const forms = [value, digits];
  if (value.startsWith('+81')) {
    forms.push(`0${digits.slice(2)}`);
  }
  return forms;
}

/**
 * The search document of a case: its receipt number, the description, notes, the person's contact
 * details and every identifier (phones also as digits only: 09087654321, +819087654321). Text with
 * digit groups is kept as written and also with the groups joined, so `090-8765` finds
 * `090 8765 4321` and the reverse. Deterministic: same input, same document.
 */
export function buildSearchDocument(source: TSearchSource): TSearchDocument {
  const raw: string[] = [];
  const add = (value: string | null | undefined) => {
    if (value) {
      raw.push(value);
    }
  };
  add(source.receiptNumber);
  add(source.description);
  source.notes?.forEach(add);
  add(source.contact?.name);
  add(source.contact?.email);
  if (source.contact?.phone) {
    phoneForms(source.contact.phone).forEach(add);
  }
  for (const identifier of source.identifiers ?? []) {
    add(identifier.display);
    if (identifier.kind === 'phone') {
      phoneForms(identifier.value).forEach(add);
    } else {
      add(identifier.value);
    }
  }

  const parts = new Set<string>();
  for (const value of raw) {
    const normalized = normalizeSearchText(value);
    if (normalized) {
      parts.add(normalized);
      parts.add(joinDigitRuns(normalized));
    }
  }
  const grams = new Set<string>();
  parts.forEach((part) => bigrams(part, grams));
  return { text: [...parts].join(PART_SEPARATOR), grams: [...grams].sort() };
}

/**
 * A query as terms that must all occur: normalised like documents, digit groups joined
 * (`090-8765-4321` → `09087654321`), split on whitespace, de-duplicated, at most MAX_SEARCH_TERMS.
 */
export function searchTerms(query: string): string[] {
  const folded = joinDigitRuns(normalizeSearchText(query.slice(0, MAX_SEARCH_QUERY_LENGTH)));
  return [...new Set(folded.split(' ').filter((term) => term.length > 0))].slice(0, MAX_SEARCH_TERMS);
}

/**
 * The distinct bigrams the GIN index is asked for: all bigrams of every term of the query. Empty
 * when every term is a single character (then only LIKE filters; see the module comment).
 */
export function queryGrams(query: string): string[] {
  const grams = new Set<string>();
  searchTerms(query).forEach((term) => bigrams(term, grams));
  return [...grams].sort();
}

/** For `LIKE … ESCAPE '\'`: a term is matched literally, `%` and `_` included. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
