import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
export const ARGON2ID = 2;

// argon2id at m=19 MiB, t=2, p=1: the first of the equivalent settings OWASP's Password Storage Cheat Sheet
// lists for argon2id (its minimum). Until 2026-12-05 it was m=64 MiB, t=3: hashed one at a time (the API's
// PasswordHashing bulkhead), that one 64 MiB block alone put the API over its 300 MB memory target during a
// login flood (docs/performance.md, "Memory, third pass"). Hashes made with other parameters still verify
// (an encoded hash carries its own) and are replaced at the owner's next sign-in (passwordNeedsRehash).
// (@node-rs/argon2 ships prebuilt binaries per platform without install scripts; the `argon2` package's
// prebuilt binary crashed on load on Node 20 here.)
export const PASSWORD_HASH = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Whether a stored hash was made with other parameters than PASSWORD_HASH (or another variant or version):
 * after a successful verification, the caller stores hashPassword(password) instead.
 */
export function passwordNeedsRehash(passwordHash: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  return (
    !match ||
    Number(match[1]) !== PASSWORD_HASH.memoryCost ||
    Number(match[2]) !== PASSWORD_HASH.timeCost ||
    Number(match[3]) !== PASSWORD_HASH.parallelism
  );
}
