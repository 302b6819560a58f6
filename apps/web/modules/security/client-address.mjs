// Who is the client? The web app's answer, computed by server.mjs for every request before Next.js
// sees it. Plain JavaScript (types in client-address.d.mts) so server.mjs runs with plain `node`.
//
// TRUST_PROXY has the API's syntax and meaning (apps/api/src/config/env.ts, Fastify's trustProxy,
// which is proxy-addr): `false`, `true`, or a comma-separated list of addresses, CIDR ranges and the
// names `loopback`, `linklocal`, `uniquelocal`.
import { BlockList, isIP } from 'node:net';

/** proxy-addr's named ranges, so one TRUST_PROXY value means the same thing to the web app and the API. */
const NAMED_RANGES = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * One address as it appears in a socket or an X-Forwarded-For entry, in the form the API should see:
 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) as plain IPv4, IPv6 in lower
 * case without a zone, brackets and ports (`[2001:db8::1]:443`, `192.0.2.1:5000`, as some proxies
 * write them) removed. Anything that is not an IP address gives null.
 *
 * @param {string | undefined | null} raw
 * @returns {string | null}
 */
export function normalizeAddress(raw) {
  if (typeof raw !== 'string') {
    return null;
  }
  let value = raw.trim();
  // A quoted value, as in RFC 7239's Forwarded header copied into X-Forwarded-For by some proxies.
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1);
  }
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) {
    value = bracketed[1];
  } else {
    const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
    if (withPort) {
      value = withPort[1];
    }
  }
  const zone = value.indexOf('%');
  if (zone !== -1 && value.includes(':')) {
    value = value.slice(0, zone);
  }
  const mapped = IPV4_MAPPED.exec(value);
  if (mapped) {
    value = mapped[1];
  }
  const version = isIP(value);
  if (version === 4) {
    return value;
  }
  return version === 6 ? value.toLowerCase() : null;
}

/**
 * @param {string} entry one TRUST_PROXY entry: `address`, `address/prefix` or `ipv4/netmask`
 * @param {BlockList} list
 */
function addEntry(entry, list) {
  const invalid = () =>
    new Error(
      `TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or one of ${Object.keys(NAMED_RANGES).join(', ')}`,
    );
  const [rawAddress = '', rawPrefix, ...rest] = entry.split('/');
  if (isIP(rawAddress) === 0 || rest.length > 0) {
    throw invalid();
  }
  // IPv4-mapped entries (`::ffff:127.0.0.1`, as `npm start` has written them) are IPv4 rules, since
  // normalizeAddress() turns such peers into IPv4 before they are checked.
  const mapped = IPV4_MAPPED.exec(rawAddress);
  const address = mapped ? mapped[1] : rawAddress.toLowerCase();
  const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  if (rawPrefix === undefined) {
    list.addAddress(address, type);
    return;
  }
  let prefix;
  if (/^\d{1,3}$/.test(rawPrefix)) {
    prefix = Number(rawPrefix) - (mapped ? 96 : 0);
  } else if (type === 'ipv4' && isIP(rawPrefix) === 4) {
    prefix = netmaskLength(rawPrefix);
  }
  if (prefix === undefined || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) {
    throw invalid();
  }
  list.addSubnet(address, prefix, type);
}

/**
 * @param {string} netmask a dotted IPv4 netmask such as 255.255.0.0
 * @returns {number | undefined} its prefix length; undefined when the mask is not contiguous
 */
function netmaskLength(netmask) {
  const bits = netmask
    .split('.')
    .map((part) => Number(part).toString(2).padStart(8, '0'))
    .join('');
  if (!/^1*0*$/.test(bits)) {
    return undefined;
  }
  const firstZero = bits.indexOf('0');
  return firstZero === -1 ? 32 : firstZero;
}

/**
 * Reads TRUST_PROXY. Throws a readable Error for an entry that is not an address, a range or a name, so
 * a typo stops the start instead of silently trusting nobody (or everybody).
 *
 * @param {string | undefined} value
 * @returns {import('./client-address.d.mts').TTrustProxy}
 */
