import { findPhoneNumbersInText } from 'libphonenumber-js';

import { EMAIL_IN_TEXT, nfkc } from './normalize';

/**
 * The queue's excerpt of what the person wrote: one short line under the case, so a counselor sees
 * what a case is about without opening it. The full description stays on the case page (and its
 * read is audited there); the queue shows only this much, with contact details masked, because a
 * queue is on screen for everyone near the desk's PCs.
 */

/** Characters shown (a mask counts as its label's length), before the ellipsis. */
export const EXCERPT_LENGTH = 60;

/**
 * How much of the description the queue reads (`left(description, EXCERPT_SOURCE_LENGTH + 1)`:
 * one more tells whether it went on). Room for collapsed whitespace and masked addresses to still
 * fill EXCERPT_LENGTH; never the whole description, which may be 5,000 characters.
 */
export const EXCERPT_SOURCE_LENGTH = 200;

/** What a masked contact detail reads as. */
export const EXCERPT_MASKS = {
  email: '[メール]',
  phone: '[電話番号]',
  number: '[番号]',
} as const;

// Each mask stands in the text as one private-use character until the cut (the person's own
// private-use characters are removed first), so a mask is never cut in half.
const MASK_CHARS: Record<string, string> = {
  '\uE000': EXCERPT_MASKS.email,
  '\uE001': EXCERPT_MASKS.phone,
  '\uE002': EXCERPT_MASKS.number,
};

/**
 * Characters that are not text: C0/C1 controls (escape sequences, NUL), private use, and the
 * invisible format characters that reorder or hide text (bidi overrides, zero-width space, BOM,
 * soft hyphen). The zero-width joiner stays: emoji sequences need it.
 */
const NOT_TEXT = /[\p{Cc}\p{Co}\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

// What IMEs put between the digits of a phone number (090ー1234ー5678), as in extractIdentifiersFromText.
const DIGIT_DASH = /(\d)[\u2010-\u2015\u2212\u30FC\uFF70](?=\d)/g;

/** Seven digits with what people type between them: the least any phone number the finder knows has. */
const PHONE_DIGITS = /\d(?:[\s()./-]*\d){6}/;

/** Eight or more digits with what people type between groups: an account, card or phone number the finder missed. */
const LONG_NUMBER = /\+?\d(?:[\s()-]*\d){7,}/g;

/** The end of a description cut off by the read: part of an address, a URL or a number. */
const CUT_TOKEN = /[!-~]+$/;
const CUT_NUMBER = /\+?\d[\d\s()-]*$/;

function maskPhones(text: string): string {
  // The finder parses every number it meets (amounts, dates) and is most of an excerpt's cost: a text
  // without seven digits in a row (the fewest of any valid number, with its country code) has no phone number.
  if (!PHONE_DIGITS.test(text)) {
    return text;
  }
  // The finder's "valid" leniency leaves amounts (30000円) and dates alone; LONG_NUMBER catches the rest.
  const found = findPhoneNumbersInText(text, 'JP');
  let out = text;
  for (const match of found.reverse()) {
    out = `${out.slice(0, match.startsAt)}\uE001${out.slice(match.endsAt)}`;
  }
  return out;
}

/**
 * The excerpt of a description, given its first EXCERPT_SOURCE_LENGTH + 1 characters (or all of
 * it): NFKC, control and invisible characters removed, whitespace and line breaks collapsed to one
 * space, e-mail addresses, phone numbers and other long numbers masked, then at most
 * EXCERPT_LENGTH characters with `…` when there was more. Plain text, to be rendered as text.
 * null when nothing is left to show.
 */
export function queueExcerpt(head: string): string | null {
  const chars = Array.from(head);
  const readAll = chars.length <= EXCERPT_SOURCE_LENGTH;
  let text = nfkc(chars.slice(0, EXCERPT_SOURCE_LENGTH).join(''))
    .replace(/\s+/g, ' ')
    .replace(NOT_TEXT, '')
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(DIGIT_DASH, '$1-');
  if (!readAll) {
    // What the read cut through may be the first half of an address or a number, too short to be
    // recognised as one: drop it rather than show it.
    text = text.replace(CUT_TOKEN, '').replace(CUT_NUMBER, '').trimEnd();
  }
  text = text.replace(EMAIL_IN_TEXT, '\uE000');
  text = maskPhones(text).replace(LONG_NUMBER, '\uE002');

  let out = '';
  let used = 0;
  let more = !readAll;
  for (const char of Array.from(text)) {
    const piece = MASK_CHARS[char] ?? char;
    const size = Array.from(piece).length;
    if (used + size > EXCERPT_LENGTH) {
      more = true;
      break;
    }
    out += piece;
    used += size;
  }
  out = out.trimEnd();
  if (out === '') {
    return null;
  }
  return more ? `${out}…` : out;
}
