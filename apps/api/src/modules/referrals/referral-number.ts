import { tokyoDayOf } from '@madoguchi/shared';
import { randomReadable } from '../../common/readable-code';

/**
 * `R-2026-K7QP4M`: the year (in Japan) and six characters from the alphabet used for receipt numbers, so it reads
 * over the phone. Random rather than counted: a count needs a sequence (no migrations here) or a racy MAX()+1, and
 * a running number printed on letters to outside bodies would tell them how many people the desk sees. 32^6 ≈ 10^9
 * per year; the unique index catches the rare clash and the caller draws again.
 */
export function newReferralNumber(now: Date): string {
  return `R-${tokyoDayOf(now).year}-${randomReadable(6)}`;
}
