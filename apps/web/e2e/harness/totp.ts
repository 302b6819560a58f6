// TOTP codes as an authenticator app computes them, for browser tests that sign staff in. The API accepts
// each 30-second step once per account (and one step either side for clock drift), so a test file that
// signs the same person in several times asks `nextTotp`, which never hands out a step twice.
import { Secret, TOTP } from 'otpauth';

const PERIOD_MS = 30_000;

/** A random base32 secret, as the API generates (20 bytes). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of the step `at` falls in, with the library the API uses. */
export function totp(base32Secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(base32Secret) }).generate({ timestamp: at });
}

const lastStep = new Map<string, number>();

/**
 * A code for a step of this secret not used before in this test file: the current step, else the next
 * one (accepted for drift), else it waits for the clock to move on.
 */
export async function nextTotp(secret: string): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / PERIOD_MS);
    const step = Math.max(current, (lastStep.get(secret) ?? -1) + 1);
    if (step <= current + 1) {
      lastStep.set(secret, step);
      return totp(secret, step * PERIOD_MS);
    }
    await new Promise((resolve) => setTimeout(resolve, (current + 1) * PERIOD_MS - Date.now() + 50));
  }
}
