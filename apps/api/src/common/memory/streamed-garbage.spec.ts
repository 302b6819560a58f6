import { noteStreamedBytes, STREAMED_GARBAGE_BYTES } from './streamed-garbage';

const holder = globalThis as { gc?: (options?: { type?: string }) => void };
const original = holder.gc;

afterEach(() => {
  holder.gc = original;
});

it('asks for a young-generation collection once per STREAMED_GARBAGE_BYTES streamed, not per chunk', () => {
  const calls: unknown[] = [];
  holder.gc = (options) => calls.push(options);
  const chunk = 64 * 1024;
  // Start from a fresh count: stream until the first collection.
  while (calls.length === 0) {
    noteStreamedBytes(chunk);
  }
  calls.length = 0;
  for (let sent = 0; sent < 4 * STREAMED_GARBAGE_BYTES; sent += chunk) {
    noteStreamedBytes(chunk);
  }
  expect(calls).toEqual([{ type: 'minor' }, { type: 'minor' }, { type: 'minor' }, { type: 'minor' }]);
});

it('does nothing when the process does not expose gc', () => {
  holder.gc = undefined;
  expect(() => noteStreamedBytes(2 * STREAMED_GARBAGE_BYTES)).not.toThrow();
});
