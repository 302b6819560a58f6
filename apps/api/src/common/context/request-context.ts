import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '@madoguchi/db';

export type AuthUser = { id: string; email: string; displayName: string; role: Role; sessionId: string };

/** Per-request facts the audit log and services need without threading them through every call. */
export type RequestContext = { requestId: string; ip: string | null; user?: AuthUser };

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return requestContext.getStore();
}

/** The client address as the request context resolved it (behind the trusted-proxy setting), for back-off. */
export function clientIp(): string {
  return currentContext()?.ip ?? 'unknown';
}
