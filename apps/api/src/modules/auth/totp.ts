import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { randomReadable } from '../../common/readable-code';

const ISSUER = 'Madoguchi';

/** RFC 6238 defaults (SHA-1, 6 digits, 30 s): what every authenticator app supports. */
function totp(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

const PERIOD_SECONDS = 30;

/**
 * The 30-second step a code belongs to, or null when it is wrong: the current step and one either side are
 * accepted, for clock drift. The caller records the step so the same code is never accepted twice.
 */
export function totpStep(secret: string, code: string, now: number = Date.now()): number | null {
  const delta = totp(secret, 'x').validate({ token: code, window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** Ten single-use recovery codes such as `K7QP-4MZT-8WXY` (60 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => randomReadable(12).match(/.{4}/g)!.join('-'));
}

/** Recovery codes are high-entropy, so a plain hash is enough (and lets one UPDATE consume a code). */
export function recoveryCodeHash(code: string): string {
  const canonical = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHash('sha256').update(`madoguchi-recovery:${canonical}`).digest('hex');
}
