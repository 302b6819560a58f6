import { AppError } from '../errors/app-error';
import { Bulkhead } from './bulkhead';

const bulkhead = () =>
  new Bulkhead({ name: 'test', concurrency: 1, queueLength: 1, maxWaitMs: 5_000, retryAfterSeconds: 7 });

describe('Bulkhead.shedIfFull', () => {
  it('sheds with 503 + Retry-After only while every slot is taken and the queue is full', async () => {
    const b = bulkhead();
    expect(() => b.shedIfFull()).not.toThrow();
    const first = await b.acquire();
    expect(() => b.shedIfFull()).not.toThrow(); // the queue still has room
    const second = b.acquire();
    let shed: unknown;
    try {
      b.shedIfFull();
    } catch (error) {
      shed = error;
    }
    expect(shed).toBeInstanceOf(AppError);
    expect((shed as AppError).status).toBe(503);
    expect((shed as AppError).options.headers).toEqual({ 'retry-after': '7' });
    expect(b.shed).toBe(1);

    first();
    (await second)();
    expect(() => b.shedIfFull()).not.toThrow();
    expect(b.shed).toBe(1);
  });
});

describe('Bulkhead.tryAcquire', () => {
  it('takes a free slot, but not one a queued request waits for, and never sheds', async () => {
    const b = new Bulkhead({
      name: 'test',
      concurrency: 2,
      queueLength: 1,
      maxWaitMs: 5_000,
      retryAfterSeconds: 7,
    });
    const first = await b.acquire();
    const spare = b.tryAcquire();
    expect(spare).not.toBeNull();
    expect(b.inUse).toBe(2);
    expect(b.tryAcquire()).toBeNull();

    // A request queues behind the two; the slot the spare frees is its, not another spare's.
    const queued = b.acquire();
    spare!();
    expect(b.tryAcquire()).toBeNull();
    const third = await queued;
    expect(b.inUse).toBe(2);
    expect(b.shed).toBe(0);

    first();
    third();
    expect(b.inUse).toBe(0);
    b.tryAcquire()!();
    expect(b.inUse).toBe(0);
  });
});
