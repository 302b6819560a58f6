import { canonicalAccessCode, canonicalReceiptNumber, formatReadable, READABLE_ALPHABET } from './receipt';

describe('readable codes', () => {
  it('never uses characters that are confused when read aloud or copied', () => {
    expect(READABLE_ALPHABET).not.toMatch(/[01OI]/);
    expect(new Set(READABLE_ALPHABET).size).toBe(32);
  });

  it('formats in groups the way it is printed', () => {
    expect(formatReadable('K7QP4MZT', 4)).toBe('K7QP-4MZT');
    expect(formatReadable('ABCDE23456', 5)).toBe('ABCDE-23456');
  });

  it('accepts what people type back: lower case, full-width, spaces and other dashes', () => {
    expect(canonicalReceiptNumber('k7qp-4mzt')).toBe('K7QP-4MZT');
    expect(canonicalReceiptNumber('Ｋ７ＱＰ　４ＭＺＴ')).toBe('K7QP-4MZT');
    expect(canonicalReceiptNumber('K7QPー4MZT')).toBe('K7QP-4MZT');
    expect(canonicalAccessCode('abcde 23456')).toBe('ABCDE-23456');
  });

  it('rejects wrong lengths and characters we never issue', () => {
    expect(canonicalReceiptNumber('K7QP-4MZ')).toBeNull();
    expect(canonicalReceiptNumber('K7QP-4MZO')).toBeNull();
    expect(canonicalAccessCode('ABCDE-2345I')).toBeNull();
  });
});
