import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeyError, LocalKeyEncryptionKey, parseKek, resolveKek } from './key-encryption-key';

describe('key-encryption key', () => {
  it('wraps and unwraps a data key; another KEK cannot unwrap it and has another id', async () => {
    const kek = new LocalKeyEncryptionKey(randomBytes(32));
    const other = new LocalKeyEncryptionKey(randomBytes(32));
    const dataKey = randomBytes(32);
    const wrapped = await kek.wrap(dataKey);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect((await kek.unwrap(wrapped)).equals(dataKey)).toBe(true);
    await expect(other.unwrap(wrapped)).rejects.toThrow(KeyError);
    expect(kek.id).toMatch(/^local:[0-9a-f]{16}$/);
    expect(other.id).not.toBe(kek.id);
  });

  it('refuses a key that is not base64 of 32 bytes, saying what is expected', () => {
    expect(() => parseKek('too short', 'MADOGUCHI_KEK')).toThrow(/MADOGUCHI_KEK must hold the base64 of 32/);
    expect(() => parseKek(randomBytes(16).toString('base64'), 'MADOGUCHI_KEK')).toThrow(KeyError);
  });

  it('in production refuses to run without a key; elsewhere creates a private local key file once', () => {
    expect(() => resolveKek({ NODE_ENV: 'production' })).toThrow(
      /MADOGUCHI_KEK or MADOGUCHI_KEK_FILE is required/,
    );
    const cwd = mkdtempSync(path.join(tmpdir(), 'madoguchi-kek-'));
    const first = resolveKek({ NODE_ENV: 'development' }, cwd);
    expect(first.generated).toBe(true);
    expect(first.source).toBe(path.join(cwd, '.data/keys/kek'));
    expect(statSync(first.source).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(first.source)).mode & 0o777).toBe(0o700);
    // …and only it: the embedded PostgreSQL (its own system user when run as root) must still reach .data.
    expect(statSync(path.join(cwd, '.data')).mode & 0o777).not.toBe(0o700);
    const second = resolveKek({ NODE_ENV: 'development' }, cwd);
    expect(second).toMatchObject({ generated: false, source: first.source });
    expect(second.kek.id).toBe(first.kek.id);
    // A named file that does not exist is an error, never silently replaced by a new key.
    expect(() => resolveKek({ NODE_ENV: 'production', MADOGUCHI_KEK_FILE: 'missing' }, cwd)).toThrow(
      /does not exist/,
    );
  });
});
