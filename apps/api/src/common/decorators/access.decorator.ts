import { SetMetadata } from '@nestjs/common';
import type { Role } from '@madoguchi/db';

/** Who may call a route: `public` (anyone, signed in or not) or staff roles. */
export type Audience = 'public' | Role;

export const ACCESS_KEY = 'madoguchi:access';

/**
 * Every route declares its audience with this one decorator; the global AccessGuard enforces it
 * and refuses routes that have none (test/route-access.e2e-spec.ts walks the whole route table).
 *
 *   @Access('public')                       anyone
 *   @Access('counselor', 'supervisor', 'admin')  any signed-in staff
 *   @Access('supervisor', 'admin')
 *   @Access('admin')
 */
export const Access = (...audiences: [Audience, ...Audience[]]) => SetMetadata(ACCESS_KEY, audiences);

export const STAFF: [Role, ...Role[]] = ['counselor', 'supervisor', 'admin'];
export const SUPERVISORS: [Role, ...Role[]] = ['supervisor', 'admin'];