export function parseTrustProxy(value) {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false') {
    return { kind: 'none' };
  }
  if (text === 'true') {
    return { kind: 'all' };
  }
  const list = new BlockList();
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const named = Object.hasOwn(NAMED_RANGES, entry)
      ? NAMED_RANGES[/** @type {keyof typeof NAMED_RANGES} */ (entry)]
      : null;
    for (const range of named ?? [entry]) {
      addEntry(range, list);
    }
  }
  return { kind: 'list', entries, list };
}

/**
 * @param {import('./client-address.d.mts').TTrustProxy} trust
 * @param {string} address a normalised address
 */
export function isTrustedProxy(trust, address) {
  switch (trust.kind) {
    case 'none':
      return false;
    case 'all':
      return true;
    case 'list':
      return trust.list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }
  return false;
}

/**
 * The X-Forwarded-For entries, nearest hop last. Node joins repeated headers with ", ", but a raw
 * array is accepted too.
 *
 * @param {string | readonly string[] | undefined} header
 * @returns {string[]}
 */
function forwardedEntries(header) {
  if (header === undefined) {
    return [];
  }
  const joined = typeof header === 'string' ? header : header.join(',');
  return joined.trim() === '' ? [] : joined.split(',');
}

/**
 * The client's address: the socket peer unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is walked from the right (the entry the nearest proxy wrote) past every trusted
 * proxy to the first address that is not one. This is Fastify's (proxy-addr's) walk, with one
 * difference: an entry that is not an IP address ends the walk at the last trusted hop (whose address
 * is then returned), so a proxy that passes a client's junk on never makes junk the client's address.
 *
 * Returns null only when the socket address itself is unknown (the connection is already gone).
 *
 * @param {{ socketAddress: string | undefined, forwardedFor: string | readonly string[] | undefined, trust: import('./client-address.d.mts').TTrustProxy }} input
 * @returns {string | null}
 */
export function clientAddress({ socketAddress, forwardedFor, trust }) {
  let current = normalizeAddress(socketAddress);
  if (current === null) {
    return null;
  }
  const entries = forwardedEntries(forwardedFor);
  for (let index = entries.length - 1; index >= 0 && isTrustedProxy(trust, current); index -= 1) {
    const next = normalizeAddress(entries[index]);
    if (next === null) {
      break;
    }
    current = next;
  }
  return current;
}

/**
 * Headers by which a client could claim an address. server.mjs sets X-Forwarded-For to the address
 * clientAddress() found and removes the others, so no library that prefers one of them can be fooled.
 */
export const CLIENT_ADDRESS_HEADERS = [
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
];

/**
 * Headers only a proxy may set (the address, scheme and port the browser used). Kept from a trusted
 * proxy; from anyone else removed, and Next.js derives them from the Host header and the socket.
 */
export const PROXY_ONLY_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'];

/**
 * Rewrites a Node request's headers in place (server.mjs calls it before Next.js sees the request):
 * X-Forwarded-For becomes the one address clientAddress() found, every other client-address header
 * goes, and the proxy-only headers go unless the peer is a trusted proxy. Returns the address.
 *
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {{ socketAddress: string | undefined, trust: import('./client-address.d.mts').TTrustProxy }} peer
 * @returns {string | null}
 */
export function rewriteClientHeaders(headers, { socketAddress, trust }) {
  const address = clientAddress({ socketAddress, forwardedFor: headers['x-forwarded-for'], trust });
  const peer = normalizeAddress(socketAddress);
  for (const name of CLIENT_ADDRESS_HEADERS) {
    delete headers[name];
  }
  if (peer === null || !isTrustedProxy(trust, peer)) {
    for (const name of PROXY_ONLY_HEADERS) {
      delete headers[name];
    }
  }
  if (address !== null) {
    headers['x-forwarded-for'] = address;
  }
  return address;
}
