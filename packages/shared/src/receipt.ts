import { nfkc } from './normalize';

/**
 * Characters for receipt numbers and access codes: read aloud over the phone and copied from
 * paper, so 0/O and 1/I (easily confused) are left out. 32 symbols = 5 bits each.
 */
export const READABLE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const RECEIPT_LENGTH = 8; // 40 bits: unique per case, checked by the database
export const ACCESS_CODE_LENGTH = 10; // 50 bits, and wrong look-ups back off per (receipt, address)

/** Groups of four/five with hyphens, the way it is printed and read out: `K7QP-4MZT`. */
export function formatReadable(raw: string, group: number): string {
  return raw.match(new RegExp(`.{1,${group}}`, 'g'))?.join('-') ?? '';
}

/**
 * What a person types back (full-width, lower case, spaces, hyphens) in canonical form, or null
 * when it cannot be one of ours. Characters we never issue (0, O, 1, I) are rejected rather than
 * guessed at, so a typo is reported instead of silently matching something else.
 */
export function canonicalReadable(input: string, length: number, group: number): string | null {
  const compact = nfkc(input)
    .toUpperCase()
    .replace(/[\s\-‐‑–—ー]/g, '');
  if (compact.length !== length || [...compact].some((c) => !READABLE_ALPHABET.includes(c))) {
    return null;
  }
  return formatReadable(compact, group);
}

export const canonicalReceiptNumber = (input: string) => canonicalReadable(input, RECEIPT_LENGTH, 4);
export const canonicalAccessCode = (input: string) => canonicalReadable(input, ACCESS_CODE_LENGTH, 5);
