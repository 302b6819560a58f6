import { Logger } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { ShedReport } from './shed-report';

export type BulkheadOptions = {
  name: string;
  /** Requests served at once (at most the pool's connections, so an admitted request never waits on the pool). */
  concurrency: number;
  /** Requests that may wait for a slot; one more is answered 503 at once. */
  queueLength: number;
  /** A waiting request that gets no slot within this time is answered 503 (ms). */
  maxWaitMs: number;
  /** Seconds sent in Retry-After when shedding. */
  retryAfterSeconds: number;
};

type Waiter = { grant: () => void; timer: NodeJS.Timeout };

export type Release = () => void;

/**
 * A semaphore with a bounded queue: admission control ahead of a connection pool. A request is
 * either served, waits a bounded time in a bounded queue, or is told at once to come back later
 * (503 + Retry-After) — before any of its work is done, so a shed request has changed nothing.
 */
export class Bulkhead {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** Requests shed since start (queue full or waited too long). */
  shed = 0;
  private readonly report: ShedReport;

  constructor(readonly options: BulkheadOptions) {
    this.report = new ShedReport(
      new Logger('Admission'),
      (shed) => `The ${options.name} bulkhead is full: ${shed} requests answered 503 since the last report`,
    );
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; rejects with a 503 AppError when overloaded. */
  acquire(): Promise<Release> {
    if (this.active < this.options.concurrency && this.waiting.length === 0) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.queueLength) {
      this.shed++;
      return Promise.reject(this.overloaded());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          this.active++;
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) {
            this.waiting.splice(at, 1);
          }
          this.shed++;
          reject(this.overloaded());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /**
   * A slot now if one is free and no request is waiting for one, else null (never waits, never sheds): for a request
   * already admitted that can use a second connection to finish sooner but does not need one.
   */
  tryAcquire(): Release | null {
    if (this.active < this.options.concurrency && this.waiting.length === 0) {
      this.active++;
      return this.releaser();
    }
    return null;
  }

  /**
   * Sheds at once (503, counted) when every slot is taken and the queue is full: for a request that has work to do
   * before it asks for its slot, which it would lose anyway (a sign-in's look-ups before its password hash).
   */
  shedIfFull(): void {
    if (this.active >= this.options.concurrency && this.waiting.length >= this.options.queueLength) {
      this.shed++;
      throw this.overloaded();
    }
  }

  /** Runs `work` in a slot (see acquire). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      this.active--;
      this.waiting.shift()?.grant();
    };
  }

  private overloaded(): AppError {
    this.report.note();
    return overloadedError(`the ${this.options.name} bulkhead is full`, this.options.retryAfterSeconds);
  }
}

/** The 503 of every shed request: what it says to the person (nothing entered is lost) and when to retry. */
export function overloadedError(why: string, retryAfterSeconds: number): AppError {
  return new AppError('unavailable', {
    message: `Overloaded: ${why}`,
    userMessage: {
      ja: 'ただいま混み合っています。入力した内容はそのままです。少し待ってから、もう一度送ってください。',
      en: 'We are very busy right now. What you entered is kept. Please wait a moment and send it again.',
    },
    details: { reason: 'overloaded', retryable: true, retryAfterSeconds },
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}
