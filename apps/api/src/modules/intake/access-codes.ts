import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ACCESS_CODE_LENGTH, formatReadable, RECEIPT_LENGTH } from '@madoguchi/shared';
import { verify } from '@node-rs/argon2';
import { ApiConfig } from '../../config/api-config';
import { randomReadable } from '../../common/readable-code';

export const newReceiptNumber = () => formatReadable(randomReadable(RECEIPT_LENGTH), 4);
export const newAccessCode = () => formatReadable(randomReadable(ACCESS_CODE_LENGTH), 5);

export type AccessCodeKey = { kid: string; key: Buffer };

const PREFIX = 'hmac-sha256';

export type AccessCodeCheck = {
  ok: boolean;
  /** Set when the code was right but the stored hash is argon2id or an older key's: store this instead. */
  rehash?: string;
};

/**
 * Access codes stored as a keyed hash: `hmac-sha256$<kid>$<base64url>`. The code has 50 random bits and
 * online guessing is slowed by back-off, so a slow hash bought nothing online; offline, a stolen table
 * without the key (which lives outside the database) cannot be checked at all. It costs microseconds
 * where argon2id cost ~12 ms of CPU per intake. Rows written before this (`$argon2id$…`) are still
 * verified with argon2 and re-hashed at their next successful look-up.
 */
@Injectable()
export class AccessCodeHasher {
  private readonly logger = new Logger(AccessCodeHasher.name);
  private readonly current: AccessCodeKey;
  private readonly byKid: Map<string, Buffer>;

  constructor(config: ApiConfig) {
    const keys = config.env.ACCESS_CODE_KEYS;
    if (keys && keys.length > 0) {
      this.current = keys[0]!;
    } else {
      // Only outside production (env.ts refuses to boot without keys there): codes issued now stop
      // verifying when the process restarts. `npm start` passes a key kept in .data.
      this.current = { kid: 'ephemeral', key: randomBytes(32) };
      this.logger.warn('ACCESS_CODE_KEYS is not set: using a key that lasts until this process stops');
    }
    this.byKid = new Map((keys ?? [this.current]).map((k) => [k.kid, k.key]));
  }

  hash(code: string): string {
    return `${PREFIX}$${this.current.kid}$${mac(this.current.key, code).toString('base64url')}`;
  }

  async check(stored: string, code: string): Promise<AccessCodeCheck> {
    if (stored.startsWith('$argon2')) {
      const ok = await verifyArgon2(stored, code);
      return ok ? { ok, rehash: this.hash(code) } : { ok };
    }
    const [prefix, kid, digest] = stored.split('$');
    const key = kid === undefined ? undefined : this.byKid.get(kid);
    if (prefix !== PREFIX || digest === undefined || !key) {
      // A key retired too early, or a row from elsewhere: the person cannot be let in, but this is no 500.
      this.logger.warn({ kid }, 'access code hash with an unknown key id or format');
      this.burn(code);
      return { ok: false };
    }
    const expected = Buffer.from(digest, 'base64url');
    const actual = mac(key, code);
    const ok = expected.length === actual.length && timingSafeEqual(expected, actual);
    return ok && kid !== this.current.kid ? { ok, rehash: this.hash(code) } : { ok };
  }

  /** The same work as a check, for unknown receipt numbers (no existence oracle by timing). */
  burn(code: string): void {
    timingSafeEqual(mac(this.current.key, code), mac(this.current.key, ''));
  }
}

function mac(key: Buffer, code: string): Buffer {
  return createHmac('sha256', key).update(code, 'utf8').digest();
}

async function verifyArgon2(stored: string, code: string): Promise<boolean> {
  try {
    return await verify(stored, code);
  } catch {
    return false;
  }
}
