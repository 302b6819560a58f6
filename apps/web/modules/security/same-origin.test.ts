/** @jest-environment node */
import { isCrossSiteRequest } from './same-origin';

const HOST = 'madoguchi.example';

function check(headers: Record<string, string>): boolean {
  return isCrossSiteRequest(new Headers({ host: HOST, ...headers }));
}

describe('isCrossSiteRequest', () => {
  it('lets a post from this site through', () => {
    expect(check({ origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(check({ origin: `https://${HOST}` })).toBe(false);
    // Behind the desk's reverse proxy: the host the person used.
    expect(
      isCrossSiteRequest(
        new Headers({ host: '127.0.0.1:3000', 'x-forwarded-host': HOST, origin: `https://${HOST}` }),
      ),
    ).toBe(false);
  });

  it('refuses another site, a sibling subdomain, and an opaque origin', () => {
    expect(check({ origin: 'https://attacker.example' })).toBe(true);
    expect(check({ origin: `https://${HOST}`, 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(check({ origin: `https://shop.${HOST}`, 'sec-fetch-site': 'same-site' })).toBe(true);
    expect(check({ origin: 'null' })).toBe(true);
  });
});
