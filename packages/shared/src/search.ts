import { nfkc } from './normalize';

/**
 * Case search without a tokenizer and without keeping any searchable text in clear. Japanese has no
 * spaces between words and the words that matter are short (詐欺, 請求), and counselors search for
 * fragments of phone numbers ("8765" of 090-8765-4321), so neither full-text search nor trigrams fit.
 * Instead every case keeps, as keyed tokens only (HMAC-SHA-256 under an index key of the key system,
 * truncated to 64 bits: the API's SearchTokens), two sets of this module's clear strings:
 *
 *   grams  the distinct characters and character bigrams of its free text (receipt number,
 *          description, notes and contact-log summaries), under a GIN index: a term matches when
 *          the tokens of all its bigrams (of its one character, for a one-character term) are there;
 *   exact  the normalised whole values of the person's contact details (e-mail, phone forms, name)
 *          and of the identifiers (phone numbers, URLs, account ids…): a term matches only when it
 *          equals one of them. No gram of these values is ever derived.
 *
 * Without the text itself nothing confirms that a term's bigrams are next to each other: "abc"
 * also matches a case whose text has "ab" and "bc" apart ("abxbc"). Such false positives are rare
 * for real words and show a case the counselor then reads; no match is ever missed.
 */

/** Search is for finding a case, not for reading one: a longer query is a mistake. */
export const MAX_SEARCH_QUERY_LENGTH = 100;
export const MAX_SEARCH_TERMS = 8;

/**
 * Digits joined by what people type between the groups of a phone number: spaces, hyphens (and the
 * dashes IMEs produce, incl. ー), parentheses. Each alternative consumes a digit, so no backtracking.
 */
const DIGIT_RUN = /\+?\d(?:[\s()\-\u2010-\u2015\u2212\u30FC]*\d)*/g;

/** NFKC, lower case, whitespace collapsed: the same folding for documents and queries. */
export function normalizeSearchText(value: string): string {
  return nfkc(value).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** `090-8765 4321` → `09087654321`, `+81 90…` → `+8190…`; other text unchanged. */
function joinDigitRuns(text: string): string {
  return text.replace(DIGIT_RUN, (run) => (run.startsWith('+') ? '+' : '') + run.replace(/\D/g, ''));
}

/**
 * The distinct characters and bigrams of a text (code points: a surrogate pair is one character).
 * Query terms never contain whitespace (they are split on it), so grams with whitespace are left out.
 */
function gramsOf(part: string, into: Set<string>): void {
  const chars = Array.from(part);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === ' ') {
      continue;
    }
    into.add(char);
    const next = chars[i + 1];
    if (next !== undefined && next !== ' ') {
      into.add(char + next);
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

/**
 * A case's search document, in clear in memory only: `grams` of its free text and `exact` values of its
 * contact details and identifiers (see the module comment). Only keyed tokens of them are stored.
 */
export type TSearchDocument = { grams: string[]; exact: string[] };

/**
 * Every form a phone number is searched by: as written, E.164, without the plus, and the national
 * digits (a Japanese number given in national form gets its E.164 forms too).
 */
function phoneForms(value: string): string[] {
  const digits = value.replace(/\D/g, '');
  const forms = [value, digits];
  if (value.trim().startsWith('+81')) {
    forms.push(`0${digits.slice(2)}`);
  } else if (/^0\d{9,10}$/.test(digits)) {
    forms.push(`+81${digits.slice(1)}`, `81${digits.slice(1)}`);
  }
  return forms;
}

/** A whole value as a query term spells it: normalised, digit groups joined, no whitespace. */
function exactForm(value: string): string {
  return joinDigitRuns(normalizeSearchText(value)).replace(/ /g, '');
}

/**
 * The search document of a case. Free text (receipt number, description, notes): every distinct
 * character and bigram, of the text as written and with its digit groups joined, so `090-8765`
 * finds `090 8765 4321` written in a description and the reverse. Contact details and identifiers:
 * whole values only (phones also as E.164, digits only and national digits; a name also per part
 * written apart), compared with a term as `exactForm` folds it. Deterministic: same input, same
 * document.
 */
export function buildSearchDocument(source: TSearchSource): TSearchDocument {
  const free: string[] = [];
  const addFree = (value: string | null | undefined) => {
    if (value) {
      free.push(value);
    }
  };
  addFree(source.receiptNumber);
  addFree(source.description);
  source.notes?.forEach(addFree);

  const exact = new Set<string>();
  const addExact = (value: string | null | undefined) => {
    const form = value ? exactForm(value) : '';
    if (form) {
      exact.add(form);
    }
  };
  const name = source.contact?.name;
  if (name) {
    addExact(name);
    normalizeSearchText(name).split(' ').forEach(addExact);
  }
  addExact(source.contact?.email);
  if (source.contact?.phone) {
    phoneForms(source.contact.phone).forEach(addExact);
  }
  for (const identifier of source.identifiers ?? []) {
    addExact(identifier.display);
    if (identifier.kind === 'phone') {
      phoneForms(identifier.value).forEach(addExact);
    } else {
      addExact(identifier.value);
    }
  }

  const parts = new Set<string>();
  for (const value of free) {
    const normalized = normalizeSearchText(value);
    if (normalized) {
      parts.add(normalized);
      parts.add(joinDigitRuns(normalized));
    }
  }
  const grams = new Set<string>();
  parts.forEach((part) => gramsOf(part, grams));
  return { grams: [...grams].sort(), exact: [...exact].sort() };
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
 * The grams a term requires of a case's free text: its bigrams, or its one character. A term is a
 * fixed point of searchTerms (normalised, no whitespace).
 */
export function termGrams(term: string): string[] {
  const chars = Array.from(term);
  if (chars.length === 1) {
    return chars;
  }
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    grams.add(chars[i]! + chars[i + 1]!);
  }
  return [...grams].sort();
}

/** The grams of every term of a query (see termGrams), distinct and sorted. */
export function queryGrams(query: string): string[] {
  const grams = new Set<string>();
  searchTerms(query).forEach((term) => termGrams(term).forEach((gram) => grams.add(gram)));
  return [...grams].sort();
}
