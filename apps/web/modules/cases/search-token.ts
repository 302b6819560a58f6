import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

import { MAX_SEARCH_QUERY_LENGTH } from '@madoguchi/shared';

/*
 * The queue's search term in the page URL, sealed. A counselor searches for phone numbers and names;
 * a plain `?q=090…` would sit in the browser's history, in bookmarks and in any access log between the
 * browser and this server. The term travels instead as `s=<token>`: AES-256-GCM with a key derived
 * (HKDF-SHA-256) from NEXTAUTH_SECRET, the expiry sealed with it. Only this server can open it, nobody
 * can change it unnoticed, and a token left in the history is useless once it expires.
 */

/** Long enough to page through results and come back with the back button; short enough to die in the history. */
export const SEARCH_TOKEN_TTL_MS = 60 * 60 * 1000;

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Room for MAX_SEARCH_QUERY_LENGTH characters of up to 4 UTF-8 bytes each, with its envelope. */
const MAX_TOKEN_LENGTH = 1000;
const AAD = Buffer.from('madoguchi:case-search-term:v1');

export type TOpenedSearch = { ok: true; term: string } | { ok: false; reason: 'expired' | 'invalid' };

function keyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'madoguchi', 'case-search-term-v1', 32));
}

/** Trimmed and capped like the API's `q` (UTF-16 units), without cutting a surrogate pair in half. */
function capped(term: string): string {
  const cut = term.trim().slice(0, MAX_SEARCH_QUERY_LENGTH);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The term, trimmed and capped like the API's `q`, sealed into an opaque base64url token. */
export function sealSearchTerm(term: string, secret: string, now = Date.now()): string {
  const plain = Buffer.from(JSON.stringify({ t: capped(term), e: now + SEARCH_TOKEN_TTL_MS }), 'utf8');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  cipher.setAAD(AAD);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The term of a token this server sealed, unless it was changed, made with another secret, or has expired. */
export function openSearchToken(token: string, secret: string, now = Date.now()): TOpenedSearch {
  const invalid = { ok: false, reason: 'invalid' } as const;
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    return invalid;
  }
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= 1 + IV_BYTES + TAG_BYTES || raw[0] !== VERSION) {
    return invalid;
  }
  let payload: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), raw.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    payload = JSON.parse(plain.toString('utf8'));
  } catch {
    // Tampered, truncated or sealed with another secret (NEXTAUTH_SECRET rotated, dev server restarted).
    return invalid;
  }
  const { t: term, e: expiresAt } = (payload ?? {}) as { t?: unknown; e?: unknown };
  if (typeof term !== 'string' || typeof expiresAt !== 'number') {
    return invalid;
  }
  if (now > expiresAt) {
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, term };
}
