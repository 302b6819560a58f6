import { createHash, randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A one-time enrolment code such as `K7QP-4MZT-8WXY` (~59 bits): an admin hands it over apart from the
 * temporary password, so knowing the password alone is not enough to enrol a second factor.
 */
export function newEnrolCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return chars.join('').match(/.{4}/g)!.join('-');
}

/** High-entropy, single-use and short-lived: a plain keyed-by-purpose hash is enough. */
export function enrolCodeHash(code: string): string {
  const canonical = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHash('sha256').update(`madoguchi-enrol:${canonical}`).digest('hex');
}
