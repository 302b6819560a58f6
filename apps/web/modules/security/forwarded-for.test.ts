/** @jest-environment node */
import { trustedForwardedFor } from './forwarded-for';

describe('trustedForwardedFor', () => {
  const original = process.env.MADOGUCHI_CLIENT_ADDRESS;
  afterEach(() => {
    process.env.MADOGUCHI_CLIENT_ADDRESS = original;
    jest.restoreAllMocks();
  });

  it('passes on the one address server.mjs wrote', () => {
    process.env.MADOGUCHI_CLIENT_ADDRESS = 'server.mjs';
    expect(trustedForwardedFor('198.51.100.7')).toBe('198.51.100.7');
    expect(trustedForwardedFor('2001:db8::1')).toBe('2001:db8::1');
  });

  it('passes on nothing server.mjs would not have written', () => {
    process.env.MADOGUCHI_CLIENT_ADDRESS = 'server.mjs';
    expect(trustedForwardedFor('203.0.113.1, 198.51.100.7')).toBeUndefined();
    expect(trustedForwardedFor('unknown')).toBeUndefined();
    expect(trustedForwardedFor('')).toBeUndefined();
    expect(trustedForwardedFor(null)).toBeUndefined();
  });

  it('passes on nothing, and says why once, when the app was not started through server.mjs', () => {
    delete process.env.MADOGUCHI_CLIENT_ADDRESS;
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(trustedForwardedFor('198.51.100.7')).toBeUndefined();
    expect(trustedForwardedFor('198.51.100.8')).toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('server.mjs');
  });
});
