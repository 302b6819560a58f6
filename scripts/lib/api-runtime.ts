// How the API process is run in production: by `npm start`, by the benchmark (which measures it as
// `npm start` runs it) and, written out again, by apps/api/Dockerfile. Measured at a million cases
// (docs/performance.md, "Memory"): without a heap limit V8 on a large machine lets the old
// generation fill with garbage before collecting, and glibc keeps a memory arena per thread. (The
// argon2id binding allocates each hash's block with its own mimalloc, which returns it when the hash is done.)
import os from 'node:os';

/**
 * The API's heap limit in MB. Its live heap is ~75 MB after a full collection; after start-up's peak V8 keeps heap
 * pages resident up to about the limit, so the limit sets the process's base: 128 instead of 160 saves ~50 MB of
 * RSS (every scenario of the full benchmark ≤ 275 MB, docs/performance.md "Memory, third pass"). Start-up once
 * needed ~135 MB of heap for a moment (the triage matcher's build); since that build packs its trie without a map
 * per node, it starts with 112.
 */
export const API_HEAP_MB = 128;
/**
 * The young generation's semi-space in MB (Node 20's default is 16 on a 64-bit machine): short-lived
 * request garbage is collected sooner, so less of it is resident; latency did not suffer (measured).
 */
export const API_SEMI_SPACE_MB = 8;

/**
 * The environment the API process gets on top of the caller's. Settings the caller already made
 * win: a heap or semi-space size or --expose-gc in NODE_OPTIONS, UV_THREADPOOL_SIZE, MALLOC_ARENA_MAX.
 */
export function apiRuntimeEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const nodeOptions = env.NODE_OPTIONS ?? '';
  return {
    NODE_OPTIONS: [
      nodeOptions,
      /--max-old-space-size/.test(nodeOptions) ? '' : `--max-old-space-size=${API_HEAP_MB}`,
      /--max-semi-space-size/.test(nodeOptions) ? '' : `--max-semi-space-size=${API_SEMI_SPACE_MB}`,
      // Uploads ask for a young-generation collection every few MB streamed, so the dead chunks' memory
      // does not pile up outside the heap (apps/api/src/common/memory/streamed-garbage.ts).
      /--expose-gc/.test(nodeOptions) ? '' : '--expose-gc',
    ]
      .filter(Boolean)
      .join(' '),
    // argon2id hashes run on libuv's pool: as many at once as there are cores (the default of four
    // threads would only queue on two cores, each holding its 19 MiB).
    UV_THREADPOOL_SIZE: env.UV_THREADPOOL_SIZE ?? String(Math.max(2, os.availableParallelism())),
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2',
  };
}
