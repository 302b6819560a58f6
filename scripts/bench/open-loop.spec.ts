import { percentile, runOpenLoop, type Clock, type Outcome } from './open-loop';

/**
 * Virtual time: `sleepUntil` runs every timer due by then in order (letting the promise callbacks each one
 * starts run at that instant) and then moves the time on. Nothing sleeps.
 */
class FakeClock implements Clock {
  private time = 0;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  private seq = 0;

  now(): number {
    return this.time;
  }

  /** Calls `fire` `ms` from now (virtual). */
  after(ms: number, fire: () => void): void {
    this.timers.push({ at: this.time + ms, seq: this.seq++, fire });
  }

  async sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) {
        return;
      }
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > at) {
        break;
      }
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.fire();
      await flush();
    }
    this.time = Math.max(this.time, at);
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A server that answers request i after `serviceMs(i)` virtual milliseconds with `outcome(i)`. */
function server(
  clock: FakeClock,
  serviceMs: (index: number) => number,
  outcome: (index: number) => Outcome = () => ({ status: 200, retryAfter: false }),
) {
  const sentAt: number[] = [];
  const send = (index: number) =>
    new Promise<Outcome>((resolve) => {
      sentAt[index] = clock.now();
      clock.after(serviceMs(index), () => resolve(outcome(index)));
    });
  return { send, sentAt };
}

describe('runOpenLoop', () => {
  it('sends on the schedule whatever the answers, and times each request from its scheduled send', async () => {
    const clock = new FakeClock();
    // 10/s for 1 s; every answer takes 250 ms, far longer than the 100 ms between sends.
    const target = server(clock, () => 250);
    const result = await runOpenLoop({
      ratePerSec: 10,
      durationSec: 1,
      maxInFlight: 100,
      graceMs: 1000,
      send: target.send,
      expectStatus: [200],
      clock,
    });
    expect(target.sentAt).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(result).toMatchObject({ scheduled: 10, sent: 10, ok: 10, errors: 0, notSent: 0, unfinished: 0 });
    expect(result.latencies).toEqual(Array(10).fill(250));
    expect(result.throughputPerSec).toBe(10);
  });

  it('counts the queue a slow server builds: latency from the schedule, not from when the client got to send', async () => {
    const clock = new FakeClock();
    // A server that handles one request at a time, 150 ms each, at 10 requests/s: each waits 50 ms longer.
    let freeAt = 0;
    const target = server(clock, () => {
      const begin = Math.max(clock.now(), freeAt);
      freeAt = begin + 150;
      return freeAt - clock.now();
    });
    const result = await runOpenLoop({
      ratePerSec: 10,
      durationSec: 1,
      maxInFlight: 100,
      graceMs: 5000,
      send: target.send,
      expectStatus: [200],
      clock,
    });
    expect(result.latencies).toEqual([150, 200, 250, 300, 350, 400, 450, 500, 550, 600]);
    expect(result.p50Ms).toBe(350);
    expect(result.p95Ms).toBe(600);
    expect(result.p99Ms).toBe(600);
  });

  it('counts a late send from its scheduled time (the client lagging is not hidden)', async () => {
    const clock = new FakeClock();
    const late: Clock = {
      now: () => clock.now(),
      // The client's timer fires 30 ms late.
      sleepUntil: (at, signal) => clock.sleepUntil(at + 30, signal),
    };
    const target = server(clock, () => 10);
    const result = await runOpenLoop({
      ratePerSec: 5,
      durationSec: 1,
      maxInFlight: 10,
      graceMs: 100,
      send: target.send,
      expectStatus: [200],
      clock: late,
    });
    expect(result.latencies).toEqual(Array(5).fill(40));
    expect(result.sendLagP99Ms).toBe(30);
  });

  it('never drops silently: requests due beyond the in-flight bound are counted as not sent and as errors', async () => {
    const clock = new FakeClock();
    const target = server(clock, () => 1000);
    const result = await runOpenLoop({
      ratePerSec: 10,
      durationSec: 1,
      maxInFlight: 3,
      graceMs: 2000,
      send: target.send,
      expectStatus: [200],
      clock,
    });
    expect(result).toMatchObject({ scheduled: 10, sent: 3, notSent: 7, ok: 3, errors: 7 });
    expect(result.errorDetail).toEqual({ notSent: 7 });
  });

  it('separates shed 503s (with Retry-After) from other 5xx, socket failures and unexpected statuses', async () => {
    const clock = new FakeClock();
    const outcomes: Outcome[] = [
      { status: 201, retryAfter: false },
      { status: 503, retryAfter: true },
      { status: 503, retryAfter: false },
      { status: 500, retryAfter: false },
      { failure: 'socket' },
      { status: 400, retryAfter: false },
      { status: 201, retryAfter: false },
      { status: 503, retryAfter: true },
    ];
    const target = server(
      clock,
      () => 5,
      (i) => outcomes[i]!,
    );
    const result = await runOpenLoop({
      ratePerSec: 8,
      durationSec: 1,
      maxInFlight: 10,
      graceMs: 100,
      send: target.send,
      expectStatus: [201],
      clock,
    });
    expect(result).toMatchObject({ ok: 2, errors: 6, shed503: 2, status5xx: 2 });
    expect(result.errorDetail).toEqual({ '503': 1, '500': 1, socket: 1, '400': 1, '503-retry-after': 2 });
  });

  it('counts requests unanswered after the grace period with their wait so far', async () => {
    const clock = new FakeClock();
    // The second request never gets an answer within the run.
    const target = server(clock, (i) => (i === 1 ? 60_000 : 20));
    const result = await runOpenLoop({
      ratePerSec: 2,
      durationSec: 1,
      maxInFlight: 10,
      graceMs: 1000,
      send: target.send,
      expectStatus: [200],
      clock,
    });
    // Sent at 500 ms; the wait ends 1,000 ms after the last send.
    expect(result).toMatchObject({ ok: 1, errors: 1, unfinished: 1 });
    expect(result.latencies).toEqual([20, 1000]);
  });
});

describe('percentile', () => {
  it('is the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([], 0.99)).toBe(0);
  });
});
