import { HIDDEN_MARK as X, maskCount, maskGroup, maskMedian, maskShare } from './stats-suppression';

const S = '<5';

describe('small-number suppression', () => {
  it('prints 1 to 4 as <5, and 0 and 5 or more as they are', () => {
    expect([0, 1, 4, 5, 12].map(maskCount)).toEqual([0, S, S, 5, 12]);
  });

  it('hides the next smallest cell when a lone <5 could be worked out from the printed total', () => {
    // 20 - 9 - 8 = 3 would give the <5 away.
    expect(maskGroup([3, 9, 8, 0], 20)).toEqual([S, 9, X, 0]);
  });

  it('leaves a group alone when its hidden cells cannot be pinned down', () => {
    // Two <5 summing to 5: (1,4), (2,3)… remain possible.
    expect(maskGroup([2, 3, 10], 15)).toEqual([S, S, 10]);
    // No printed total, nothing to work out from.
    expect(maskGroup([3, 9], null)).toEqual([S, 9]);
    // The cells do not add up to the total (a case may have several categories).
    expect(maskGroup([3, 9], 10)).toEqual([S, 9]);
  });

  it('hides more when the hidden sum still pins a <5 (two cells of 4 sum to 8: both must be 4)', () => {
    expect(maskGroup([4, 4, 6, 30], 44)).toEqual([S, S, X, 30]);
    // 1 + 5 = 6 with an "x" of at least 5 leaves only 1: one more cell is hidden.
    expect(maskGroup([1, 5, 6, 30], 42)).toEqual([S, X, X, 30]);
  });

  it('hides medians over fewer than 5 cases and shares of hidden counts', () => {
    expect(maskMedian(3.5, 4)).toBe(X);
    expect(maskMedian(3.5, 5)).toBe(3.5);
    expect(maskMedian(null, 0)).toBeNull();
    expect(maskShare(0.5, 6, S)).toBe(X);
    expect(maskShare(0.5, 6, 6)).toBe(0.5);
  });
});
