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
