import type { TStack } from './stack';

// globalSetup and globalTeardown run in the same process; this module carries the stack between them.
export const harnessState: { stack?: TStack } = {};
