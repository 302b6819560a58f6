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

/** Accepts the current code and one step either side, for clock drift. */
export function verifyTotp(secret: string, code: string): boolean {
  return totp(secret, 'x').validate({ token: code, window: 1 }) !== null;
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
