/**
 * A token bucket: `ratePerSecond` tokens a second, at most `burst` saved up. `take()` answers at once
 * and does no I/O, so refusing costs almost nothing — the point when the caller is a flood.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    /** Milliseconds from any fixed origin (tests pass their own). */
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = nowMs();
  }

  take(): boolean {
    const now = this.nowMs();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}
