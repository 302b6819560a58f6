/**
 * Streamed bodies leave their garbage outside V8's heap. Every chunk Node reads from a socket is a new
 * Buffer whose bytes are malloc'd; the chunk dies as soon as it is hashed and written, but its memory
 * returns only when V8 collects the small Buffer object that owns it. Little JavaScript is allocated per
 * uploaded megabyte, so young-generation collections are rare during an upload and V8 waits for about
 * 64 MB of such memory before it collects for it: 16 uploads at once added 45–60 MB to the API's RSS.
 *
 * Encryption at rest (stream-cipher.ts) adds about two more buffers of garbage per uploaded byte, hence 2 MB.
 *
 * So after every STREAMED_GARBAGE_BYTES that passed through, a young-generation collection (a scavenge:
 * about a millisecond, it frees the dead chunks' memory) is asked for — when the process exposes `gc`
 * (`--expose-gc`, which npm start, the benchmark and the Docker image set: scripts/lib/api-runtime.ts).
 * Without it nothing happens and V8 decides alone, as before.
 */
export const STREAMED_GARBAGE_BYTES = 2 * 1024 * 1024;

type GcFunction = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let sinceCollection = 0;

export function noteStreamedBytes(bytes: number): void {
  sinceCollection += bytes;
  if (sinceCollection < STREAMED_GARBAGE_BYTES) {
    return;
  }
  sinceCollection = 0;
  const gc = (globalThis as { gc?: GcFunction }).gc;
  gc?.({ type: 'minor' });
}
