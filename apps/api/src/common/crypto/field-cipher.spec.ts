import { randomBytes } from 'node:crypto';
import {
  blindIndexToken,
  CIPHERTEXT_PREFIX,
  dataKeyIdOf,
  decryptBuffer,
  decryptString,
  DecryptionError,
  deriveIndexKey,
  encryptBuffer,
  encryptString,
  isEncrypted,
  type Keyring,
} from './field-cipher';

const where = { table: 'users', column: 'totp_secret', rowId: '7f2b4a52-6c1e-4a57-9d1f-1f8a3c2b9e10' };
const keyring = (): Keyring => {
  const id = '5b0c1f2e-0000-4000-8000-000000000001';
  return { activeId: id, keys: new Map([[id, randomBytes(32)]]) };
};

describe('field cipher', () => {
  it('round-trips text, never storing it in clear, with a fresh IV each time', () => {
    const ring = keyring();
    const a = encryptString(ring, 'JBSWY3DPEHPK3PXP', where);
    const b = encryptString(ring, 'JBSWY3DPEHPK3PXP', where);
    expect(a.startsWith(`${CIPHERTEXT_PREFIX}v1:${ring.activeId}:`)).toBe(true);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(a).not.toBe(b);
    expect(dataKeyIdOf(a)).toBe(ring.activeId);
    expect(decryptString(ring, a, where)).toEqual({
      value: 'JBSWY3DPEHPK3PXP',
      legacy: false,
      dataKeyId: ring.activeId,
    });
    expect(decryptString(ring, encryptString(ring, '相談内容 🙂', where), where).value).toBe('相談内容 🙂');
  });

  it('fails when the value is moved to another row or column (AAD)', () => {
    const ring = keyring();
    const stored = encryptString(ring, 'secret', where);
    expect(() => decryptString(ring, stored, { ...where, rowId: 'another-row' })).toThrow(DecryptionError);
    expect(() => decryptString(ring, stored, { ...where, column: 'email' })).toThrow(DecryptionError);
  });

  it('fails under a wrong data key, and on any altered byte, never returning a value', () => {
    const ring = keyring();
    const stored = encryptString(ring, 'secret', where);
    const wrong: Keyring = { activeId: ring.activeId, keys: new Map([[ring.activeId, randomBytes(32)]]) };
    expect(() => decryptString(wrong, stored, where)).toThrow(/authentication failed/);
    const body = stored.slice(stored.lastIndexOf(':') + 1);
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    const tampered = stored.slice(0, stored.lastIndexOf(':') + 1) + flipped.toString('base64url');
    expect(() => decryptString(ring, tampered, where)).toThrow(DecryptionError);
    expect(() => decryptString(ring, `${stored}x:y`, where)).toThrow(/malformed/);
    expect(() => decryptString({ activeId: 'x', keys: new Map() }, stored, where)).toThrow(/not available/);
    expect(() => decryptString(ring, 'enc:v9:abc', where)).toThrow(/unknown ciphertext version/);
  });

  it('recognises clear legacy values and passes them through as legacy', () => {
    const ring = keyring();
    expect(isEncrypted('JBSWY3DPEHPK3PXP')).toBe(false);
    expect(dataKeyIdOf('JBSWY3DPEHPK3PXP')).toBeNull();
    expect(decryptString(ring, 'JBSWY3DPEHPK3PXP', where)).toEqual({
      value: 'JBSWY3DPEHPK3PXP',
      legacy: true,
      dataKeyId: null,
    });
  });

  it('round-trips buffers with the same guarantees', () => {
    const ring = keyring();
    const plain = randomBytes(1000);
    const stored = encryptBuffer(ring, plain, where);
    expect(stored.includes(plain.subarray(0, 32))).toBe(false);
    expect(decryptBuffer(ring, stored, where).value.equals(plain)).toBe(true);
    expect(() => decryptBuffer(ring, stored, { ...where, rowId: 'other' })).toThrow(DecryptionError);
    stored[stored.length - 1]! ^= 1;
    expect(() => decryptBuffer(ring, stored, where)).toThrow(DecryptionError);
    expect(decryptBuffer(ring, Buffer.from('%PDF-1.7'), where)).toMatchObject({ legacy: true });
  });

  it('gives each blind index its own key: equal values match within an index only', () => {
    const root = randomBytes(32);
    const phones = deriveIndexKey(root, 'intakes.contact.phone');
    const emails = deriveIndexKey(root, 'intakes.contact.email');
    expect(blindIndexToken(phones, '09012345678')).toBe(blindIndexToken(phones, '09012345678'));
    expect(blindIndexToken(phones, '09012345678')).not.toBe(blindIndexToken(phones, '09012345679'));
    expect(blindIndexToken(phones, '09012345678')).not.toBe(blindIndexToken(emails, '09012345678'));
    expect(blindIndexToken(deriveIndexKey(randomBytes(32), 'intakes.contact.phone'), '09012345678')).not.toBe(
      blindIndexToken(phones, '09012345678'),
    );
  });
});
