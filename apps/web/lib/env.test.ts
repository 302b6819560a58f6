import { InvalidEnvError, parseServerEnv } from '@/lib/env';

const SECRET = 'x'.repeat(32);

describe('parseServerEnv', () => {
  it('runs in development with nothing set, reaching the API on the loopback address', () => {
    expect(parseServerEnv({ NODE_ENV: 'development' })).toEqual({
      NODE_ENV: 'development',
      API_URL: 'http://127.0.0.1:4000',
    });
  });

  it('stops a production boot without the next-auth URL and secret, naming both', () => {
    expect(() => parseServerEnv({ NODE_ENV: 'production' })).toThrow(InvalidEnvError);
    expect(() => parseServerEnv({ NODE_ENV: 'production' })).toThrow(/NEXTAUTH_URL[\s\S]*NEXTAUTH_SECRET/);
  });

  it('treats an empty variable as unset', () => {
    expect(() =>
      parseServerEnv({
        NODE_ENV: 'production',
        NEXTAUTH_URL: 'https://desk.example.jp',
        NEXTAUTH_SECRET: '',
      }),
    ).toThrow(/NEXTAUTH_SECRET/);
  });

  it('accepts a complete production environment', () => {
    const env = parseServerEnv({
      NODE_ENV: 'production',
      API_URL: 'http://api:4000',
      NEXTAUTH_URL: 'https://desk.example.jp',
      NEXTAUTH_SECRET: SECRET,
    });
    expect(env.API_URL).toBe('http://api:4000');
  });

  it('rejects a short secret and a URL that is not http(s)', () => {
    expect(() => parseServerEnv({ NEXTAUTH_SECRET: 'changeme' })).toThrow(/at least 32 characters/);
    expect(() => parseServerEnv({ API_URL: 'javascript:alert(1)' })).toThrow(/API_URL/);
    expect(() => parseServerEnv({ API_URL: 'not a url' })).toThrow(/API_URL/);
  });
});
