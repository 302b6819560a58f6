import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { PARTNER_LINK_TOKEN_PATTERN, partnerLinkPath } from '@madoguchi/shared';
import { ApiConfig } from '../../config/api-config';

/**
 * Partner link tokens, and why the database never holds one.
 *
 * The token must be printed on the letter (and in its QR code), and the letter can be printed again at any time,
 * yet only a hash may be stored. So the token is not stored random: it is derived, token = HMAC-SHA-256(subkey,
 * "partner-link:v1:" + link id), 256 bits in base64url. The subkey is derived (HKDF) from the current access-code
 * key (ACCESS_CODE_KEYS, which lives outside the database), so it is a different key from the one that hashes access
 * codes. The row keeps the key id it was derived with, and SHA-256 of the token, which is what a lookup compares.
 *
 * - A stolen table (ids and hashes) opens nothing: without the key, no token can be derived from an id, and SHA-256
 *   of a 256-bit value cannot be reversed or guessed.
 * - Reprinting a letter derives the same token again from the id, as long as its key is still configured.
 * - A key rotation leaves issued links working (the lookup needs only the hash); a link whose key was retired can no
 *   longer be reprinted, and the desk reissues it (a new id, a new token; the old link is revoked).
 * - Revoking or reissuing creates a new link id, hence a new token: an old letter stops working.
 */
export type LinkKey = { kid: string; key: Buffer };

const DOMAIN = 'partner-link:v1:';

@Injectable()
export class PartnerLinkTokens {
  private readonly logger = new Logger(PartnerLinkTokens.name);
  private readonly current: LinkKey;
  private readonly byKid: Map<string, Buffer>;
  private readonly webBase: string;

  constructor(config: ApiConfig) {
    const keys = config.env.ACCESS_CODE_KEYS;
    const base = keys && keys.length > 0 ? keys : [{ kid: 'ephemeral', key: randomBytes(32) }];
    if (!keys || keys.length === 0) {
      // Outside production only (env.ts refuses to boot without keys there), as for access codes: links issued now
      // keep working after a restart, but their letters can no longer be reprinted with the link.
      this.logger.warn(
        'ACCESS_CODE_KEYS is not set: partner links can be reprinted until this process stops',
      );
    }
    const derived = base.map((k) => ({ kid: k.kid, key: subkey(k.key) }));
    this.current = derived[0]!;
    this.byKid = new Map(derived.map((k) => [k.kid, k.key]));
    this.webBase = config.env.WEB_PUBLIC_URL.replace(/\/+$/, '');
  }

  /** The key new links are derived with. */
  currentKeyId(): string {
    return this.current.kid;
  }

  /** The link's token, or null when its key is no longer configured (the link must be reissued to print it). */
  token(linkId: string, keyId: string): string | null {
    const key = this.byKid.get(keyId);
    return key
      ? createHmac('sha256', key)
          .update(DOMAIN + linkId, 'utf8')
          .digest('base64url')
      : null;
  }

  url(token: string): string {
    return `${this.webBase}${partnerLinkPath(token)}`;
  }

  /** What the row stores and a lookup compares: hex SHA-256 of the token. */
  hash(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  /** Whether the text can be a token at all: anything else is unknown without a database query. */
  isWellFormed(token: string): boolean {
    return PARTNER_LINK_TOKEN_PATTERN.test(token);
  }
}

function subkey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'madoguchi partner links', 32));
}
