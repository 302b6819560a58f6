import { SetMetadata } from '@nestjs/common';
import type { TAudience } from '@madoguchi/shared';

/** Who may call a route: `public` (anyone, signed in or not) or staff roles. */
export type Audience = TAudience;

export const ACCESS_KEY = 'madoguchi:access';

/**
 * The audience metadata the global AccessGuard enforces; it refuses routes that have none. Application
 * routes get it from their contract entry's `access` through @Endpoint (the roles come from the shared
 * policy); this decorator is for routes outside the contract, such as test-only controllers.
 * test/route-access.e2e-spec.ts walks the whole route table against an explicit matrix.
 */
export const Access = (...audiences: [Audience, ...Audience[]]) => SetMetadata(ACCESS_KEY, audiences);
