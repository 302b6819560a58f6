import { hash } from '@node-rs/argon2';
import { ARGON2ID, hashPassword, PASSWORD_HASH, passwordNeedsRehash, verifyPassword } from '../src/password';

describe('staff password hashes', () => {
  it('are argon2id at m=19 MiB, t=2, p=1 (OWASP): the minimum is not undercut', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(PASSWORD_HASH.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(PASSWORD_HASH.timeCost).toBeGreaterThanOrEqual(2);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'wrong')).toBe(false);
    expect(passwordNeedsRehash(stored)).toBe(false);
  });

  it('made with the earlier parameters (m=64 MiB, t=3) still verify and are marked for a rehash', async () => {
    const earlier = await hash('correct horse battery staple', {
      algorithm: ARGON2ID,
      memoryCost: 65_536,
      timeCost: 3,
      parallelism: 1,
    });
    expect(await verifyPassword(earlier, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(earlier, 'wrong')).toBe(false);
    expect(passwordNeedsRehash(earlier)).toBe(true);
  });

  it('marks other variants and unreadable strings for a rehash, and does not throw on them', async () => {
    expect(passwordNeedsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(passwordNeedsRehash('$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(passwordNeedsRehash('$argon2id$v=19$m=19456,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(passwordNeedsRehash('')).toBe(true);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
