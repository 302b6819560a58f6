import { EnvError, loadEnv } from './env';

describe('loadEnv', () => {
  it('applies defaults around a valid DATABASE_URL', () => {
    const env = loadEnv({ DATABASE_URL: 'postgresql://u:p@localhost:5432/db' });
    expect(env).toMatchObject({ PORT: 4000, LOG_LEVEL: 'info', TRUST_PROXY: false });
  });

  it('reads TRUST_PROXY as a flag or a list of proxy addresses', () => {
    const base = { DATABASE_URL: 'postgresql://u:p@localhost:5432/db' };
    expect(loadEnv({ ...base, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadEnv({ ...base, TRUST_PROXY: '127.0.0.1, ::1' }).TRUST_PROXY).toEqual(['127.0.0.1', '::1']);
  });

  it('fails fast with a readable message naming each bad variable', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(EnvError);
    try {
      loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toContain('PORT');
      expect((error as Error).message).toContain('DATABASE_URL must be a postgresql:// URL');
    }
  });
});
