import { readdirSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setPriority } from 'node:os';

/**
 * Lowers the scheduling priority (raises the nice value) of libuv's thread pool, where the staff password hash
 * runs (@node-rs/argon2: tens of ms of a core each). The PASSWORD_HASH_CONCURRENCY bulkhead bounds how many hashes
 * run at once, but the one it lets through still competes as an equal with the threads intakes need (the event
 * loop, PostgreSQL): during a login flood it takes a core's worth of CPU for as long as the flood lasts. At a
 * higher nice value the kernel gives it only what the others leave (nice 10 weighs about a tenth of nice 0), so a
 * flood slows down sign-in (and sheds it with 503 beyond the queue), not intakes; on an idle machine a hash takes
 * as long as before.
 *
 * The pool also does file system calls (evidence files), DNS look-ups and image previews: they wait for a core the
 * same way, which is mostly I/O and background work. Linux only (a thread's id is its own process id for
 * setpriority); elsewhere nothing changes. Returns the ids of the threads changed.
 */
export async function lowerThreadPoolPriority(nice: number): Promise<number[]> {
  if (nice === 0 || process.platform !== 'linux') {
    return [];
  }
  // libuv starts all of its threads with the pool's first task.
  await stat('.');
  const changed: number[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'libuv-worker') {
      setPriority(Number(tid), nice);
      changed.push(Number(tid));
    }
  }
  return changed;
}
