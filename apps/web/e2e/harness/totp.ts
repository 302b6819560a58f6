// TOTP codes as an authenticator app computes them, for browser tests that sign staff in. The API accepts
// each 30-second step once per account (and one step either side for clock drift), so a test file that
// signs the same person in several times asks `nextTotp`, which never hands out a step twice.
import { createHmac, randomBytes } from 'node:crypto';

const PERIOD_MS = 30_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random base32 secret, as the API generates (20 bytes). */
export function newTotpSecret(): string {
  let bits = '';
  for (const byte of randomBytes(20)) {
    bits += byte.toString(2).padStart(8, '0');
  }
  return (bits.match(/.{5}/g) ?? []).map((chunk) => BASE32[parseInt(chunk, 2)]).join('');
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of the step `at` falls in. */
export function totp(base32Secret: string, at = Date.now()): string {
  let bits = '';
  for (const char of base32Secret.replace(/=+$/, '').toUpperCase()) {
    bits += BASE32.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / PERIOD_MS)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
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
