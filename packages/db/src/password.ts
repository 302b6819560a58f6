import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
export const ARGON2ID = 2;

// argon2id at m=64 MiB, t=3, p=1: above OWASP's minimum for staff passwords. (@node-rs/argon2 ships
// prebuilt binaries per platform without install scripts; the `argon2` package's prebuilt binary
// crashed on load on Node 20 here.)
const PASSWORD_HASH = { algorithm: ARGON2ID, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

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
