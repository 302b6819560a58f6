import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

export type IdempotencyContext = {
  /** sha256 of scope + key: the lookup; the key itself is never stored. */
  keyHash: string;
  requestHash: string;
  scope: string;
  seal(reply: unknown): Buffer;
  open(sealed: Uint8Array): unknown;
};

/** Reads an Idempotency-Key header; absent → undefined; malformed → 400. */
export function idempotencyContext(
  header: string | string[] | undefined,
  scope: string,
  body: unknown,
): IdempotencyContext | undefined {
  if (header === undefined) {
    return undefined;
  }
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !KEY_PATTERN.test(key)) {
    throw new AppError('bad_request', {
      message: 'Idempotency-Key must be 8–200 visible ASCII characters',
      details: {
        fields: [
          {
            path: 'Idempotency-Key',
            code: 'invalid_format',
            message: {
              ja: 'Idempotency-Key は8〜200文字の英数字・記号にしてください',
              en: 'Idempotency-Key must be 8–200 visible ASCII characters',
            },
          },
        ],
      },
    });
  }
  // The reply holds the access code; it is encrypted with a key only the client knows.
  const secret = Buffer.from(hkdfSync('sha256', key, 'madoguchi-idempotency', scope, 32));
  return {
    scope,
    keyHash: createHash('sha256').update(`${scope}\0${key}`).digest('hex'),
    requestHash: createHash('sha256').update(stableJson(body)).digest('hex'),
    seal(reply) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify(reply), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    open(sealed) {
      const buf = Buffer.from(sealed);
      const decipher = createDecipheriv('aes-256-gcm', secret, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return JSON.parse(
        Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8'),
      );
    },
  };
}

/** JSON with sorted keys, so the same body hashes the same whatever its key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
