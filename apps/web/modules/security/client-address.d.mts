// Types of client-address.mjs (plain JavaScript, so server.mjs runs without a build).
import type { IncomingHttpHeaders } from 'node:http';
import type { BlockList } from 'node:net';

/** TRUST_PROXY, read: trust no peer, every peer, or the peers in a list of addresses and ranges. */
export type TTrustProxy =
  { kind: 'none' } | { kind: 'all' } | { kind: 'list'; entries: readonly string[]; list: BlockList };

export function normalizeAddress(raw: string | undefined | null): string | null;
export function parseTrustProxy(value: string | undefined): TTrustProxy;
export function isTrustedProxy(trust: TTrustProxy, address: string): boolean;
export function clientAddress(input: {
  socketAddress: string | undefined;
  forwardedFor: string | readonly string[] | undefined;
  trust: TTrustProxy;
}): string | null;
export function rewriteClientHeaders(
  headers: IncomingHttpHeaders,
  peer: { socketAddress: string | undefined; trust: TTrustProxy },
): string | null;
export const CLIENT_ADDRESS_HEADERS: readonly string[];
export const PROXY_ONLY_HEADERS: readonly string[];
