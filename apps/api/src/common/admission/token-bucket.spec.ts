import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then the rate, and never saves up more than the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    const takes = (n: number) => Array.from({ length: n }, () => bucket.take()).filter(Boolean).length;

    expect(takes(5)).toBe(3); // the burst, then refused
    now += 100; // 0.1 s at 10/s: one token
    expect(takes(3)).toBe(1);
    now += 50; // half a token is not a token
    expect(takes(1)).toBe(0);
    now += 50;
    expect(takes(1)).toBe(1);
    now += 60_000; // a quiet minute saves up only the burst
    expect(takes(10)).toBe(3);
  });
});
