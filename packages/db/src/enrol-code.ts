import { createHash, randomInt } from 'node:crypto';
import { formatReadable, READABLE_ALPHABET } from '@madoguchi/shared';

/**
 * A one-time enrolment code such as `K7QP-4MZT-8WXY` (60 bits, the receipt numbers' alphabet): an admin
 * hands it over apart from the temporary password, so knowing the password alone is not enough to enrol a
 * second factor.
 */
export function newEnrolCode(): string {
  const chars = Array.from({ length: 12 }, () => READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)]);
  return formatReadable(chars.join(''), 4);
}

/** High-entropy, single-use and short-lived: a plain keyed-by-purpose hash is enough. */
export function enrolCodeHash(code: string): string {
  const canonical = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHash('sha256').update(`madoguchi-enrol:${canonical}`).digest('hex');
}
