/** @jest-environment node */
import type { IncomingHttpHeaders } from 'node:http';

import { clientAddress, normalizeAddress, parseTrustProxy, rewriteClientHeaders } from './client-address.mjs';

const NOBODY = parseTrustProxy('false');
const PROXY = '10.0.0.5';

function addressOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: string,
) {
  return clientAddress({ socketAddress, forwardedFor, trust: parseTrustProxy(trust) });
}

describe('clientAddress', () => {
  it('ignores a client’s own X-Forwarded-For when it connects directly (TRUST_PROXY=false)', () => {
    expect(addressOf('198.51.100.7', '203.0.113.1', 'false')).toBe('198.51.100.7');
    expect(addressOf('198.51.100.7', '203.0.113.1, 10.0.0.5', 'false')).toBe('198.51.100.7');
  });

  it('ignores X-Forwarded-For from a peer that is not one of the listed proxies', () => {
    expect(addressOf('198.51.100.7', '203.0.113.1', PROXY)).toBe('198.51.100.7');
    // A client that names a trusted proxy as itself gains nothing either.
    expect(addressOf('198.51.100.7', '203.0.113.1, 10.0.0.5', PROXY)).toBe('198.51.100.7');
  });

  it('takes the address a trusted proxy appended, not what the client put in front of it', () => {
    // nginx's $proxy_add_x_forwarded_for: the client's own value, then the address nginx saw.
    expect(addressOf(PROXY, '203.0.113.1, 198.51.100.7', PROXY)).toBe('198.51.100.7');
  });

  it('walks a chain of trusted proxies from the right to the first address that is not one', () => {
    const trust = '10.0.0.0/8, 192.168.1.1';
    expect(addressOf('10.0.0.5', '203.0.113.1, 198.51.100.7, 192.168.1.1, 10.1.2.3', trust)).toBe(
      '198.51.100.7',
    );
    // Every hop trusted: the left-most address is the client.
    expect(addressOf('10.0.0.5', '10.9.9.9, 10.1.2.3', trust)).toBe('10.9.9.9');
    // A trusted proxy with no header: the request came from the proxy itself (a health check).
    expect(addressOf('10.0.0.5', undefined, trust)).toBe('10.0.0.5');
    expect(addressOf('10.0.0.5', '', trust)).toBe('10.0.0.5');
  });

  it('reads repeated X-Forwarded-For headers as one list', () => {
    expect(addressOf(PROXY, ['203.0.113.1', '198.51.100.7'], PROXY)).toBe('198.51.100.7');
  });

  it('TRUST_PROXY=true believes every hop (only behind a proxy that overwrites the header)', () => {
    expect(addressOf('198.51.100.7', '203.0.113.1, 10.0.0.5', 'true')).toBe('203.0.113.1');
  });

  it('understands proxy-addr’s names for address ranges, as the API does', () => {
    expect(addressOf('127.0.0.1', '198.51.100.7', 'loopback')).toBe('198.51.100.7');
    expect(addressOf('::1', '198.51.100.7', 'loopback')).toBe('198.51.100.7');
    expect(addressOf('172.18.0.4', '198.51.100.7', 'uniquelocal')).toBe('198.51.100.7');
    expect(addressOf('fd00::4', '198.51.100.7', 'uniquelocal')).toBe('198.51.100.7');
    expect(addressOf('fe80::1', '198.51.100.7', 'linklocal')).toBe('198.51.100.7');
    expect(addressOf('198.51.100.9', '203.0.113.1', 'loopback,linklocal,uniquelocal')).toBe('198.51.100.9');
  });

  it('matches IPv4-mapped IPv6 peers (a dual-stack socket) against IPv4 rules and reports plain IPv4', () => {
    expect(addressOf('::ffff:10.0.0.5', '198.51.100.7', PROXY)).toBe('198.51.100.7');
    expect(addressOf('::ffff:198.51.100.7', '203.0.113.1', PROXY)).toBe('198.51.100.7');
    expect(addressOf('::FFFF:10.0.0.5', '::ffff:198.51.100.7', '10.0.0.0/8')).toBe('198.51.100.7');
    // The list `npm start` has always given the API: mapped entries are IPv4 rules.
    expect(addressOf('127.0.0.1', '198.51.100.7', '::ffff:127.0.0.1')).toBe('198.51.100.7');
    expect(addressOf('10.1.2.3', '198.51.100.7', '::ffff:10.0.0.0/104')).toBe('198.51.100.7');
  });

  it('handles IPv6 peers, ranges and entries', () => {
    const trust = '2001:db8:1::/48';
    expect(addressOf('2001:db8:1::5', '2001:DB8:FFFF::1', trust)).toBe('2001:db8:ffff::1');
    expect(addressOf('2001:db8:2::5', '2001:db8:ffff::1', trust)).toBe('2001:db8:2::5');
    expect(addressOf('2001:db8:1::5', '[2001:db8:ffff::1]:4711', trust)).toBe('2001:db8:ffff::1');
    expect(addressOf('fe80::1%eth0', undefined, 'false')).toBe('fe80::1');
  });

  it('drops the port some proxies append to IPv4 entries', () => {
    expect(addressOf(PROXY, '198.51.100.7:50412', PROXY)).toBe('198.51.100.7');
  });

  it('never returns a malformed entry: the walk stops at the last trusted hop', () => {
    for (const junk of [
      'unknown',
      'evil',
      '',
      ' ',
      '1.2.3',
      '01.2.3.4',
      '300.1.1.1',
      '1.2.3.4/8',
      '<script>',
    ]) {
      expect(addressOf(PROXY, junk === '' ? ',' : junk, PROXY)).toBe(PROXY);
      // Junk further left than the client's address does not matter.
      expect(addressOf(PROXY, `${junk}, 198.51.100.7`, PROXY)).toBe('198.51.100.7');
    }
    expect(addressOf('10.0.0.5', '198.51.100.7, garbage, 10.1.2.3', '10.0.0.0/8')).toBe('10.1.2.3');
    // A header far beyond any real chain is no problem either.
    expect(addressOf(PROXY, Array.from({ length: 500 }, () => '10.0.0.5').join(','), PROXY)).toBe(PROXY);
  });

  it('returns null when the socket has no address (the connection is already closed)', () => {
    expect(addressOf(undefined, '198.51.100.7', 'true')).toBeNull();
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['"192.0.2.1"', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['[::1]', '::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:c000:201', '::ffff:c000:201'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it.each(['', 'localhost', '192.0.2', '192.0.2.1.5', '[192.0.2.1]x', '::ffff:999.0.0.1', 'for=192.0.2.1'])(
    'refuses %p',
    (raw) => {
      expect(normalizeAddress(raw)).toBeNull();
    },
  );
});

describe('parseTrustProxy', () => {
  it('reads false, true and empty as the API does', () => {
    expect(parseTrustProxy(undefined).kind).toBe('none');
    expect(parseTrustProxy('').kind).toBe('none');
    expect(parseTrustProxy(' false ').kind).toBe('none');
    expect(parseTrustProxy('true').kind).toBe('all');
  });

  it('accepts IPv4 netmasks as proxy-addr does', () => {
    expect(addressOf('10.20.30.40', '198.51.100.7', '10.0.0.0/255.0.0.0')).toBe('198.51.100.7');
  });

  it.each([
    'yes',
    '10.0.0.0/33',
    '::1/129',
    '10.0.0.0/255.0.255.0',
    '10.0.0.1:80',
    'proxy.internal',
    '10.0.0.0/8/1',
  ])('stops the start on %p with a message naming the entry', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(
      new RegExp(`TRUST_PROXY: "${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`),
    );
  });
});

describe('rewriteClientHeaders', () => {
  const forged = (): IncomingHttpHeaders => ({
    host: 'madoguchi.example.jp',
    'x-forwarded-for': '203.0.113.1',
    'x-real-ip': '203.0.113.2',
    forwarded: 'for=203.0.113.3',
    'x-client-ip': '203.0.113.4',
    'true-client-ip': '203.0.113.5',
    'cf-connecting-ip': '203.0.113.6',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': '443',
    cookie: 'a=b',
  });

  it('leaves a directly connected client exactly one address header: its socket address', () => {
    const headers = forged();
    expect(rewriteClientHeaders(headers, { socketAddress: '::ffff:198.51.100.7', trust: NOBODY })).toBe(
      '198.51.100.7',
    );
    expect(headers).toEqual({
      host: 'madoguchi.example.jp',
      'x-forwarded-for': '198.51.100.7',
      cookie: 'a=b',
    });
  });

  it('keeps what a trusted proxy says about the scheme and host', () => {
    const headers: IncomingHttpHeaders = { ...forged(), 'x-forwarded-for': '203.0.113.1, 198.51.100.7' };
    rewriteClientHeaders(headers, { socketAddress: PROXY, trust: parseTrustProxy(PROXY) });
    expect(headers).toMatchObject({
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(headers['x-real-ip']).toBeUndefined();
    expect(headers.forwarded).toBeUndefined();
  });

  it('removes every address header when the connection has no address left', () => {
    const headers = forged();
    expect(
      rewriteClientHeaders(headers, { socketAddress: undefined, trust: parseTrustProxy('true') }),
    ).toBeNull();
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-real-ip']).toBeUndefined();
  });
});
