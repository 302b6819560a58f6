import type { EmbeddedServer } from '../src/embedded';

// globalSetup and globalTeardown run in the same process; this module carries the server between them.
export const testState: { embedded?: EmbeddedServer } = {};
