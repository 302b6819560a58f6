import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

import { serverEnv } from '../../lib/env';
import { type TEvidenceOutcome, ZEvidenceOutcome } from './evidence-outcome';

/*
 * The no-JavaScript answer to an upload: the route handler sends the browser on (303) to the result page with
 * the outcome sealed in the query (AES-256-GCM), so a reload or the back button shows it again instead of
 * sending the files twice, and the page keeps the site's layout. Sealed rather than signed: the file names
 * may say something about the person ("threat from my ex.png") and a URL ends up in logs and history; it
 * holds no receipt number or access code. It is short-lived: after TOKEN_TTL_MS the page says it has expired.
 *
 * The key comes from NEXTAUTH_SECRET (required in production, shared by every web process); without it (a
 * local `npm run dev`) each process makes its own, so a token outlives neither a restart nor another process.
 */

export const TOKEN_TTL_MS = 30 * 60 * 1000;

const IV_BYTES = 12;
const TAG_BYTES = 16;

let processKey: Buffer | undefined;

function key(): Buffer {
  const secret = serverEnv().NEXTAUTH_SECRET;
  if (secret) {
    return Buffer.from(hkdfSync('sha256', secret, 'madoguchi', 'evidence-result-token', 32));
  }
  processKey ??= randomBytes(32);
  return processKey;
}

export function sealOutcome(outcome: TEvidenceOutcome, now = Date.now()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const plain = Buffer.from(JSON.stringify({ exp: now + TOKEN_TTL_MS, outcome }), 'utf8');
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The outcome, or undefined for a token that is malformed, forged, from another key, or expired. */
export function openOutcome(token: string, now = Date.now()): TEvidenceOutcome | undefined {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) {
    return undefined;
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    const payload = JSON.parse(plain.toString('utf8')) as { exp?: unknown; outcome?: unknown };
    if (typeof payload.exp !== 'number' || payload.exp < now) {
      return undefined;
    }
    const parsed = ZEvidenceOutcome.safeParse(payload.outcome);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
