import { randomInt } from 'node:crypto';
import { READABLE_ALPHABET } from '@madoguchi/shared';

/** `length` random characters from the alphabet that reads safely over the phone (no 0/O, 1/I). */
export function randomReadable(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
  }
  return out;
}
